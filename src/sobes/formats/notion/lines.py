"""Small judgements about one line of a Notion export: titles, levels, questions."""

from __future__ import annotations

from sobes.formats import base
from sobes.formats.notion.patterns import (
    _ANY_LEVEL_RE,
    _BOLD_LEAD_RE,
    _IMPERATIVE_RE,
    _ITALIC_RE,
    _LEVEL_IN_TITLE_RES,
    _LINK_ONLY_RE,
    _LIST_RE,
    _MARKER_RES,
    _MAX_MARKER,
    _MAX_TITLE,
    _MD_HEADING_RE,
    _SPACES_RE,
    _SPECIAL_START,
    _TERMINAL,
    _TOGGLES,
    _TRAILING_MARKUP,
    _URL_RE,
    _WORD_RE,
)
from sobes.model import Level


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


