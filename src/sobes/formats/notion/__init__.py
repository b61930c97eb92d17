"""Notion pages (and documents shaped like them): ▼ section toggles, a Junior/Middle/Senior
table of contents, numbered questions with Markdown answers.

A Notion page copied or exported as text keeps its structure only loosely: toggles become
``▼ Title`` lines, the table of contents becomes a run of short bare lines with the level
names among them, and the PDF such pages often pass through splits sentences at page
breaks into separate paragraphs. The table of contents is read first; the body is then
walked with a pointer into it, so a section title that repeats under every level
("Machine Learning") gets the level it was listed under.
"""



from __future__ import annotations

from collections.abc import Iterator

from sobes.formats import base
from sobes.formats.notion.labelled import MIN_LABELLED, labelled_lines, parse_labelled
from sobes.formats.notion.sniffing import sniff
from sobes.formats.notion.toc import _find_toc
from sobes.formats.notion.walk import _Walker
from sobes.model import RawItem, Skip

NAME = "notion"
DESCRIPTION = (
    "Notion / structured document export (▼ sections, Junior/Middle/Senior table of contents, "
    "\"Питання 12.\"-numbered questions)"
)

__all__ = ["DESCRIPTION", "NAME", "parse", "sniff"]


def _code_mask(lines: list[str]) -> list[bool]:
    """Which lines sit inside fenced code (fences included); an unclosed fence is plain text."""
    fences = [i for i, ln in enumerate(lines) if ln.strip().startswith(("```", "~~~"))]
    mask = [False] * len(lines)
    for a, b in zip(fences[::2], fences[1::2], strict=False):
        for i in range(a, b + 1):
            mask[i] = True
    return mask


def parse(text: str, name: str) -> Iterator[RawItem | Skip]:
    """Cards from a Notion-style document; see the module docstring for the shape it expects."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    code = _code_mask(lines)
    lines = [ln if code[i] else base.clean_line(ln) for i, ln in enumerate(lines)]
    labelled = labelled_lines(lines, code)
    if len(labelled) >= MIN_LABELLED:
        yield from parse_labelled(lines, code, labelled)
        return
    yield from _Walker(lines, code, _find_toc(lines, code)).run()
