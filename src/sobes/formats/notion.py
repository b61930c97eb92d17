"""Notion pages (and documents shaped like them): ▼ section toggles, a Junior/Middle/Senior
table of contents, numbered questions with Markdown answers.

A Notion page copied or exported as text keeps its structure only loosely: toggles become
``▼ Title`` lines, the table of contents becomes a run of short bare lines with the level
names among them, and the PDF such pages often pass through splits sentences at page
breaks into separate paragraphs. The table of contents is read first; the body is then
walked with a pointer into it, so a section title that repeats under every level
("Machine Learning") gets the level it was listed under.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from sobes.formats import base
from sobes.model import Level, RawItem, Skip

NAME = "notion"
DESCRIPTION = "Notion / structured document export (▼ sections, Junior/Middle/Senior table of contents)"

_TOGGLES = "▼▾▶►"
_NUMBERED_RE = re.compile(r"^(?:[-*•+]\s+)?(\*\*)?\s*(\d{1,3})[.)]\s+(\S.*)$")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+(.+?)\s*#*$")
_LIST_RE = re.compile(r"^(?:[-*•+]\s|\d{1,3}[.)]\s)")
_URL_RE = re.compile(r"https?://|www\.|\]\(", re.I)
_LINK_ONLY_RE = re.compile(r"^\[([^\]]+)\]\([^)]*\)$")
_STAR_RUN_RE = re.compile(r"\*{2,}")
_BOLD_LEAD_RE = re.compile(r"^\*\*(.+?)\*\*")
_ITALIC_RE = re.compile(r"(?<![*\w])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![*\w])")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
_WORD_RE = re.compile(r"[^\W_]+")
_SPACES_RE = re.compile(r"\s+")
_BULLET_RE = re.compile(r"^\s*[-*•]\s+")
_TERMINAL = ".!?:;…"
_TRAILING_MARKUP = "*_\"'»”’ \t"

_LEVEL_WORDS = {
    Level.JUNIOR: r"junior|intern|trainee|джуніор|джуниор|джун|стажер|стажёр|стажист",
    Level.MIDDLE: r"middle|мідл|мидл",
    Level.SENIOR: r"senior|lead|principal|сеньйор|сеньор|синьор|сениор|синьйор",
}
# A whole line that names a level: "Junior", "Middle+", "Senior level", "Рівень Middle".
_MARKER_RES = {
    level: re.compile(
        r"^(?:(?:level|grade|рівень|уровень|грейд|для|питання для|вопросы для|questions for)\s+)?"
        rf"(?:{words})(?:\s*\+|\s*[-–]?\s*(?:level|рівень|уровень|questions|питання|вопросы))?$",
        re.I,
    )
    for level, words in _LEVEL_WORDS.items()
}
_ANY_LEVEL_RE = re.compile("|".join(_LEVEL_WORDS.values()), re.I)
_LEVEL_IN_TITLE_RES = {level: re.compile(rf"\b(?:{words})\b", re.I) for level, words in _LEVEL_WORDS.items()}
_TOC_TITLE_RE = re.compile(
    r"^(?:теми питань|темы вопросов|теми|темы|зміст|содержание|оглавление|розділи|разделы|"
    r"contents|table of contents|topics|sections)\s*:?$",
    re.I,
)
# Words that continue a question rather than answer it: "… Наведіть приклади.", "Будь ласка, …".
_IMPERATIVE_RE = re.compile(
    r"^(?:будь ласка|пожалуйста|please|наведіть|наведи|обґрунтуйте|обгрунтуйте|опишіть|поясніть|"
    r"розкажіть|вкажіть|назвіть|перелічіть|перерахуйте|порівняйте|покажіть|аргументуйте|запропонуйте|"
    r"приведите|обоснуйте|опишите|объясните|поясните|расскажите|укажите|назовите|перечислите|"
    r"сравните|покажите|аргументируйте|предложите|намалюйте|нарисуйте|напишіть|напишите|реалізуйте|"
    r"реализуйте|обговоріть|обсудите|озвучте|оцініть|оцените|спроєктуйте|спроектируйте|give|provide|"
    r"describe|explain|justify|list|name|compare|show|illustrate|discuss|elaborate|draw|write|"
    r"implement|design|sketch|outline)\b",
    re.I,
)
_DEFINITION_RE = re.compile(r"^[^.?!]{1,100}?\s[—–]\s|^[^.?!]{1,100}?\s-\s(?:це|это)\b", re.I)
_ANSWER_LABEL_RE = re.compile(r"^\**(?:відповідь|ответ|answer)\**\s*[:.—-]\s*\**\s*", re.I)
# Words too common to show that an answer opens with a term the question asked about.
_STOPWORDS = frozenset(
    "the and for is in it an as at by on to of or we для при про або или что що как які какие це на по до "
    "за из то не та як чи но а".split()
)
_LONG_REMAINDER = 80  # characters after a question's last '?' that can only be an answer
_SHORT_CONTINUATION = 150  # a question's continuation after a page break is one short sentence
_LABEL = 40  # a "Label:" closing a task's line and heading its answer
_MAX_TITLE = 80  # longer lines are never section titles
_MAX_MARKER = 40  # nor level markers
_SPECIAL_START = _TOGGLES + "#*_-•+>|$`[<"


# ---------------------------------------------------------------------------- sniffing


def sniff(head: bytes, name: str) -> bool:
    """True for ▼-toggle documents or a Junior/Middle/Senior ToC followed by numbered questions."""
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    if text.lstrip()[:1] in ("{", "["):
        return False
    lines = [ln.strip() for ln in text.splitlines()]
    if _telegram_signals(lines):
        return False
    toggles = sum(1 for ln in lines if len(ln) > 2 and ln[0] in _TOGGLES and ln[1] == " ")
    if toggles >= 2:
        return True
    if _markdown_bank_signals(lines):
        return False
    marker_at = [i for i, ln in enumerate(lines) if _marker_level(ln.strip("*").rstrip(":"))]
    numbered_at = [i for i, ln in enumerate(text.splitlines()) if _NUMBERED_RE.match(ln)]
    levels = {_marker_level(lines[i].strip("*").rstrip(":")) for i in marker_at}
    return len(levels) >= 2 and len(numbered_at) >= 3 and marker_at[0] < numbered_at[-1]


def _telegram_signals(lines: list[str]) -> bool:
    if any(ln.lower() in ("download telegram", "please open telegram to view this post") for ln in lines):
        return True
    reactions = sum(1 for ln in lines if ln and not ln.isdigit() and base.parse_reactions(ln) is not None)
    handles = sum(1 for ln in lines if re.fullmatch(r"@[A-Za-z][A-Za-z0-9_]{3,}", ln))
    return reactions >= 2 or handles >= 2


def _markdown_bank_signals(lines: list[str]) -> bool:
    if any(ln.lower().startswith(("<details", "<summary")) for ln in lines):
        return True
    if any(_ANSWER_LABEL_RE.match(ln) and ln.startswith("**") for ln in lines):
        return True
    return sum(1 for ln in lines if ln.startswith("### ")) >= 2


# ---------------------------------------------------------------------------- line helpers


def _marker_level(title: str) -> Level | None:
    """The level a whole line names ("Junior", "Senior level"), if it names nothing else."""
    s = title.strip()
    if len(s) > _MAX_MARKER or not _ANY_LEVEL_RE.search(s):
        return None
    for level, rx in _MARKER_RES.items():
        if rx.match(s):
            return level
    return None


def _level_in_title(title: str) -> Level | None:
    for level, rx in _LEVEL_IN_TITLE_RES.items():
        if rx.search(title):
            return level
    return None


def _clean_title(s: str) -> str:
    s = s.strip().lstrip(_TOGGLES).strip()
    m = _MD_HEADING_RE.match(s)
    if m:
        s = m.group(1)
    link = _LINK_ONLY_RE.match(s)
    if link:
        s = link.group(1)
    s = s.replace("**", "").replace("__", "").strip()
    return _SPACES_RE.sub(" ", s).rstrip(":").strip()


def _norm_title(s: str) -> str:
    return _norm_clean(_clean_title(s))


def _norm_clean(title: str) -> str:
    """The comparable form of an already cleaned title."""
    return title.lower().replace("’", "'").rstrip(".").strip()


def _ends_terminal(s: str) -> bool:
    s = s.rstrip(_TRAILING_MARKUP)
    return bool(s) and s[-1] in _TERMINAL


def _starts_lower(s: str) -> bool:
    return bool(s) and s[0].isalpha() and s[0].islower()


def _is_list(s: str) -> bool:
    return bool(_LIST_RE.match(s))


def _is_toggle(s: str) -> bool:
    return len(s) > 1 and s[0] in _TOGGLES


def _is_prose(s: str) -> bool:
    """A line of answer text that cannot open a section or a question: a bullet that is not
    a numbered question, or a long plain line without '?'."""
    if s[0] in "-*•+" and s[1:2] == " ":
        return not s[2:3].isdigit()
    return len(s) > _MAX_TITLE and s[0] not in _SPECIAL_START and not s[0].isdigit() and not s.endswith("?")


def _is_bare_title(s: str) -> bool:
    """A short bare line that can be a table-of-contents entry or a section title."""
    if _LINK_ONLY_RE.match(s):
        return True
    if not s or len(s) > _MAX_TITLE or len(s.split()) > 10 or s[0] in "-*•+>$`|<![#" or _is_list(s):
        return False
    return not _URL_RE.search(s) and s.rstrip("*")[-1:] not in ".?!:;,"


def _question_like(body: str) -> bool:
    """A numbered line that reads as a question rather than a step of an answer's list."""
    plain = body.replace("**", "")
    if "?" in plain:
        return True
    if body.startswith("**"):
        inner = body[2:].split("**", 1)[0].rstrip()
        return not inner.endswith(":")
    return _opens_question(plain.strip())


