"""The walk over a Notion export: sections, levels, questions and their answer lines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sobes.formats import base
from sobes.formats.notion.answers import _render_answer
from sobes.formats.notion.inline import _split_inline
from sobes.formats.notion.lines import (
    _bold_question,
    _clean_question,
    _clean_title,
    _ends_terminal,
    _is_bare_title,
    _is_list,
    _is_prose,
    _is_toggle,
    _level_in_title,
    _marker_level,
    _norm_clean,
    _norm_title,
    _question_like,
    _starts_lower,
)
from sobes.formats.notion.patterns import (
    _IMPERATIVE_RE,
    _MAX_MARKER,
    _MAX_TITLE,
    _MD_HEADING_RE,
    _NUMBERED_RE,
    _SHORT_CONTINUATION,
)
from sobes.formats.notion.toc import _Toc
from sobes.model import Level, RawItem, Skip


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


