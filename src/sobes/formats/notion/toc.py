"""The table of contents at the top of a Notion export: titles and the levels they name."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from sobes.formats.notion.lines import _clean_title, _is_bare_title, _is_toggle, _marker_level, _norm_title
from sobes.formats.notion.patterns import _BULLET_RE, _NUMBERED_RE, _TOC_TITLE_RE
from sobes.model import Level


@dataclass
class _Entry:
    norm: str
    level: Level | None
    marker: bool


@dataclass
class _Toc:
    entries: list[_Entry] = field(default_factory=list)
    start: int = 0
    end: int = 0
    _at: dict[str, list[int]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for i, e in enumerate(self.entries):
            self._at.setdefault(e.norm, []).append(i)

    @property
    def first_level(self) -> Level | None:
        return next((e.level for e in self.entries if e.marker), None)

    def has(self, norm: str) -> bool:
        return norm in self._at

    def find(self, norm: str, start: int) -> int | None:
        """The next entry at or after ``start`` with this title (or one containing it)."""
        at = self._at.get(norm, [])
        k = bisect_left(at, start)
        if k < len(at):
            return at[k]
        for i in range(start, min(len(self.entries), start + 64)):
            e = self.entries[i]
            if not e.marker and min(len(e.norm), len(norm)) >= 4 and (e.norm in norm or norm in e.norm):
                return i
        return None

    def is_next(self, norm: str, start: int) -> bool:
        """Whether the first section listed at or after ``start`` has this title."""
        nxt = next((e for e in self.entries[start:] if not e.marker), None)
        return nxt is not None and nxt.norm == norm

    def find_marker(self, level: Level, start: int) -> int | None:
        later = [i for i, e in enumerate(self.entries) if e.marker and e.level == level and i >= start]
        return later[0] if later else None


def _find_toc(lines: list[str], code: list[bool]) -> _Toc:
    limit = next(
        (i for i, ln in enumerate(lines) if not code[i] and (_is_toggle(ln.strip()) or _NUMBERED_RE.match(ln))),
        len(lines),
    )
    heading_above_question = limit < len(lines) and not _is_toggle(lines[limit].strip())
    best: list[int] = []
    best_key = (0, False)
    for run in _bare_runs(lines, code, limit):
        entries, titled = _after_toc_title(lines, run)
        if entries and heading_above_question and all(not ln.strip() for ln in lines[entries[-1] + 1 : limit]):
            entries = entries[:-1]  # the line right above the first question is its section's title
        entries = entries[: len(entries) - _repeated_tail(lines, entries)]
        markers = sum(1 for i in entries if _marker_level(_clean_title(_unbullet(lines[i]))))
        key = (markers, titled)
        if len(entries) >= 2 and (markers or titled) and key > best_key:
            best, best_key = entries, key
    if not best:
        return _Toc()
    return _Toc(_toc_entries([lines[i] for i in best]), best[0], best[-1] + 1)


def _repeated_tail(lines: list[str], entries: list[int]) -> int:
    """How many of the run's last lines repeat its first ones: the body's first headings,
    written bare, run on from the table of contents that listed them."""
    norms = [_norm_title(_unbullet(lines[i])) for i in entries]
    for size in range(min(3, len(norms) // 2), 0, -1):
        if norms[-size:] == norms[:size]:
            return size
    return 0


def _bare_runs(lines: list[str], code: list[bool], limit: int) -> list[list[int]]:
    runs: list[list[int]] = [[]]
    for i in range(limit):
        s = lines[i].strip()
        if not s:
            continue
        if not code[i] and _is_bare_title(_unbullet(s)):
            runs[-1].append(i)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def _unbullet(s: str) -> str:
    """A table of contents copied from a list keeps its bullets; the titles are what count."""
    return _BULLET_RE.sub("", s)


def _after_toc_title(lines: list[str], run: list[int]) -> tuple[list[int], bool]:
    """The run's entries after a "Contents" line, and whether it had one."""
    for k, i in enumerate(run):
        if _TOC_TITLE_RE.match(_clean_title(_unbullet(lines[i]))):
            return run[k + 1 :], True
    return run, False


def _toc_entries(titles: list[str]) -> list[_Entry]:
    entries = []
    for t in map(_unbullet, titles):
        level = _marker_level(_clean_title(t))
        entries.append(_Entry(_norm_title(t), level, level is not None))
    # Sections listed before the first level marker belong to the first level.
    level = next((e.level for e in entries if e.marker), None)
    for e in entries:
        level = e.level if e.marker else level
        e.level = level
    return entries