def _balance_bold(s: str) -> str:
    """Drop the one stray ``**`` a Notion copy leaves when bold spans a page break."""
    if s.count("**") % 2 == 0:
        return s
    if s.rstrip().endswith("**"):
        return s.rstrip()[:-2].rstrip()
    if s.startswith("**"):
        return s[2:]
    at = s.rfind("**")
    return s[:at] + s[at + 2 :]


def _bold_question(s: str) -> bool:
    """``**Question?**`` (possibly followed by its answer on the same line), or a whole bold
    line that opens like a question or a task (``**Поясніть, як працює X.**``)."""
    m = _BOLD_LEAD_RE.match(s)
    if m is None:
        return False
    inner = m.group(1).strip()
    if inner.endswith("?"):
        return True
    whole = m.end() >= len(s.rstrip("* "))
    return whole and not inner.endswith(":") and ("?" in inner or _opens_question(inner))


def _opens_question(s: str) -> bool:
    word = _WORD_RE.search(s)
    return (word is not None and word.group(0).lower() in base.STRONG_OPENERS) or bool(_IMPERATIVE_RE.match(s))


def _clean_question(q: str) -> str:
    q = q.replace("**", "")
    if "*" in q:
        q = _ITALIC_RE.sub(r"\1", q)
    q = _SPACES_RE.sub(" ", q).strip()
    return q.rstrip(":").strip()


