"""Is this text a Markdown question bank (and not data, a Telegram page or a plain README)?"""

from __future__ import annotations

import re

from sobes.formats.base import (
    LOST_EMOJI,
    parse_reactions,
)
from sobes.formats.markdown.patterns import (
    _ATX_RE,
    _FENCE_RE,
    _LIST_RE,
    _answer_label,
    _bold_question,
    _plain,
    _q_label,
)

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


