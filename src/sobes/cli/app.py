"""The Typer application and its commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from sobes.cli import output
from sobes.cli.options import (
    DbOption,
    FormatOption,
    KindOption,
    LangOption,
    LevelOption,
    OutputFormat,
    SourceOption,
    TagOption,
    TopicOption,
    library,
)

app = typer.Typer(
    name="sobes",
    help="Interview question banks in one clean library, and a trainer on top of it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.command("import")
def import_(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders or glob patterns.")] = None,
    source_format: Annotated[
        str | None, typer.Option("--format", help="Force a format (see `sobes formats`).")
    ] = None,
    starter: Annotated[bool, typer.Option("--starter", help="Import the built-in starter bank.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every skipped block with its line.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the import report as JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Import question banks (format detected; re-importing is safe)."""
    from sobes.errors import BadInputError
    from sobes.model import ImportReport

    if not paths and not starter:
        raise BadInputError("name a file, folder or glob to import (or use --starter)")
    lib = library(db)
    total = ImportReport()
    with _progress(enabled=not json_out) as progress:
        if starter:
            total.files += lib.import_starter(analyze=False).files
        for path in paths or []:
            total.files += lib.import_path(path, format=source_format, progress=progress, analyze=False).files
    # Vectors and analysis once for everything imported, with their own progress bar.
    with _progress(enabled=not json_out, label="embedding") as progress:
        lib.refresh(total, vector_progress=(lambda done, n: progress("cards", done, n)) if progress else None)
    if not json_out and (problem := lib.embedding_problem()):
        output.err_console.print(f"note: {problem}")
    if json_out:
        output.print_json(total.to_dict())
    else:
        output.import_report(total, verbose)
    if total.errors:
        raise typer.Exit(1)


class _progress:
    """A Rich progress bar on stderr while files import (nothing when not a terminal)."""

    def __init__(self, enabled: bool, label: str = "importing") -> None:
        self.label = label
        self.enabled = enabled and output.err_console.is_terminal
        self.bar = None
        self.task = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if not self.enabled:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

        self.bar = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            console=output.err_console, transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task(self.label, total=None)

        def update(name: str, done: int, total: int) -> None:
            assert self.bar is not None and self.task is not None
            self.bar.update(self.task, description=f"{self.label} {name}", completed=done, total=total)

        return update

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command("list")
def list_(
    topic: TopicOption = None,
    level: LevelOption = None,
    lang: LangOption = None,
    kind: KindOption = None,
    source: SourceOption = None,
    tag: TagOption = None,
    all_: Annotated[bool, typer.Option("--all", help="Include duplicates and retired cards.")] = False,
    limit: Annotated[int, typer.Option(min=1, help="Cards per page.")] = 20,
    page: Annotated[int, typer.Option(min=1, help="Page number.")] = 1,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """List cards, filtered and paged."""
    lib = library(db)
    filters: dict[str, Any] = dict(topic=topic, level=level, lang=lang, kind=kind, source=source, tag=tag)
    flags: dict[str, Any] = dict(include_retired=all_, include_duplicates=all_)
    cards = lib.cards(**filters, **flags, limit=limit, offset=(page - 1) * limit)
    if fmt == OutputFormat.json:
        output.print_json([c.to_dict() for c in cards])
        return
    output.card_table(cards, lib.count(**filters, **flags), page, limit)


@app.command("show")
def show(
    card_id: Annotated[str, typer.Argument(metavar="ID", help="Card id (a unique prefix is enough).")],
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Show one card with its answer rendered, and the other variants of its question."""
    lib = library(db)
    card = lib.card(card_id)
    variants = lib.variants(card.id)
    if fmt == OutputFormat.json:
        # The card's JSON as everywhere, plus its group's other members when it has any.
        extra = {"variants": [v.to_dict() for v in variants]} if variants else {}
        output.print_json({**card.to_dict(), **extra})
    else:
        output.card_panel(card, variants)


@app.command("stats")
def stats(fmt: FormatOption = OutputFormat.table, db: DbOption = None) -> None:
    """Counts by topic, level, language, kind and source."""
    data = library(db).stats()
    if fmt == OutputFormat.json:
        output.print_json(data)
    else:
        output.stats_tables(data)


@app.command("export")
def export(
    path: Annotated[Path, typer.Argument(help="File to write.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="jsonl, csv, md or apkg (Anki); default: from the file extension."),
    ] = None,
    topic: TopicOption = None,
    level: LevelOption = None,
    lang: LangOption = None,
    kind: KindOption = None,
    source: SourceOption = None,
    tag: TagOption = None,
    db: DbOption = None,
) -> None:
    """Export cards (jsonl and csv import back without loss; .apkg is an Anki deck)."""
    from sobes.export import format_for

    chosen = format_for(path, fmt)
    n = library(db).export(path, chosen, topic=topic, level=level, lang=lang, kind=kind, source=source, tag=tag)
    output.console.print(f"wrote {n} cards to {path}")


@app.command("formats")
def formats_(fmt: FormatOption = OutputFormat.table) -> None:
    """List the source formats sobes reads."""
    from sobes import formats

    rows = [{"name": m.NAME, "description": m.DESCRIPTION} for m in formats.all_formats()]
    if fmt == OutputFormat.json:
        output.print_json(rows)
        return
    for r in rows:
        output.console.print(f"[bold]{r['name']:15}[/bold] {r['description']}")