# ---------------------------------------------------------------------------- one-line Q + A


def _split_inline(body: str) -> tuple[str, str | None]:
    """Split ``Q? Answer…`` or ``**Q?** Answer…`` written on one line into question and answer."""
    body = _balance_bold(body.strip())
    if body.startswith("**"):
        run = _STAR_RUN_RE.search(body, 2)
        if run is not None:
            close = run.end() - 2  # in "***" the first star closes an italic inside the bold
            return _split_bold(body[2:close].strip(), body[close + 2 :].strip())
    at = body.rfind("?")
    if at < 0:
        return _split_statement(body)
    head, rest = body[: at + 1], body[at + 1 :]
    if rest.startswith("**"):
        head, rest = head + "**", rest[2:]
    return _split_remainder(head, rest)


def _split_statement(body: str) -> tuple[str, str | None]:
    """A task without '?' ("Опишіть X. X — це …") is split only where a definition of a
    term it names begins, or before a closing label that heads the answer ("Часові ряди:")."""
    for m in _SENTENCE_END_RE.finditer(body):
        head, rest = body[: m.start()], body[m.end() :]
        if _DEFINITION_RE.match(rest) and _shares_term(head, rest):
            return head, rest
    parts = _SENTENCE_END_RE.split(body)
    if len(parts) >= 2 and parts[-1].endswith(":") and len(parts[-1]) <= _LABEL and not _continues(parts[-1]):
        return " ".join(parts[:-1]), parts[-1]
    return body, None


