"""Pass 1 over a Markdown bank: prepare lines, mark code, front matter, comments, headings and <details> blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from sobes.formats.base import (
    clean_line,
    looks_like_question,
)
from sobes.formats.markdown.patterns import (
    _ATX_RE,
    _CODE_SPAN_RE,
    _DETAILS_TAG_RE,
    _FENCE_RE,
    _FRONT_KEY_RE,
    _LIST_RE,
    _PRE_OPEN_RE,
    _SETEXT_RE,
    _has_marker,
    _is_label_text,
    _plain,
)


@dataclass
class _Line:
    no: int
    text: str
    code: bool = False  # inside a fence or <pre>, fence lines included
    hidden: bool = False  # front matter, setext underline, HTML comment
    depth: int = 0  # heading depth, 0 when the line is not a heading
    title: str = ""
    in_details: bool = False  # inside a <details> answer, where headings are answer text


def _prepare(text: str) -> list[_Line]:
    raw = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [_Line(n + 1, clean_line(t)) for n, t in enumerate(raw)]
    _hide_front_matter(lines)
    _mark_code(lines)
    _hide_comments(lines)
    _mark_headings(lines)
    return lines


def _hide_front_matter(lines: list[_Line]) -> None:
    if not lines or lines[0].text != "---":
        return
    for n in range(1, min(len(lines), 80)):
        if lines[n].text in ("---", "..."):
            if any(_FRONT_KEY_RE.match(ln.text) for ln in lines[1:n]):
                for ln in lines[: n + 1]:
                    ln.hidden = True
            return


def _mark_code(lines: list[_Line]) -> None:
    # Openers already known to have no closer below: a broken file must not cost O(n²).
    unclosed: set[str] = set()
    n = 0
    while n < len(lines):
        opener = _code_opener(lines[n].text)
        end = -1 if opener is None or opener in unclosed else _code_end(lines, n, opener)
        # An unclosed fence would swallow the rest of the bank; treat it as text instead.
        if end < 0:
            if opener is not None:
                unclosed.add(opener)
            n += 1
            continue
        for ln in lines[n : end + 1]:
            ln.code = True
        n = end + 1


def _code_opener(text: str) -> str | None:
    """The fence (```` ``` ````, ``~~~``) or ``<pre>`` a line opens, if any."""
    fence = _FENCE_RE.match(text)
    if fence and not (fence.group(1)[0] == "`" and "`" in text[fence.end() :]):
        return fence.group(1)
    if _PRE_OPEN_RE.search(text) and "</pre>" not in text.lower():
        return "<pre>"
    return None


def _code_end(lines: list[_Line], start: int, opener: str) -> int:
    if opener == "<pre>":
        return next((k for k in range(start + 1, len(lines)) if "</pre>" in lines[k].text.lower()), -1)
    close = re.compile(rf"^\s*{re.escape(opener[0])}{{{len(opener)},}}\s*$")
    return next((k for k in range(start + 1, len(lines)) if close.match(lines[k].text)), -1)


def _hide_comments(lines: list[_Line]) -> None:
    open_at: _Line | None = None
    for ln in lines:
        if ln.code or ln.hidden:
            continue
        if open_at is not None:
            if "-->" in ln.text:
                ln.text = ln.text.split("-->", 1)[1]
                open_at = None
            else:
                ln.hidden = True
            continue
        ln.text = re.sub(r"<!--.*?-->", "", ln.text)
        if "<!--" in ln.text:
            ln.text = ln.text.split("<!--", 1)[0]
            open_at = ln


def _mark_headings(lines: list[_Line]) -> None:
    for n, ln in enumerate(lines):
        if ln.code or ln.hidden:
            continue
        m = _ATX_RE.match(ln.text)
        if m:
            ln.depth, ln.title = len(m.group(1)), (m.group(2) or "").strip()
        elif n and _SETEXT_RE.match(ln.text):
            prev = lines[n - 1]
            if prev.text.strip() and not (prev.code or prev.hidden or prev.depth or _LIST_RE.match(prev.text)):
                prev.depth, prev.title = 1, prev.text.strip()
                ln.hidden = True


# --------------------------------------------------------------------------- <details>

Key = tuple[int, int]  # (line index, column) of a <details> tag


def _details_tokens(text: str) -> list[tuple[int, int, str]]:
    if "<" not in text:
        return []
    # `<details>` inside inline code is prose about HTML, not a tag.
    masked = _CODE_SPAN_RE.sub(lambda m: " " * len(m.group()), text)
    return [(m.start(), m.end(), m.group(1) + m.group(2).lower()) for m in _DETAILS_TAG_RE.finditer(masked)]


def _is_question_text(text: str) -> bool:
    return bool(text) and not _is_label_text(text) and (looks_like_question(text) or _has_marker(text))


@dataclass
class _Frame:
    key: Key
    start: int
    summary: list[str] | None = None
    questions_inside: bool = False


class _DetailsMap(NamedTuple):
    containers: set[Key]  # <details> that group questions: sections
    unclosed: set[Key]  # <details> never closed: they must not own the rest of the file


def _scan_details(lines: list[_Line]) -> _DetailsMap:
    """Find <details> blocks that group questions (sections), and mark lines inside answers."""
    containers: set[Key] = set()
    stack: list[_Frame] = []
    collecting: _Frame | None = None
    for n, ln in enumerate(lines):
        if ln.code or ln.hidden:
            continue
        if ln.depth and stack and looks_like_question(_plain(ln.title)):
            stack[-1].questions_inside = True  # outer blocks learn it when this one closes
        pos = 0
        for start, end, tag in _details_tokens(ln.text):
            if collecting is not None and collecting.summary is not None:
                collecting.summary.append(ln.text[pos:start])
            pos = end
            if tag == "details":
                stack.append(_Frame((n, start), n))
            elif tag == "summary" and stack and stack[-1].summary is None:
                collecting = stack[-1]
                collecting.summary = []
            elif tag == "/summary":
                collecting = None
            elif tag == "/details" and stack:
                _close_frame(stack.pop(), stack, lines, n, containers)
        if collecting is not None and collecting.summary is not None:
            collecting.summary.append(ln.text[pos:])
    return _DetailsMap(containers, {frame.key for frame in stack})


def _close_frame(frame: _Frame, stack: list[_Frame], lines: list[_Line], end: int, out: set[Key]) -> None:
    summary = _plain(" ".join(frame.summary or []))
    is_question = _is_question_text(summary)
    if not is_question and not _is_label_text(summary) and frame.questions_inside:
        out.add(frame.key)
    else:
        for ln in lines[frame.start + 1 : end]:
            ln.in_details = True
    if stack and (is_question or frame.key in out):
        stack[-1].questions_inside = True


