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

from collections.abc import Iterator

from sobes.formats.markdown.headings import _heading_roles
from sobes.formats.markdown.lines import _prepare, _scan_details
from sobes.formats.markdown.sniffing import sniff
from sobes.formats.markdown.walk import _Walk
from sobes.model import RawItem, Skip

NAME = "markdown"
DESCRIPTION = "Markdown question bank (**Question?** / ### Question + **Answer:** / <details><summary>)"

__all__ = ["DESCRIPTION", "NAME", "parse", "sniff"]


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