def _split_bold(inner: str, tail: str) -> tuple[str, str | None]:
    if not tail:
        return inner, None
    at = inner.rfind("?")
    after = inner[at + 1 :].strip() if at >= 0 else ""
    # "**Q? Term** — це …": the bold ran on into the answer's first words.
    if after and not _continues(after) and _answer_like(inner[: at + 1], f"{after} {tail}"):
        return inner[: at + 1], f"**{after}** {tail}"
    # Bold that closes on a whole question marks where the question ends.
    return _split_remainder(inner, tail, closed=_ends_terminal(inner))


def _continues(sentence: str) -> bool:
    """A sentence that carries on a question: an imperative, or another question."""
    s = sentence.lstrip("*( ").strip()
    return s.endswith("?") or _opens_question(s)


def _split_remainder(question: str, rest: str, *, closed: bool = False) -> tuple[str, str | None]:
    """Text after a question on its line: what carries the question on joins it, the rest is
    the answer if it reads like one (or if ``closed``: the question's end was marked)."""
    rest = rest.strip()
    if not any(ch.isalpha() for ch in rest):
        return (question + rest).strip(), None
    sentences = _SENTENCE_END_RE.split(rest)
    while sentences and _continues(sentences[0]) and not _DEFINITION_RE.match(sentences[0]):
        question = f"{question} {sentences.pop(0)}"
    rest = " ".join(sentences).strip()
    if not rest:
        return question, None
    if closed or _answer_like(question, rest):
        return question, _ANSWER_LABEL_RE.sub("", rest, count=1)
    return f"{question} {rest}", None


def _answer_like(question: str, rest: str) -> bool:
    """Whether text after a question's last '?' answers it: a label, a definition, a long
    passage, or a sentence that opens with a term the question asked about."""
    if _ANSWER_LABEL_RE.match(rest) or _DEFINITION_RE.match(rest) or len(rest) >= _LONG_REMAINDER:
        return True
    return _shares_term(question, rest)


def _shares_term(question: str, rest: str) -> bool:
    """Whether ``rest`` opens with a word the question used (allowing for inflection)."""
    words = _WORD_RE.findall(rest.lower())
    if not words or len(words[0]) < 2 or words[0] in _STOPWORDS:
        return False
    stem = words[0][:5]
    return any(w.startswith(stem) for w in _WORD_RE.findall(question.lower()) if len(w) >= len(stem))


# ---------------------------------------------------------------------------- table of contents


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


# ---------------------------------------------------------------------------- the walk


@dataclass
class _Heading:
    title: str
    level: Level | None
    marker: bool
    bare: bool


@dataclass
class _Start:
    number: int | None
    body: str
    style: str  # numbered | bold | plain | titled


@dataclass
class _Open:
    question: str
    line: int
    number: int | None
    answer: list[tuple[str, bool]] = field(default_factory=list)  # (line, inside code)


def _titled_question(title: str) -> _Start | None:
    """A toggle or heading whose title is a question (``▼ 3. Що таке X?``) is a card."""
    m = _NUMBERED_RE.match(title)
    if m is not None:
        return _Start(int(m.group(2)), m.group(3), "titled")
    return _Start(None, title, "titled") if title.endswith("?") else None


