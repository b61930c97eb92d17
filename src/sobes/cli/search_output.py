"""Rendering search results in the terminal."""

from __future__ import annotations

import html
import re
from typing import Any

from rich import box
from rich.markup import escape
from rich.table import Table

from sobes.cli.output import console
from sobes.search.hit import Hit

_MARK_RE = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)

TOPIC_NAMES = {
    "ml": "Machine Learning", "dl": "Deep Learning", "nlp": "NLP", "cv": "Computer Vision",
    "rl": "Reinforcement Learning", "recsys": "Recommender Systems", "stats": "Statistics",
    "mlops": "MLOps", "python": "Python", "algorithms": "Algorithms", "career": "Career",
    "general": "General",
}


def rich_snippet(snippet: str) -> str:
    """A snippet's HTML (escaped text + <mark>) as Rich markup with the matches highlighted."""
    out: list[str] = []
    pos = 0
    for m in _MARK_RE.finditer(snippet):
        out.append(escape(html.unescape(snippet[pos:m.start()])))
        out.append(f"[bold yellow]{escape(html.unescape(m.group(1)))}[/bold yellow]")
        pos = m.end()
    out.append(escape(html.unescape(snippet[pos:])))
    return "".join(out)


def variant_label(variant: dict[str, Any]) -> str:
    """'004 · Middle · Deep Learning · uk': where else the question appears."""
    source = str(variant.get("source") or "?")
    parts = [source.split("_")[0] if re.match(r"^\d+_", source) else source.rsplit(".", 1)[0] or source]
    if variant.get("level"):
        parts.append(str(variant["level"]).capitalize())
    parts.append(TOPIC_NAMES.get(str(variant.get("topic")), str(variant.get("topic"))))
    if variant.get("lang"):
        parts.append(str(variant["lang"]))
    return " · ".join(parts)


def hits_table(query: str, hits: list[Hit]) -> None:
    if not hits:
        console.print(f"nothing found for {escape(query)!r}")
        return
    table = Table(box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False, show_lines=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("id", no_wrap=True, style="dim")
    table.add_column("card", ratio=1)
    table.add_column("topic", no_wrap=True)
    table.add_column("level", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    for i, hit in enumerate(hits, 1):
        text = rich_snippet(hit.snippet)
        if hit.also_in:
            text += "\n[dim]also in: " + escape("; ".join(variant_label(v) for v in hit.also_in)) + "[/dim]"
        c = hit.card
        table.add_row(str(i), escape(c.id), text, str(c.topic), str(c.level or "–"), str(c.lang))
    console.print(table)
