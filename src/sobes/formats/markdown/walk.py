"""Pass 3: walk the lines once, opening and closing questions and collecting their answers."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from sobes.formats.base import (
    EMPTY,
    LINK_ONLY,
    NO_QUESTION,
    looks_like_question,
    normalize_tag,
    tidy_block,
)
from sobes.formats.markdown.headings import _Role
from sobes.formats.markdown.html import _html_to_md
from sobes.formats.markdown.lines import Key, _details_tokens, _DetailsMap, _is_question_text, _Line
from sobes.formats.markdown.patterns import (
    _BORING,
    _EXT_LINK_ONLY_RE,
    _GENERIC,
    _HASHTAGS_RE,
    _HR_RE,
    _LIST_RE,
    _PLACEHOLDERS,
    _SPACER_RE,
    _TAGS_RE,
    _answer_label,
    _bold_question,
    _clean_question,
    _clean_title,
    _indent,
    _is_label_text,
    _is_nav,
    _key,
    _level_line,
    _plain,
    _q_label,
    _split_inline_answer,
    _summary_text,
    _words,
)
from sobes.model import Level, RawItem, Skip


@dataclass
class _Piece:
    text: str
    code: bool = False
    inline: bool = False  # text that followed a label or a tag on its line: not indented


@dataclass
class _Open:
    line: int
    source: str  # heading, item, bold, list, qlabel, details
    question: list[str]
    level: Level | None
    section: str | None
    indent: int = -1  # list marker column when the question is a list item
    collecting: bool = False  # the question text may continue on the next lines
    html: bool = False
    flat: bool = False  # a list question got an unindented answer paragraph
    nested: bool = False  # a list question got an answer indented under it
    body: list[_Piece] = field(default_factory=list)


_MAX_SUMMARY_LINES = 8


class _Walk:
    """The last pass: at most one question is open; each new question start closes it.

    Headings arrive already classified; bold lines, ``Q:`` labels, list items and
    ``<details>`` tags are recognised here, in document order.
    """

    def __init__(self, lines: list[_Line], roles: dict[int, _Role], details: _DetailsMap) -> None:
        self.lines, self.roles, self.details_map = lines, roles, details
        self.out: list[RawItem | Skip] = []
        self.cur: _Open | None = None
        self.sections: dict[int, str] = {}
        self.level_ctx: tuple[int, Level] | None = None
        self.boring = False  # under "Links", "License", ...: a list there is not a question list
        self.details: list[str] = []  # what each open <details> is, innermost last
        self.details_sections: list[str] = []
        self.pending: Key = (-1, -1)
        self.summary: list[str] | None = None
        self.summary_line = 0

    def run(self) -> list[RawItem | Skip]:
        for n, ln in enumerate(self.lines):
            if ln.hidden:
                continue
            if ln.code:
                if self.cur is not None and self.summary is None:
                    self.cur.collecting = False
                    self.cur.body.append(_Piece(ln.text, code=True))
            elif ln.depth and self.summary is None:
                self._heading(n, ln)
            elif self.summary is not None or _details_tokens(ln.text):
                self._details_line(n, ln)
                if self.summary is not None and ln.no - self.summary_line > _MAX_SUMMARY_LINES:
                    # A <summary> never closed: its first line is all we trust.
                    self.summary = [next((t for t in self.summary if t.strip()), "")]
                    self._tag("/summary", (n, 0), ln.no)
            else:
                self._text(ln.text, ln.no, n)
        self._finish()
        return self.out

    # -- context

    def _section(self) -> str | None:
        if self.details_sections and self.details_sections[-1]:
            return self.details_sections[-1]
        return self.sections[max(self.sections)] if self.sections else None

    def _open(self, line: int, source: str, question: list[str], indent: int = -1) -> _Open:
        self._finish()
        level = self.level_ctx[1] if self.level_ctx else None
        self.cur = _Open(line, source, question, level, self._section(), indent=indent)
        return self.cur

    def _finish(self) -> None:
        cur, self.cur = self.cur, None
        if cur is None:
            return
        raw = " ".join(q.strip() for q in cur.question if q.strip())
        question, level = _clean_question(raw)
        answer, tags = _answer(cur)
        if not question:
            if raw or answer:
                self.out.append(Skip(EMPTY, cur.line, (raw or answer or "")[:80]))
            return
        self.out.append(
            RawItem(
                question=question,
                answer=answer,
                line=cur.line,
                level=level or cur.level,
                section=cur.section,
                tags=tags,
            )
        )

    # -- headings

    def _heading(self, n: int, ln: _Line) -> None:
        role = self.roles.get(n, _Role.SECTION)
        if role is _Role.INNER:
            if self.cur is not None:
                self.cur.body.append(_Piece(ln.text))
            return
        if role is _Role.LABEL:
            if self.cur is not None:
                self.cur.collecting = False
            return
        self._finish()
        self.boring = role is _Role.SECTION and _key(ln.title) in _BORING
        if role in (_Role.QUESTION, _Role.ITEM):
            # A question heading closes any section heading at its own depth or deeper.
            for depth in [d for d in self.sections if d >= ln.depth]:
                del self.sections[depth]
        if role is _Role.QUESTION:
            self._open(ln.no, "heading", [ln.title])
        elif role is _Role.ITEM:
            self._open(ln.no, "item", []).collecting = True
        elif role is _Role.TITLE:
            self.sections.clear()
            self.level_ctx = None
        else:
            self._section_heading(ln, role)

    def _section_heading(self, ln: _Line, role: _Role) -> None:
        for depth in [d for d in self.sections if d >= ln.depth]:
            del self.sections[depth]
        if self.level_ctx and ln.depth <= self.level_ctx[0]:
            self.level_ctx = None
        if role is _Role.LEVEL:
            level = _level_line(ln.title)
            self.level_ctx = (ln.depth, level) if level else None
            return
        title, level = _clean_title(ln.title)
        if title and not set(_words(title)) <= _GENERIC:
            self.sections[ln.depth] = title
        if level:
            self.level_ctx = (ln.depth, level)

    # -- ordinary lines

    def _text(self, text: str, no: int, n: int, inline: bool = False) -> None:
        s = text.strip()
        cur = self.cur
        if not s or _SPACER_RE.match(s):  # "<br/>" lines only space questions apart
            if cur is not None:
                cur.collecting = cur.collecting and not cur.question
                cur.body.append(_Piece(""))
            return
        if _is_nav(s) or _HR_RE.match(text):
            return
        if cur is not None and cur.collecting and self._collect(cur, s, no):
            return
        if cur is not None and self._owns(cur, text):
            cur.nested = cur.nested or cur.indent >= 0
            cur.body.append(_Piece(text, inline=inline))
            return
        if self._question_start(text, s, no, n):
            return
        level = _level_line(s) if not _LIST_RE.match(text) else None
        if level is not None:
            self._finish()
            self.level_ctx = (6, level)  # until the next section heading
            return
        if cur is not None and cur.nested and _indent(text) <= cur.indent:
            # Text back at the list's margin after an indented answer: the list is over.
            self._finish()
            cur = None
        if cur is not None:
            cur.flat = cur.flat or (cur.indent >= 0 and _indent(text) <= cur.indent)
            cur.body.append(_Piece(text, inline=inline))
        elif s.endswith("?") and looks_like_question(s):
            self.out.append(Skip(NO_QUESTION, no, s[:80]))

    def _collect(self, cur: _Open, s: str, no: int) -> bool:
        """Grow a question that spans lines ("Q: ..." or a "### Question 5" body)."""
        rest = _answer_label(s)
        if rest is not None:
            cur.collecting = False
            if rest:
                cur.body.append(_Piece(rest, inline=True))
            return True
        label = _q_label(s)
        if cur.source == "qlabel" and label is not None:
            return False
        if " ".join(cur.question).rstrip().endswith("?"):
            cur.collecting = False
            return False
        if not cur.question:
            cur.line = no  # "### Question 5": the question itself is on this line
        cur.question.append(label if label is not None else s)
        return True

    def _owns(self, cur: _Open, text: str) -> bool:
        """Lines that belong to the open question whatever they look like."""
        if self.details and self.details[-1] in ("question", "answer", "inner"):
            return True
        return cur.indent >= 0 and _indent(text) > cur.indent

    def _question_start(self, text: str, s: str, no: int, n: int) -> bool:
        label = _q_label(s)
        if label is not None:
            question, inline = _split_inline_answer(label)
            cur = self._open(no, "qlabel", [question])
            cur.collecting = not inline
            if inline:
                cur.body.append(_Piece(inline, inline=True))
            return True
        bold = _bold_question(text, lambda: self._label_after(n))
        if bold is not None:
            indent, question, inline = bold
            cur = self._open(no, "bold", [question], indent=indent)
            if inline:
                cur.body.append(_Piece(inline, inline=True))
            return True
        item = _LIST_RE.match(text)
        if item is not None:
            return self._list_question(_indent(text), item.group(2).strip(), s, no)
        # A plain line right above "Answer:" or <summary>Answer</summary> is what it answers,
        # or, before the open question has any answer, the rest of that question.
        if len(s) > 300 or s.endswith(":") or not self._label_after(n):
            return False
        if self.cur is not None and not any(p.text.strip() for p in self.cur.body):
            self.cur.question.append(s)
        else:
            self._open(no, "plain", [s])
        return True

    def _list_question(self, indent: int, content: str, s: str, no: int) -> bool:
        cur = self.cur
        same_list = cur is not None and cur.source == "list" and indent <= cur.indent
        asks = looks_like_question(_plain(content))
        if not content or (cur is not None and not same_list) or (cur is None and not asks):
            return False
        if cur is not None and not asks and cur.flat:
            return False
        reason = LINK_ONLY if _EXT_LINK_ONLY_RE.match(content) else NO_QUESTION if self.boring else None
        if reason is not None:
            if asks:
                self._finish()
                self.out.append(Skip(reason, no, s[:80]))
            return asks
        self._open(no, "list", [content], indent=indent)
        return True

    def _label_after(self, n: int) -> bool:
        if n < 0:
            return False
        for k in range(n + 1, len(self.lines)):
            ln = self.lines[k]
            s = ln.text.strip()
            if ln.hidden or not s:
                continue
            if ln.code:
                return False
            if ln.depth:
                return self.roles.get(k) is _Role.LABEL
            summary = _summary_text(s)
            return _answer_label(s) is not None or (summary is not None and _is_label_text(summary))
        return False

    # -- <details>

    def _details_line(self, n: int, ln: _Line) -> None:
        pos = 0
        for start, end, tag in _details_tokens(ln.text):
            self._fragment(ln.text[pos:start], ln.no, pos > 0)
            self._tag(tag, (n, start), ln.no)
            pos = end
        self._fragment(ln.text[pos:], ln.no, pos > 0)

    def _fragment(self, text: str, no: int, after_tag: bool) -> None:
        if self.summary is not None:
            if text.strip() and not "".join(self.summary).strip():
                self.summary_line = no  # a summary written on the lines below its tag
            self.summary.append(text)
        elif text.strip() and not re.fullmatch(r"\s*(?:[-*+]|\d+[.)])?\s*", text):
            self._text(text, no, -1, inline=after_tag)

    def _tag(self, tag: str, key: Key, no: int) -> None:
        if tag == "details":
            self.details.append("pending")
            self.pending = key
        elif tag == "summary":
            self.summary, self.summary_line = [], no
        elif tag == "/summary" and self.summary is not None:
            text, self.summary = _plain(" ".join(self.summary)), None
            kind = self._details_kind(text)
            if self.details and self.details[-1] == "pending":
                # An unclosed block still gives its question, but not the rest of the file.
                self.details[-1] = "loose" if self.pending in self.details_map.unclosed else kind
        elif tag == "/details" and self.details:
            kind = self.details.pop()
            if kind in ("question", "answer"):
                self._finish()
            elif kind == "section":
                self.details_sections.pop()
            elif kind == "inner" and self.cur is not None:
                self.cur.body.append(_Piece(""))

    def _details_kind(self, summary: str) -> str:
        cur = self.cur
        if _is_label_text(summary):
            if cur is None:
                return "plain"
            cur.collecting, cur.html = False, True
            return "answer"
        if _key(summary) in _BORING:
            return "plain"
        if self.pending in self.details_map.containers:
            self._finish()
            self.details_sections.append(_clean_title(summary)[0])
            return "section"
        if cur is None or _is_question_text(summary):
            self._open(self.summary_line, "details", [summary]).html = True
            return "question"
        cur.body.extend([_Piece(""), _Piece(f"**{summary}**"), _Piece("")])
        return "inner"


# --------------------------------------------------------------------------- answers


def _answer(cur: _Open) -> tuple[str | None, list[str]]:
    tags: list[str] = []
    kept: list[_Piece] = []
    for piece in cur.body:
        found = None if piece.code else _tags(piece.text)
        if found is None:
            kept.append(piece)
        else:
            tags.extend(t for t in found if t not in tags)
    kept = _unquote(_strip_label(kept))
    text = "\n".join(_dedent(kept))
    if cur.html:
        text = _html_to_md(text)
    answer = tidy_block(text.split("\n"))
    if _key(answer) in _PLACEHOLDERS or not re.search(r"\w", answer):
        return None, tags
    return answer or None, tags


def _tags(text: str) -> list[str] | None:
    s = text.strip()
    m = _TAGS_RE.match(s)
    if m:
        value = re.sub(r"[*_`]", "", m["rest"])
        sep = r"[,;]" if re.search(r"[,;]", value) else (r"#" if "#" in value else r"\s+")
        return [t for t in (normalize_tag(p) for p in re.split(sep, value)) if t]
    if _HASHTAGS_RE.match(s):
        return [normalize_tag(p) for p in s.split("#") if p.strip()]
    return None


def _unquote(pieces: list[_Piece]) -> list[_Piece]:
    """An answer written entirely as a blockquote loses the quote."""
    filled = [p for p in pieces if p.text.strip() and not p.inline]
    if not filled or not all(p.text.lstrip().startswith(">") for p in filled):
        return pieces
    return [p if p.inline else _Piece(re.sub(r"^\s*> ?", "", p.text), p.code) for p in pieces]


def _strip_label(pieces: list[_Piece]) -> list[_Piece]:
    for k, piece in enumerate(pieces):
        if not piece.text.strip():
            continue
        rest = None if piece.code else _answer_label(piece.text)
        if rest is None:
            return pieces
        return pieces[:k] + ([_Piece(rest, inline=True)] if rest else []) + pieces[k + 1 :]
    return pieces


def _dedent(pieces: list[_Piece]) -> list[str]:
    """Answers nested in list items lose the list's indentation (inline pieces have none)."""
    indents = [p.text[: len(p.text) - len(p.text.lstrip(" \t"))] for p in pieces if p.text.strip() and not p.inline]
    prefix = os.path.commonprefix(indents) if indents else ""
    out = []
    for p in pieces:
        if p.inline:
            out.append(p.text.strip())
        else:
            out.append(p.text[len(prefix) :] if p.text.startswith(prefix) else p.text.strip())
    return out