@dataclass
class _Walker:
    lines: list[str]
    code: list[bool]
    toc: _Toc
    pointer: int = 0
    level: Level | None = None
    section: str | None = None
    mode: str | None = None  # how the current section writes its questions
    last_number: int = 0
    inner: int = 0  # last number of the open answer's own numbered list
    inner_qlike: bool = False
    fresh: bool = True  # nothing but blank lines since the last heading
    open: _Open | None = None

    def run(self) -> Iterator[RawItem | Skip]:
        self.level = self.toc.first_level
        start = self._body_start()
        yield from self._preamble_skips(start)
        i, lines, code = start, self.lines, self.code
        while i < len(lines):
            s = lines[i].strip()
            if code[i] or not s or (self.open is not None and _is_prose(s)):
                self._add(i)  # the bulk of a document: answer text, blank lines, code
                i += 1
                continue
            heading = None if s[0].isdigit() else self._heading_at(i)  # "3. …" never heads a section
            found = self._question_at(i) if heading is None else None
            if heading is not None or found is not None:
                done = self._flush()
                if done is not None:
                    yield done
            if heading is not None:
                self._enter(heading)
                i += 1
            elif found is not None:
                i = self._open_question(i, found)
            else:
                if self.open is None and s.endswith("?") and base.looks_like_question(s):
                    yield Skip(base.FILLER, i + 1, s[:80])  # a question-like line outside any card
                self._add(i)
                i += 1
        done = self._flush()
        if done is not None:
            yield done

    # -- where the body starts, and what comes before it

    def _body_start(self) -> int:
        if self.toc.entries:
            return self.toc.end
        for i, raw in enumerate(self.lines):
            s = raw.strip()
            if self.code[i] or not s:
                continue
            if _is_toggle(s) or _MD_HEADING_RE.match(s) or _marker_level(_clean_title(s)):
                return i
            if _NUMBERED_RE.match(raw):
                prev = self._prev_nonblank(i)
                if prev is not None and self._standalone(prev) and _is_bare_title(self.lines[prev].strip()):
                    return prev
                return i
        return len(self.lines)

    def _preamble_skips(self, start: int) -> Iterator[Skip]:
        for i in range(start):
            if (self.toc.entries and self.toc.start <= i < self.toc.end) or self.code[i]:
                continue
            s = self.lines[i].strip()
            if s.endswith("?") and base.looks_like_question(s):
                yield Skip(base.FILLER, i + 1, s[:80])

    # -- headings

    def _heading_at(self, i: int) -> _Heading | None:
        s = self.lines[i].strip()
        if _is_toggle(s) or (s[0] == "#" and _MD_HEADING_RE.match(s)):
            title = _clean_title(s)
            if not title or title.endswith("?") or _NUMBERED_RE.match(title):
                return None  # a toggle whose title is a question is a card, not a section
            level = _marker_level(title)
            return _Heading(title, level, level is not None, bare=False)
        if len(s) > _MAX_TITLE or s.rstrip("*")[-1:] in ".?!,;" or _is_list(s) or _bold_question(s):
            return None  # sentences, list items and questions never head a section
        level = _marker_level(_clean_title(s)) if len(s) <= _MAX_MARKER + 4 else None  # "**Junior:**"
        if level is not None:
            return _Heading(_clean_title(s), level, True, bare=True)
        if not _is_bare_title(s) or not self._standalone(i):
            return None
        title = _clean_title(s)
        norm, follows = _norm_clean(title), self._question_follows(i)
        # A bare line is a section title when the ToC lists it (and it is the next section, or
        # questions follow), or when it stands right above a new numbering.
        listed = self.toc.has(norm) and (follows or self.toc.is_next(norm, self.pointer))
        if listed or (follows and not _starts_lower(s) and self._new_numbering_follows(i)):
            return _Heading(title, None, False, bare=True)
        return None

    def _new_numbering_follows(self, i: int) -> bool:
        """A title-like line right above a question numbered 1 opens a section the
        document did not list (and did not mark with ▼)."""
        j = self._next_nonblank(i)
        m = _NUMBERED_RE.match(self.lines[j]) if j is not None else None
        if m is None or int(m.group(2)) != 1 or not _question_like((m.group(1) or "") + m.group(3)):
            return False
        if self.open is None:
            return self.section is None
        return self.last_number >= 1

    def _enter(self, h: _Heading) -> None:
        self.mode, self.last_number, self.inner, self.fresh = None, 0, 0, True
        if h.marker:
            assert h.level is not None
            self.level = h.level
            at = self.toc.find_marker(h.level, self.pointer)
            self.pointer = at + 1 if at is not None else self.pointer
            self.section = None if h.bare else h.title
            return
        at = self.toc.find(_norm_title(h.title), self.pointer)
        if at is not None:
            self.pointer = at + 1
            self.level = self.toc.entries[at].level or self.level
        else:
            self.level = _level_in_title(h.title) or self.level
        self.section = h.title

    # -- questions

    def _question_at(self, i: int) -> _Start | None:
        raw = self.lines[i]
        s = raw.strip()
        if _is_toggle(s) or (s[0] == "#" and _MD_HEADING_RE.match(s)):
            return _titled_question(_clean_title(s))
        m = _NUMBERED_RE.match(raw)  # indented numbers belong to an answer's own list
        if m is not None:
            body = (m.group(1) or "") + m.group(3)
            number = int(m.group(2))
            return _Start(number, body, "numbered") if self._numbered_is_question(number, body) else None
        if _bold_question(s) and self.mode in (None, "bold"):
            return _Start(None, s, "bold")
        if not (self._prev_blank(i) or self.fresh) or _is_list(s):
            return None
        plain = s.rstrip("*").rstrip()
        if plain.endswith("?") and len(s) <= 300 and (self.fresh or self.mode == "plain"):
            return _Start(None, s, "plain")
        return None

    def _numbered_is_question(self, n: int, body: str) -> bool:
        """Numbering in these documents is loose (restarts, skips, "15. 14. 15."), so the
        sequence only decides together with how the line reads."""
        qlike = _question_like(body)
        if self.open is None:
            return True
        if self.mode == "plain" and n == 1 and self.last_number == 0 and body.rstrip("* ").endswith("?"):
            self.mode = "numbered"  # the unnumbered '?' line under the heading was its intro
            return True
        if self.mode in ("bold", "plain", "titled"):
            question = False  # questions here are not numbered, so numbers are the answer's list
        elif self.inner and n == self.inner + 1:
            question = n == self.last_number + 1 and qlike and not self.inner_qlike
        elif n == 1 and self.last_number > 1:
            question = False  # a list restarting inside an answer
        else:
            question = n == self.last_number + 1 or qlike
        if not question:
            self.inner, self.inner_qlike = n, self.inner_qlike or qlike
        return question

    def _open_question(self, i: int, start: _Start) -> int:
        question, head = _split_inline(start.body)
        j = i + 1
        if head is None:
            question, j = self._extend_question(question, j)
        self.open = _Open(question, i + 1, start.number)
        if head:
            self.open.answer.append((head, False))
        self.mode = self.mode or start.style
        self.last_number = start.number if start.number is not None else self.last_number
        self.inner, self.inner_qlike, self.fresh = 0, False, False
        return j

    def _extend_question(self, question: str, j: int) -> tuple[str, int]:
        """Take in the rest of a question: lines right below it that carry it on, and one
        or two paragraphs after a page break ("Будь ласка, опишіть ваш досвід.")."""
        n = len(self.lines)
        while j < n and not self.code[j] and self.lines[j].strip():
            s = self.lines[j].strip()
            if _is_list(s) or _is_toggle(s) or not self._carries_on(question, s, direct=True):
                break
            question, j = f"{question} {s}", j + 1
        for _ in range(2):
            k = self._next_nonblank(j - 1)
            if k is None or k == j or self.code[k] or not self._paragraph_is_one_line(k):
                break
            s = self.lines[k].strip()
            if _is_list(s) or _is_toggle(s) or not self._carries_on(question, s, direct=False):
                break
            question, j = f"{question} {s}", k + 1
        return question, j

    def _carries_on(self, question: str, s: str, *, direct: bool) -> bool:
        if s[0] in "$`|>#[<":
            return False
        if not _ends_terminal(question) and _starts_lower(s):
            return _marker_level(_clean_title(s)) is None
        if direct:
            return bool(_IMPERATIVE_RE.match(s))
        short = len(s) <= _SHORT_CONTINUATION
        stray_bold = s.endswith("**") and s.count("**") % 2 == 1
        sentence = s.rstrip("*").rstrip()[-1:] in ".?!"
        return short and (stray_bold or (sentence and bool(_IMPERATIVE_RE.match(s))))

    # -- answers

    def _add(self, i: int) -> None:
        if self.open is not None:
            self.open.answer.append((self.lines[i], self.code[i]))
        elif self.lines[i].strip():
            self.fresh = False

    def _flush(self) -> RawItem | Skip | None:
        """The question collected so far as a card, closing it."""
        item, self.open = self.open, None
        if item is None:
            return None
        question = _clean_question(item.question)
        if not question:
            return Skip(base.EMPTY, item.line, item.question[:80])
        return RawItem(
            question=question,
            answer=_render_answer(item.answer),
            line=item.line,
            level=self.level,
            section=self.section,
            extra={"number": item.number} if item.number is not None else {},
        )

    # -- neighbours

    def _prev_blank(self, i: int) -> bool:
        return i == 0 or not self.lines[i - 1].strip()

    def _standalone(self, i: int) -> bool:
        nxt = i + 1 >= len(self.lines) or not self.lines[i + 1].strip()
        return self._prev_blank(i) and nxt

    def _next_nonblank(self, i: int) -> int | None:
        j = i + 1
        while j < len(self.lines) and not self.lines[j].strip():
            j += 1
        return j if j < len(self.lines) else None

    def _prev_nonblank(self, i: int) -> int | None:
        j = i - 1
        while j >= 0 and not self.lines[j].strip():
            j -= 1
        return j if j >= 0 else None

    def _paragraph_is_one_line(self, k: int) -> bool:
        return k + 1 >= len(self.lines) or not self.lines[k + 1].strip() or self._starts_something(k + 1)

    def _starts_something(self, k: int) -> bool:
        s = self.lines[k].strip()
        return _is_toggle(s) or bool(_NUMBERED_RE.match(self.lines[k]))

    def _question_follows(self, i: int) -> bool:
        j = self._next_nonblank(i)
        if j is None or self.code[j]:
            return False
        s = self.lines[j].strip()
        return self._starts_something(j) or _bold_question(s)


