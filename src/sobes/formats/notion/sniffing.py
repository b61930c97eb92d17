"""Is this text a Notion / structured document export?"""

from __future__ import annotations

import re

from sobes.formats import base
from sobes.formats.notion.labelled import MIN_LABELLED, labelled_lines
from sobes.formats.notion.lines import _marker_level
from sobes.formats.notion.patterns import _ANSWER_LABEL_RE, _NUMBERED_RE, _TOGGLES


def sniff(head: bytes, name: str) -> bool:
    """True for ▼-toggle documents, a Junior/Middle/Senior ToC followed by numbered questions,
    or questions numbered with a word ("Питання 12.")."""
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
    if len(labelled_lines(lines, [False] * len(lines))) >= MIN_LABELLED:
        return True
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


