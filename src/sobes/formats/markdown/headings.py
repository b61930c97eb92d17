"""Pass 2: decide what each heading is (a question, a section, a level, an answer label, furniture)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from sobes.formats.base import (
    looks_like_question,
)
from sobes.formats.markdown.lines import _is_question_text, _Line
from sobes.formats.markdown.patterns import (
    _BARE_DETAILS_RE,
    _BORING,
    _HR_RE,
    _ITEM_HEAD_RE,
    _LIST_RE,
    _SPACER_RE,
    _TAGS_RE,
    _answer_label,
    _bold_question,
    _clean_question,
    _has_marker,
    _is_label_text,
    _is_nav,
    _key,
    _level_line,
    _plain,
    _q_label,
    _summary_text,
)


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