# ---------------------------------------------------------------------------- answer text


@dataclass
class _Block:
    kind: str  # text | list | code | math | other
    lines: list[str]


def _blocks(answer: list[tuple[str, bool]]) -> list[_Block]:
    """Paragraphs of an answer; a fenced code block is one block, blank lines and all."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for text, in_code in answer:
        if in_code:
            if current is None or current.kind != "code":
                current = _Block("code", [])
                blocks.append(current)
            current.lines.append(text)
            if len(current.lines) > 1 and text.strip().startswith(("```", "~~~")):
                current = None  # the closing fence
            continue
        if not text.strip():
            current = None
            continue
        if current is None or current.kind == "code":
            current = _Block(_block_kind(text.strip()), [])
            blocks.append(current)
        current.lines.append(text)
    return blocks


def _block_kind(s: str) -> str:
    if _is_list(s):
        return "list"
    if s.startswith("$$"):
        return "math"
    if s[0] in "|>#<":
        return "other"
    return "text"


def _continues_block(prev: _Block, nxt: _Block) -> bool:
    """A page break split one sentence into two paragraphs."""
    if prev.kind not in ("text", "list") or nxt.kind != "text":
        return False
    last, first = prev.lines[-1].strip(), nxt.lines[0].strip()
    if _ends_terminal(last):
        return False
    fragment = prev.kind == "text" and len(prev.lines) == 1 and len(last) <= 3 and last.isalpha()
    return _starts_lower(first) or first.startswith(("— ", "– ")) or last.endswith(",") or fragment


def _render_answer(answer: list[tuple[str, bool]]) -> str | None:
    merged: list[_Block] = []
    for block in _blocks(answer):
        if merged and _continues_block(merged[-1], block):
            prev = merged[-1]
            prev.lines[-1] = f"{prev.lines[-1].rstrip()} {block.lines[0].strip()}"
            prev.lines.extend(block.lines[1:])
        else:
            merged.append(block)
    if not merged:
        return None
    indent = min(
        (len(ln) - len(ln.lstrip()) for b in merged if b.kind != "code" for ln in b.lines if ln.strip()),
        default=0,
    )
    # Blocks hold no blank lines but inside code, and prose lines were already trimmed
    # on reading, so joining them is all the tidying left to do.
    text = "\n\n".join(
        "\n".join(b.lines if b.kind == "code" or not indent else [ln[indent:] for ln in b.lines]) for b in merged
    )
    text = _ANSWER_LABEL_RE.sub("", text, count=1).strip("\n")
    return text or None


# ---------------------------------------------------------------------------- entry point


def _code_mask(lines: list[str]) -> list[bool]:
    """Which lines sit inside fenced code (fences included); an unclosed fence is plain text."""
    fences = [i for i, ln in enumerate(lines) if ln.strip().startswith(("```", "~~~"))]
    mask = [False] * len(lines)
    for a, b in zip(fences[::2], fences[1::2], strict=False):
        for i in range(a, b + 1):
            mask[i] = True
    return mask


def parse(text: str, name: str) -> Iterator[RawItem | Skip]:
    """Cards from a Notion-style document; see the module docstring for the shape it expects."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    code = _code_mask(lines)
    lines = [ln if code[i] else base.clean_line(ln) for i, ln in enumerate(lines)]
    yield from _Walker(lines, code, _find_toc(lines, code)).run()
