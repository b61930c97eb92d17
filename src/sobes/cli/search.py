"""CLI commands: search (registered on the shared Typer app)."""

from __future__ import annotations

from typing import Annotated

import typer

from sobes.cli.app import app
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
from sobes.cli.output import err_console, print_json


@app.command("search")
def search(
    query: Annotated[str, typer.Argument(metavar="QUERY", help="Words or a question, in any language.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000, help="How many results.")] = 10,
    topic: TopicOption = None,
    level: LevelOption = None,
    lang: LangOption = None,
    kind: KindOption = None,
    source: SourceOption = None,
    tag: TagOption = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Search cards by words and by meaning, in any language."""
    from sobes.cli.search_output import hits_table

    lib = library(db)
    hits = lib.search(query, limit=limit, topic=topic, level=level, lang=lang, kind=kind, source=source, tag=tag)
    if problem := lib.embedding_problem():  # on stderr, so JSON on stdout stays clean
        err_console.print(f"note: {problem}", highlight=False, soft_wrap=True)
    if fmt == OutputFormat.json:
        print_json([h.to_dict() for h in hits])
        return
    hits_table(query, hits)
