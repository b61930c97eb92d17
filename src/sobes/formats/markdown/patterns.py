"""Markdown banks: line patterns, label words and the small text helpers every pass uses."""

from __future__ import annotations

import re
from collections.abc import Callable

from sobes.formats.base import (
    EMOJI_RE,
    level_from_marker,
    looks_like_question,
    strip_lead,
)
from sobes.markup import inline_plain as _plain
from sobes.model import Level

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


def _unmask(text: str) -> str:
    return text.replace("\x00", "*").replace("\x01", "_")


def _bold_question(text: str, label_next: Callable[[], bool] | None = None) -> tuple[int, str, str] | None:
    """(list indent or -1, raw question, inline answer) for a bold question line."""
    # `**kwargs` inside a bold question must not close the bold: hide code spans' stars while matching.
    masked = _CODE_SPAN_RE.sub(lambda c: c.group(0).replace("*", "\x00").replace("_", "\x01"), text)
    m = _BOLD_Q_RE.match(masked)
    if not m:
        return None
    q, rest = _unmask(m["q"]).strip(), _unmask(m["rest"])
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


