"""Markdown question banks as people keep them on GitHub.

A bank mixes a few shapes, often in one file:

* ``**Question?**`` bold lines (also ``1. **Q?**``, ``- **Q?** inline answer``);
* ``### Question`` headings, with or without ``**Answer:**`` / ``Ответ:`` / ``A:`` labels;
* ``<details><summary>Question</summary> answer </details>`` blocks, or a question
  followed by ``<details><summary>Answer</summary>``;
* ``Q:`` / ``A:`` pairs;
* plain lists of questions without answers.

Headings that are not questions become the ``section`` of the questions under them;
Junior/Middle/Senior headings and 👶/⭐️/🚀 markers set the ``level``. Answers stay
Markdown: code fences are copied verbatim and never read as structure.

The parser works in three passes over the lines: mark code and front matter, decide
what every heading is (question, section, level, ...), then walk the lines once.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from sobes.formats.base import (
    EMOJI_RE,
    EMPTY,
    LINK_ONLY,
    LOST_EMOJI,
    NO_QUESTION,
    clean_line,
    level_from_marker,
    looks_like_question,
    normalize_tag,
    parse_reactions,
    strip_lead,
    tidy_block,
)
from sobes.model import Level, RawItem, Skip

NAME = "markdown"
DESCRIPTION = "Markdown question bank (**Question?** / ### Question + **Answer:** / <details><summary>)"

# --------------------------------------------------------------------------- line patterns

_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
_ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_RE = re.compile(r"^ {0,3}=+[ \t]*$")
_HR_RE = re.compile(r"^ {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$")
_LIST_RE = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.*)$")
_FRONT_KEY_RE = re.compile(r"^[\w-]+\s*:")
_DETAILS_TAG_RE = re.compile(r"<(/?)(details|summary)\b[^>]*>", re.I)
_SUMMARY_RE = re.compile(r"<summary[^>]*>(.*?)(?:</summary>|$)", re.I)
_BARE_DETAILS_RE = re.compile(r"^(?:[-*+]\s+)?<details[^>]*>$", re.I)
_SPACER_RE = re.compile(r"^(?:<br\s*/?>|&nbsp;|\\)+$", re.I)
_CODE_SPAN_RE = re.compile(r"`+[^`]*`+")
_PRE_OPEN_RE = re.compile(r"<pre[\s>]", re.I)

_MD_ANCHOR = r"!?\[[^\]]*\]\(#[^)]*\)"
_HTML_ANCHOR = r"<a\s[^>]*?(?:href\s*=\s*[\"']#|name\s*=|id\s*=)[^>]*>.*?</a>"
_ANCHOR_RE = re.compile(f"{_MD_ANCHOR}|{_HTML_ANCHOR}", re.I)
_NAV_LEFTOVER_RE = re.compile(r"</?[a-zA-Z][^>]*>|[\d\s\-*+|·•,.:;()\[\]>#⬆↑⇧^_]")
_EXT_LINK_ONLY_RE = re.compile(r"^\[[^\]]+\]\((?!#)[^)]+\)\W*$")

_ANSWER_WORDS = r"answers|answer|ans|a|ответ|відповідь|solution|решение|рішення"
_ANSWER_LABEL_RE = re.compile(
    rf"^\s*>?\s*[*_]{{0,2}}\s*(?:{_ANSWER_WORDS})\s*[*_]{{0,2}}\s*:[*_]{{0,2}}\s*(?P<rest>.*)$", re.I
)
_INLINE_ANSWER_RE = re.compile(rf"(?<=\?)[*_]*\s+[*_]{{0,2}}(?:{_ANSWER_WORDS})\s*[*_]{{0,2}}:[*_]{{0,2}}", re.I)
_ANSWER_BOLD_RE = re.compile(rf"^\s*>?\s*(?:\*\*|__)\s*(?:{_ANSWER_WORDS})\s*(?:\*\*|__)\s*$", re.I)
_Q_WORDS = r"q|question|вопрос|питання|запитання"
_Q_LABEL_RE = re.compile(
    rf"^\s*(?:[-*+]\s+)?[*_]{{0,2}}(?:{_Q_WORDS})(?:\s*№?\s*\d+)?\s*[*_]{{0,2}}\s*:[*_]{{0,2}}\s*(?P<rest>.*)$",
    re.I,
)
_Q_NUM_RE = re.compile(r"^\s*(?:[-*+]\s+)?[*_]{0,2}q\d+[.)][*_]{0,2}\s+(?P<rest>.*)$", re.I)
_TAGS_RE = re.compile(r"^[>\s*_-]*(?:tags|теги|тэги|мітки)[*_]*\s*:[*_]*\s*(?P<rest>.*)$", re.I)
_HASHTAGS_RE = re.compile(r"^(?:#[\w-]+\s*)+$")
_ITEM_HEAD_RE = re.compile(rf"^(?:{_Q_WORDS}|задача|задание|завдання|task|problem)\s*№?\s*#?\d+[.:)]?$", re.I)
_BOLD_Q_RE = re.compile(
    r"^(?P<ind>\s*)(?P<mark>(?:[-*+]|\d+[.)])\s+)?(?P<pre>[^\w\s*_<\[`]{1,4}\s*)?"
    r"(?:\*\*|__)[*_]*(?P<q>[^*_\s].*?)[*_]*(?:\*\*|__)(?P<rest>.*)$"
)
_NUMBER_ONLY_RE = re.compile(rf"(?:(?:{_Q_WORDS})\s*)?№?\s*#?\d+[.:)]?", re.I)
_PREFIX_RE = re.compile(
    rf"^(?:(?:{_Q_WORDS}|задача|задание|завдання|task|problem)\s*№?\s*#?\d+\s*[:.)\-–—]?"
    rf"|(?:{_Q_WORDS})\s*[:.)]|\d+(?:\.\d+)+\.?(?=\s)|\d+(?:\.\d+)*[.)]|№\s*\d+[.)]?)\s*",
    re.I,
)

# Difficulty markers. Words count only as a tag ("[Junior]", "(easy)", "Hard: ...",
# "... — medium"), so "What is a hard-margin SVM?" keeps its level unknown.
_LEVEL_WORD = (
    r"(?:junior|middle|senior|easy|medium|hard|джун\w*|мидл\w*|мідл\w*|сеньй?ор\w*"
    r"|легк\w*|средн\w*|середн\w*|сложн\w*|складн\w*)"
)
_LEVEL_WORD_RE = re.compile(_LEVEL_WORD, re.I)
_TAIL_MARK_RE = re.compile(r"(?:\s*(?:👶|🚀|⭐\ufe0f?))+\s*$")
_LEAD_MARK_RE = re.compile(rf"^\s*(?:👶|🚀|⭐\ufe0f?|[\[(]\s*{_LEVEL_WORD}\+?\s*[\])])+", re.I)
_MARK_RES = [
    re.compile("👶|🚀|⭐\ufe0f?"),
    re.compile(rf"[\[(]\s*{_LEVEL_WORD}\+?\s*[\])]|`{_LEVEL_WORD}`", re.I),
    re.compile(rf"^\s*{_LEVEL_WORD}\s*[:|\-–—]\s+", re.I),
    re.compile(rf"\s+[|\-–—]\s*{_LEVEL_WORD}\s*$|(?<=\?)\s*{_LEVEL_WORD}\s*$", re.I),
]
# "[E] ... / [M] ... / [H] ..." as in Chip Huyen's ML interviews book; capitals in brackets only.
_LETTER_MARK_RE = re.compile(r"\[\s*([EMH])\s*\]")
_LETTER_LEVELS = {"E": Level.JUNIOR, "M": Level.MIDDLE, "H": Level.SENIOR}
_LEVEL_FILLER = frozenset(
    "level levels questions question вопросы вопросов питання запитання уровень рівень для for"
    " position позиция позиції grade грейд".split()
)

# Summaries and headings that announce the answer rather than ask anything.
_LABEL_CORE = frozenset("answer answers ans ответ ответы відповідь відповіді solution решение рішення".split())
_LABEL_FILL = frozenset(
    "show see reveal click to the view here expand посмотреть показать показати переглянути подивитись"
    " раскрыть розгорнути".split()
)
_EXPANDERS = frozenset(["click to expand", "expand", "раскрыть", "розгорнути"])

# What banks write where an answer is still missing.
_PLACEHOLDERS = frozenset(
    ["answer here", "todo", "tbd", "tba", "coming soon", "wip", "ответ здесь", "скоро", "відповідь тут"]
)

# Section names that say nothing about the topic ("Questions & Answers", "Вопросы").
_GENERIC = frozenset(
    "questions question answers answer and q a interview interviews common top frequently asked"
    " вопросы вопрос ответы и с на собеседовании собеседования собеседование питання відповіді та з"
    " на співбесіді співбесіди".split()
)

# Headings every README has; they are never questions, whatever their neighbours are.
_BORING = frozenset(
    "contents, table of contents, toc, содержание, оглавление, зміст, license, licence, лицензия, ліцензія,"
    " contributing, contribute, contributors, credits, acknowledgements, acknowledgments, references,"
    " resources, links, useful links, ссылки, посилання, полезные ссылки, корисні посилання, источники,"
    " джерела, about, introduction, intro, preface, введение, вступ, how to use, usage, todo, changelog,"
    " disclaimer, authors, support, contact, contacts, контакты, контакти, literature, литература,"
    " література, books, книги".split(", ")
)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text.lower())


def _key(text: str) -> str:
    return " ".join(_words(text))


def _indent(text: str) -> int:
    stripped = text.lstrip(" \t")
    return len(text[: len(text) - len(stripped)].expandtabs(4))


def _is_nav(s: str) -> bool:
    """A line made only of links to anchors: a ToC entry or a "back to top" link."""
    rest, n = _ANCHOR_RE.subn("", s)
    return n > 0 and not _NAV_LEFTOVER_RE.sub("", EMOJI_RE.sub("", rest))


def _is_label_text(text: str) -> bool:
    words = _words(text)
    if " ".join(words) in _EXPANDERS:
        return True
    return (
        bool(words)
        and len(words) <= 4
        and any(w in _LABEL_CORE for w in words)
        and all(w in _LABEL_CORE or w in _LABEL_FILL for w in words)
    )


def _answer_label(s: str) -> str | None:
    """The text after an answer label at the start of a line, or None if there is no label."""
    if _ANSWER_BOLD_RE.match(s):
        return ""
    m = _ANSWER_LABEL_RE.match(s)
    return m["rest"].strip() if m else None


def _q_label(s: str) -> str | None:
    m = _Q_LABEL_RE.match(s) or _Q_NUM_RE.match(s)
    return m["rest"].strip() if m else None


def _split_inline_answer(text: str) -> tuple[str, str]:
    """ "What is X?** A: it is ..." -> ("What is X?**", "it is ...")."""
    m = _INLINE_ANSWER_RE.search(text)
    return (text[: m.start()], text[m.end() :].strip()) if m else (text, "")


def _summary_text(s: str) -> str | None:
    m = _SUMMARY_RE.search(s)
    return _plain(m.group(1)) if m else None


def _level_line(s: str) -> Level | None:
    """The level named by a line such as "Junior", "**Middle:**" or "Вопросы для Senior"."""
    words = _words(_plain(s))
    if not words or len(words) > 5:
        return None
    named = {level_from_marker(w) for w in words if _LEVEL_WORD_RE.fullmatch(w)}
    if len(named) != 1 or not all(w in _LEVEL_FILLER or _LEVEL_WORD_RE.fullmatch(w) for w in words):
        return None
    return named.pop()


# --------------------------------------------------------------------------- plain text


def _plain(text: str) -> str:
    """Inline Markdown/HTML reduced to plain text (code spans keep their content)."""
    parts = re.split(r"(`+[^`]*`+)", text)
    out: list[str] = []
    for n, part in enumerate(parts):
        if n % 2:
            out.append(part.strip("`"))
            continue
        part = re.sub(r"<br\s*/?>", " ", part, flags=re.I)
        part = re.sub(r"</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>", "", part)
        part = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", part)
        part = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", part)
        part = re.sub(r"\{#[\w-]+\}", "", part)
        part = part.replace("**", "").replace("__", "")
        part = re.sub(r"(?<!\w)[*_](?=\S)(.+?)(?<=\S)[*_](?!\w)", r"\1", part)
        out.append(html.unescape(part))
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _take_markers(text: str) -> tuple[Level | None, str]:
    """Strip difficulty markers from a question or title; return the level they name."""
    level: Level | None = None
    for rx in _MARK_RES:
        for m in rx.finditer(text):
            level = level or level_from_marker(m.group(0))
        text = rx.sub(" ", text)
    letter = _LETTER_MARK_RE.search(text)
    if letter:
        level = level or _LETTER_LEVELS[letter.group(1)]
        text = _LETTER_MARK_RE.sub(" ", text)
    return level, re.sub(r"\s+", " ", text).strip()


def _clean_question(raw: str) -> tuple[str, Level | None]:
    level, s = _take_markers(_plain(raw))
    s = strip_lead(_PREFIX_RE.sub("", strip_lead(s)))
    # "Q2: Easy: what is ...": the marker only leads once the numbering is gone.
    later, s = _take_markers(s)
    return strip_lead(s).strip(" *_|–—-").strip(), level or later


def _clean_title(raw: str) -> tuple[str, Level | None]:
    text, level = _clean_question(raw)
    return text.rstrip(":").strip(), level


def _has_marker(text: str) -> bool:
    return _take_markers(text)[0] is not None


def _bold_question(text: str, label_next: Callable[[], bool] | None = None) -> tuple[int, str, str] | None:
    """(list indent or -1, raw question, inline answer) for a bold question line."""
    m = _BOLD_Q_RE.match(text)
    if not m:
        return None
    q, rest = m["q"].strip(), m["rest"]
    if rest.startswith("?"):
        q, rest = q + "?", rest[1:]
    if _NUMBER_ONLY_RE.fullmatch(q):  # "**1.** What is ...?"
        q, rest = rest.strip(), ""
    marks = _LEAD_MARK_RE.match(rest)
    if not _take_markers(rest)[1].strip(" *_"):
        q, rest = f"{q} {rest}", ""
    elif marks:
        q, rest = f"{q} {marks.group(0)}", rest[marks.end() :]
    raw = (m["pre"] or "") + q
    question = _clean_question(raw)[0]
    if len(question.split()) < 2 or q.rstrip("*_ ").endswith(":"):
        return None
    indent = len(m["ind"]) if m["mark"] else -1
    inline = re.sub(r"^\s*[:—–-]?\s*", "", rest) if rest.strip(" *_") else ""
    if inline:
        # A marker at the end of the line still belongs to the question, not the answer.
        tail = _TAIL_MARK_RE.search(inline)
        if tail:
            raw, inline = f"{raw} {tail.group(0)}", inline[: tail.start()]
        return (indent, raw, inline) if question.endswith("?") else None
    asks = question.endswith("?") or looks_like_question(question) or _has_marker(raw)
    return (indent, raw, "") if asks or (label_next is not None and label_next()) else None


# --------------------------------------------------------------------------- pass 1: lines


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


# --------------------------------------------------------------------------- pass 2: headings


class _Role(Enum):
    QUESTION = "question"
    SECTION = "section"
    LEVEL = "level"
    TITLE = "title"
    ITEM = "item"  # "### Question 5": the question is the first paragraph below
    LABEL = "label"  # "#### Answer"
    INNER = "inner"  # a heading inside an answer


_STRONG = {"q", "item", "structured", "level"}


@dataclass(eq=False)
class _Head:
    idx: int
    depth: int
    title: str
    end: int = 0
    parent: _Head | None = None
    children: list[_Head] = field(default_factory=list)
    own: str = ""  # what the heading says about itself: q, item, label, level, boring, structured, ""
    prose: bool = False
    strong_below: bool = False
    role: _Role = _Role.SECTION


class _Shape(NamedTuple):
    """What the text under a heading (up to the next heading) looks like."""

    questions: int = 0  # bold, Q: and <details> questions
    list_questions: int = 0
    prose: bool = False
    label_first: bool = False  # it opens with an answer label
    question_first: bool = False  # it opens with a question of its own


def _is_furniture(s: str) -> bool:
    """Lines that say nothing about what a heading is: links to anchors, rules, tags, a bare tag."""
    return _is_nav(s) or bool(_HR_RE.match(s) or _TAGS_RE.match(s) or _BARE_DETAILS_RE.match(s) or _SPACER_RE.match(s))


def _is_strong_question(ln: _Line) -> bool:
    s = ln.text.strip()
    summary = _summary_text(s)
    return _q_label(s) is not None or bool(_bold_question(ln.text)) or bool(summary and _is_question_text(summary))


def _body_shape(head: _Head, lines: list[_Line]) -> _Shape:
    questions, list_questions, prose, label_first, question_first = 0, 0, False, False, False
    for ln in lines[head.idx + 1 : head.end]:
        s = ln.text.strip()
        if ln.hidden or not s or (not ln.code and _is_furniture(s)):
            continue
        strong = not ln.code and _is_strong_question(ln)
        if not prose:
            summary = _summary_text(s)
            label_first = not ln.code and (
                _answer_label(s) is not None or (summary is not None and _is_label_text(summary))
            )
            question_first = strong
        prose = True
        item = None if ln.code else _LIST_RE.match(ln.text)
        if strong:
            questions += 1
        elif item and looks_like_question(_plain(item.group(2))):
            list_questions += 1
    return _Shape(questions, list_questions, prose, label_first, question_first)


def _own(head: _Head, lines: list[_Line]) -> str:
    title = _plain(head.title)
    if _is_label_text(title):
        return "label"
    if _level_line(title) is not None:
        return "level"
    if _key(title) in _BORING:
        return "boring"
    if _ITEM_HEAD_RE.fullmatch(title):
        return "item"
    shape = _body_shape(head, lines)
    head.prose = shape.prose
    text, _ = _clean_question(title)
    if shape.label_first or _has_marker(title):
        return "q"
    # A heading directly followed by questions names their section, even if it asks something.
    if shape.question_first:
        return "structured"
    if text.endswith("?"):
        return "q"
    if shape.questions:
        return "structured"
    if looks_like_question(text) and shape.list_questions < 2:
        return "q"
    return "structured" if shape.list_questions else ""


def _build_heads(lines: list[_Line]) -> tuple[list[_Head], list[_Head]]:
    heads = [
        _Head(n, ln.depth, ln.title)
        for n, ln in enumerate(lines)
        if ln.depth and not (ln.in_details or ln.code or ln.hidden)
    ]
    top: list[_Head] = []
    stack: list[_Head] = []
    for k, head in enumerate(heads):
        head.end = heads[k + 1].idx if k + 1 < len(heads) else len(lines)
        while stack and stack[-1].depth >= head.depth:
            stack.pop()
        head.parent = stack[-1] if stack else None
        (head.parent.children if head.parent else top).append(head)
        stack.append(head)
    return heads, top


class _Siblings:
    """Vote among leaf headings at one depth under one parent: are they questions?"""

    def __init__(self, top: list[_Head]) -> None:
        self.top = top
        self.cache: dict[tuple[int, int], bool] = {}

    def vote(self, head: _Head) -> bool:
        if not head.prose:
            return False  # an empty heading that asks nothing is not a card
        key = (id(head.parent), head.depth)
        if key not in self.cache:
            group = head.parent.children if head.parent else self.top
            self.cache[key] = self._count(head, group)
        return self.cache[key]

    @staticmethod
    def _count(head: _Head, group: list[_Head]) -> bool:
        sibs = [
            s
            for s in group
            if s.depth == head.depth
            and s.own not in ("label", "level", "boring")
            and all(c.own == "label" for c in s.children)
        ]
        if len(sibs) < 2:
            return False
        questions = sum(1 for s in sibs if s.own in ("q", "item"))
        if questions:
            return questions * 2 >= len(sibs)
        # "Every heading at the level that repeats under a section": topic cards with prose.
        return head.parent is not None and all(s.own == "" and s.prose for s in sibs)


def _decide(head: _Head, siblings: _Siblings) -> _Role:
    kids = [c for c in head.children if c.own != "label"]
    if head.own == "label":
        return _Role.LABEL
    if head.own == "level":
        return _Role.LEVEL
    if head.own == "boring":
        return _Role.SECTION
    if kids:
        if head.strong_below or head.own != "q":
            return _Role.SECTION
        return _Role.QUESTION
    if head.own == "item":
        return _Role.ITEM
    if head.own == "q":
        return _Role.QUESTION
    if head.own == "structured":
        return _Role.SECTION
    return _Role.QUESTION if siblings.vote(head) else _Role.SECTION


def _heading_roles(lines: list[_Line]) -> dict[int, _Role]:
    roles = {n: _Role.INNER for n, ln in enumerate(lines) if ln.depth and ln.in_details}
    heads, top = _build_heads(lines)
    for head in reversed(heads):
        head.own = _own(head, lines)
        if head.own == "" and head.children and head.children[0].own == "label" and not head.prose:
            head.own = "q"  # "### Topic" directly followed by "#### Answer"
    siblings = _Siblings(top)
    for head in reversed(heads):
        head.strong_below = any(c.own in _STRONG or c.strong_below for c in head.children)
        head.role = _decide(head, siblings)
    for head in heads:
        parent = head.parent
        if parent and parent.role in (_Role.QUESTION, _Role.INNER) and head.role is not _Role.LABEL:
            head.role = _Role.INNER
    h1 = [h for h in heads if h.depth == 1]
    if len(h1) == 1 and heads[0] is h1[0] and h1[0].role is _Role.SECTION:
        h1[0].role = _Role.TITLE  # the document's name, not a section of it
    roles.update({h.idx: h.role for h in heads})
    return roles


# --------------------------------------------------------------------------- pass 3: the walk


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


# --------------------------------------------------------------------------- simple HTML

_PRE_RE = re.compile(r"<pre[^>]*>\s*(?:<code(?P<attrs>[^>]*)>)?(?P<body>.*?)(?:</code>\s*)?</pre>", re.S | re.I)
_HTML_CODE_RE = re.compile(r"<code[^>]*>(.*?)</code>", re.S | re.I)
_HTML_TAG_RE = re.compile(r"<(/?)(p|br|b|strong|i|em|ul|ol|li)\b[^>]*?/?>", re.I)
_BLOCK_TAGS = {"p", "br", "ul", "ol", "li"}


def _html_to_md(text: str) -> str:
    """Simple HTML in a <details> answer as Markdown; fenced code stays untouched."""
    out: list[str] = []
    chunk: list[str] = []
    fence = ""
    for line in text.split("\n"):
        m = _FENCE_RE.match(line)
        if not fence and not m:
            chunk.append(line)
            continue
        if not fence and m:
            out.append(_html_chunk("\n".join(chunk)))
            chunk, fence = [], m.group(1)[0]
        elif m and m.group(1)[0] == fence and not line.strip().strip(fence):
            fence = ""
        out.append(line)
    out.append(_html_chunk("\n".join(chunk)))
    return "\n".join(out)


def _html_chunk(text: str) -> str:
    kept: list[str] = []

    def keep(value: str) -> str:
        kept.append(value)
        return f"\x00{len(kept) - 1}\x00"

    def pre(m: re.Match[str]) -> str:
        lang = re.search(r"(?:language|lang)-([\w+#-]+)", m["attrs"] or "")
        body = html.unescape(m["body"]).strip("\n")
        return keep(f"\n```{lang.group(1) if lang else ''}\n{body}\n```\n")

    text = _PRE_RE.sub(pre, text)
    # A <br> inside a Markdown table cell is the only way to break a line there.
    text = re.sub(r"(?m)^\s*\|.*$", lambda m: keep(m.group(0)), text)
    text = _HTML_CODE_RE.sub(lambda m: keep(f"`{html.unescape(m.group(1))}`"), text)
    text = _html_tags(text)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)


def _html_tags(text: str) -> str:
    out: list[str] = []
    lists: list[int | None] = []  # an <ol> counter or None for <ul>, innermost last
    pos, prev = 0, ""
    for m in _HTML_TAG_RE.finditer(text):
        segment, tag, closing = text[pos : m.start()], m.group(2).lower(), m.group(1) == "/"
        pos = m.end()
        # Whitespace that only lays out the HTML source is not content.
        if not segment.strip() and (tag in _BLOCK_TAGS or prev in _BLOCK_TAGS):
            segment = ""
        out.append(segment.lstrip() if prev == "li" else segment)
        prev = "" if closing else tag
        if tag in ("b", "strong"):
            out.append("**")
        elif tag in ("i", "em"):
            out.append("*")
        elif tag == "br":
            out.append("\n")
        elif tag == "p":
            out.append("\n\n")
        elif tag in ("ul", "ol"):
            if closing and lists:
                lists.pop()
            elif not closing:
                lists.append(0 if tag == "ol" else None)
            out.append("\n")
        elif tag == "li" and not closing:
            out.append("\n" + "  " * max(len(lists) - 1, 0) + _bullet(lists))
    out.append(text[pos:])
    return "".join(out)


def _bullet(lists: list[int | None]) -> str:
    if lists and lists[-1] is not None:
        lists[-1] += 1
        return f"{lists[-1]}. "
    return "- "


# --------------------------------------------------------------------------- the face

_MD_EXT = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
_DATA_EXT = (".json", ".jsonl", ".ndjson", ".csv", ".tsv")
_TELEGRAM_MARKS = ("Download Telegram", "Please open Telegram to view this post")
_CSV_HEADER_RE = re.compile(r"^\ufeff?\"?\w[\w ]*\"?(?:[,;\t]\"?\w[\w ]*\"?)+$")


def _is_data(text: str) -> bool:
    s = text.lstrip()
    if s.startswith("{") or re.match(r"\[\s*[{\"\]]", s):
        return True
    first = s.split("\n", 1)[0].strip()
    return bool(_CSV_HEADER_RE.match(first)) and any(w in first.lower() for w in ("question", "вопрос", "питання"))


def _is_telegram(text: str, lines: list[str]) -> bool:
    if any(mark in text for mark in _TELEGRAM_MARKS):
        return True
    reactions = 0
    for line in lines:
        found = parse_reactions(line) if len(line) < 40 else None
        reactions += bool(found and set(found) - {LOST_EMOJI})
    return reactions >= 2


def _has_bank_structure(lines: list[str]) -> bool:
    headings = question_heads = labels = bold = qa = details = listed = 0
    fence = False
    for line in lines:
        if _FENCE_RE.match(line):
            fence = not fence
        if fence:
            continue
        s = line.strip()
        m = _ATX_RE.match(line)
        if m:
            headings += 1
            question_heads += _plain(m.group(2) or "").endswith("?")
        labels += bool(re.match(r"^>?\s*(?:\*\*|__)", s) and _answer_label(s) is not None)
        bold += bool(_bold_question(line) and "?" in s)
        qa += _q_label(s) is not None
        details += "<summary" in s.lower()
        item = _LIST_RE.match(line)
        listed += bool(item and _plain(item.group(2)).endswith("?"))
    return (
        details >= 2 or bold >= 3 or (headings >= 2 and (labels >= 2 or question_heads >= 3 or qa >= 3 or listed >= 5))
    )


def sniff(head: bytes, name: str) -> bool:
    """Whether a file is a Markdown question bank.

    Args:
        head: The first 64 KiB of the file.
        name: The file's name; ``.md``/``.markdown`` count unless the text is plainly
            something else (a Telegram dump, a Notion export with ▼ toggles, JSON, CSV).

    Returns:
        True when this module should parse the file.
    """
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    lower = name.lower()
    if lower.endswith(_DATA_EXT) or _is_data(text):
        return False
    lines = text.splitlines()
    # Notion exports keep their toggles as "▼ " lines; the notion format reads those.
    if any(line.lstrip().startswith("▼ ") for line in lines) or _is_telegram(text, lines):
        return False
    return lower.endswith(_MD_EXT) or _has_bank_structure(lines)


def parse(text: str, name: str) -> Iterator[RawItem | Skip]:
    """Questions (with answers, sections, levels, tags) from a Markdown question bank.

    Args:
        text: The whole document.
        name: The file's name (unused: a bank's structure is all in its text).

    Yields:
        A ``RawItem`` per question, in document order, and a ``Skip`` for every
        question-like line that does not become a card.
    """
    lines = _prepare(text)
    details = _scan_details(lines)
    roles = _heading_roles(lines)
    yield from _Walk(lines, roles, details).run()
