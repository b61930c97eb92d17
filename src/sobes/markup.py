"""Markdown (and the LaTeX inside it) reduced to plain text: one place for the markup rules
that importers (titles, list items) and search snippets (answer passages) both need."""

from __future__ import annotations

import html
import re

_CODE_SPAN = re.compile(r"(`+[^`]*`+)")
_BREAK = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ANCHOR = re.compile(r"\{#[\w-]+\}")  # a heading id: "## Dropout {#dropout}"
_EMPHASIS = re.compile(r"(?<!\w)[*_](?=\S)(.+?)(?<=\S)[*_](?!\w)")
_BLOCK_MARK = re.compile(r"(?m)^\s*(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_MATH = re.compile(r"\$+")
_TEX_CMD = re.compile(r"\\([A-Za-z]+)(?:\s+(?=[A-Za-z]))?")
_TEX_BRACES = re.compile(r"[{}]")


def inline_plain(text: str) -> str:
    """Inline Markdown/HTML as plain text on one line: links keep their words, images and
    tags go, emphasis marks go, code spans keep their content, entities are decoded."""
    out: list[str] = []
    for n, part in enumerate(_CODE_SPAN.split(text)):
        if n % 2:
            out.append(part.strip("`"))
            continue
        part = _BREAK.sub(" ", part)
        part = _TAG.sub("", part)
        part = _IMAGE.sub("", part)
        part = _LINK.sub(r"\1", part)
        part = _ANCHOR.sub("", part)
        part = part.replace("**", "").replace("__", "")
        part = _EMPHASIS.sub(r"\1", part)
        out.append(html.unescape(part))
    return re.sub(r"\s+", " ", "".join(out)).strip()


def plain(markdown: str) -> str:
    """A whole answer as plain text: block marks (headings, quotes, list bullets), inline
    markup and LaTeX commands dropped (`\\beta` → `beta`, `\\frac{a}{b}` → `a/b`)."""
    text = inline_plain(_BLOCK_MARK.sub("", markdown))
    text = _MATH.sub("", text)
    text = _TEX_CMD.sub(r"\1", text).replace("}{", "/")
    return _TEX_BRACES.sub("", text)
