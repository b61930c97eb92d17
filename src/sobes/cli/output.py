"""Everything the CLI prints: Rich tables and panels for people, JSON for programs."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich import box
from rich.console import Console, Group
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from sobes.model import Card, FileReport, ImportReport

console = Console()
err_console = Console(stderr=True)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def import_report(report: ImportReport, verbose: bool) -> None:
    # Counts that are zero for every file (updated/unchanged/retired on a first import) are
    # left out, so the file names keep their width in an 80-column terminal.
    counts = ["found", "new", "updated", "unchanged", "retired", "skipped"]
    optional = {"updated", "unchanged", "retired"}
    shown = [c for c in counts if c not in optional or getattr(report, c)]
    table = Table(box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False)
    table.add_column("file", overflow="ellipsis", no_wrap=True, ratio=1)
    table.add_column("format", no_wrap=True)
    for col in shown:
        table.add_column(col, justify="right", no_wrap=True)

    def row(name: str, fmt: str, source: ImportReport | FileReport) -> list[str]:
        values = {c: len(source.skipped) if c == "skipped" else getattr(source, c) for c in shown}
        return [name, fmt, *(str(values[c]) for c in shown)]

    for f in report.files:
        if f.error:
            table.add_row(escape(_name(f.path)), "[red]error[/red]", *[""] * (len(shown) - 1), escape(f.error))
            continue
        table.add_row(*row(escape(_name(f.path)), f.format, f))
    if len(report.files) > 1:
        table.add_row(*row("[bold]total[/bold]", "", report))
    console.print(table)
    reasons = report.skipped_by_reason()
    if reasons:
        console.print("skipped: " + ", ".join(f"{r} {n}" for r, n in sorted(reasons.items(), key=lambda x: -x[1])))
    if verbose:
        for f in report.files:
            for s in f.skipped:
                where = f"{_name(f.path)}:{s.line}" if s.line else _name(f.path)
                msg = f" (message {s.message_id})" if s.message_id is not None else ""
                console.print(f"  [dim]{escape(where)}{msg}[/dim] {s.reason}: {escape(short(s.excerpt, 70))}")
    for err in report.errors:
        err_console.print(f"[red]error:[/red] {escape(err)}")


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def card_table(cards: list[Card], total: int, page: int, per_page: int) -> None:
    table = Table(show_lines=False, expand=True)
    table.add_column("id", no_wrap=True, style="cyan")
    table.add_column("question", ratio=1, min_width=30, no_wrap=True, overflow="ellipsis")
    table.add_column("topic", no_wrap=True)
    table.add_column("level", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    wide = console.width >= 110
    if wide:
        table.add_column("source", no_wrap=True, style="dim", max_width=30, overflow="ellipsis")
    for c in cards:
        row = [escape(c.id), escape(short(c.question)), str(c.topic), str(c.level or "–"), str(c.lang), str(c.kind)]
        if wide:
            row.append(escape(f"{short(c.source.name, 24)}:{c.source.line or c.source.message_id or ''}"))
        table.add_row(*row)
    console.print(table)
    pages = max(1, -(-total // per_page))
    console.print(f"[dim]{total} cards · page {page} of {pages}[/dim]")


def card_panel(card: Card, variants: list[Card] | None = None) -> None:
    meta = [str(card.topic), str(card.level or "no level"), str(card.lang), str(card.kind)]
    if card.section:
        meta.append(card.section)
    if card.tags:
        meta.append(" ".join(f"#{t}" for t in card.tags))
    if card.reactions:
        meta.append(" ".join(f"{k}{v}" for k, v in card.reactions.items()))
    src = f"{card.source.name}:{card.source.line}" if card.source.line else card.source.name
    if card.source.message_id is not None:
        src += f" (message {card.source.message_id})"
    header = f"[bold]{escape(card.question)}[/bold]\n[dim]{escape(' · '.join(meta))}[/dim]"
    body = Markdown(card.answer) if card.answer else "[dim](no reference answer)[/dim]"
    flags = " [yellow]retired[/yellow]" if card.retired else ""
    if card.duplicate_of:
        flags += f" [yellow]duplicate of {card.duplicate_of}[/yellow]"
    console.print(Panel(Group(header, "", body), title=f"{card.id}{flags}", subtitle=escape(src), expand=True))
    for case in (t.removeprefix("case:") for t in card.tags if t.startswith("case:")):
        console.print(f"This assignment is a runnable case: [bold]sobes case show {escape(case)}[/bold]")
    if variants:
        console.print(f"[bold]{len(variants)} other variant(s) of this question[/bold]")
        for v in variants:
            role = "canonical" if v.id == card.duplicate_of else "variant"
            vsrc = f"{v.source.name}:{v.source.line}" if v.source.line else v.source.name
            vbody = Markdown(v.answer) if v.answer else "[dim](no reference answer)[/dim]"
            vhead = f"[bold]{escape(v.question)}[/bold]\n[dim]{escape(' · '.join([str(v.lang), str(v.topic)]))}[/dim]"
            console.print(Panel(Group(vhead, "", vbody), title=f"{v.id} [cyan]{role}[/cyan]", subtitle=escape(vsrc)))


def stats_tables(stats: dict[str, Any]) -> None:
    console.print(
        f"[bold]{stats['cards']}[/bold] cards"
        + (f" · {stats['retired']} retired" if stats["retired"] else "")
        + (f" · {stats['duplicates']} duplicates" if stats["duplicates"] else "")
    )
    grid = Table.grid(padding=(0, 3))
    tables = []
    for key, title in (("by_topic", "topic"), ("by_level", "level"), ("by_lang", "language"), ("by_kind", "kind")):
        t = Table(title=title, show_header=False, box=None)
        for k, v in stats[key].items():
            t.add_row(escape(k), str(v))
        tables.append(t)
    grid.add_row(*tables)
    console.print(grid)
    if stats["sources"]:
        t = Table(title="sources")
        for col in ("name", "format", "cards", "skipped", "imported"):
            t.add_column(col)
        for s in stats["sources"]:
            t.add_row(escape(s["name"]), s["format"], str(s["cards"]), str(s["skipped"]), s["imported_at"])
        console.print(t)
