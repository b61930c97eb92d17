"""CLI commands: analysis (registered on the shared Typer app)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sobes.cli import analysis_output as out
from sobes.cli.app import app
from sobes.cli.options import DbOption, FormatOption, OutputFormat, library
from sobes.cli.output import print_json


@app.command("analyze")
def analyze(fmt: FormatOption = OutputFormat.table, db: DbOption = None) -> None:
    """Analyse every card again: topic, level, duplicate groups (your links are kept)."""
    lib = library(db)
    report = lib.analyze()
    if fmt == OutputFormat.json:
        print_json(report.to_dict())
    else:
        out.analysis_report(report, lib.embedding_problem())


@app.command("link")
def link(
    card_id: Annotated[str, typer.Argument(metavar="ID", help="The card that repeats another.")],
    canonical_id: Annotated[str, typer.Argument(metavar="CANONICAL", help="The card it repeats.")],
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Mark a card as a duplicate (or translation) of another; kept across re-imports."""
    card = library(db).link(card_id, canonical_id)
    if fmt == OutputFormat.json:
        print_json(card.to_dict())
    else:
        out.link_result(card)


@app.command("unlink")
def unlink(
    card_id: Annotated[str, typer.Argument(metavar="ID", help="The card to take out of its group.")],
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Take a card out of its duplicate group for good; kept across re-imports."""
    card = library(db).unlink(card_id)
    if fmt == OutputFormat.json:
        print_json(card.to_dict())
    else:
        out.link_result(card)


@app.command("understand-eval")
def understand_eval(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="Labelled dev set (JSON Lines).")],
    fmt: FormatOption = OutputFormat.table,
    errors: Annotated[bool, typer.Option("--errors", help="List the mistakes too.")] = False,
    in_library: Annotated[
        bool,
        typer.Option("--library", help="Score what the library holds for 'ref' rows (after import), not a fresh run."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Score language, topic, level and duplicate detection on a labelled dev set."""
    from sobes.embed import get_encoder
    from sobes.enrich.evaluate import evaluate, evaluate_library, read_devset
    from sobes.enrich.topic_model import TopicModel

    if in_library:
        in_lib = library(db).cards(include_duplicates=True)
        missing: list[str] = []
        scores = evaluate_library(read_devset(path, in_lib, missing), in_lib, missing)
    else:
        cards = library(db).cards(include_duplicates=True) if _has_refs(path) else None
        encoder = get_encoder()
        scores = evaluate(read_devset(path, cards), encoder, TopicModel.load() if encoder is not None else None)
    if fmt == OutputFormat.json:
        print_json(scores.to_dict())
    else:
        out.eval_report(scores, errors)


def _has_refs(path: Path) -> bool:
    try:
        return '"ref"' in path.read_text(encoding="utf-8")
    except OSError:
        return False
