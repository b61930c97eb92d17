"""Rendering for the analysis commands (analyze, link/unlink, understand-eval)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table

from sobes.cli.output import console, err_console, short
from sobes.model import Card

if TYPE_CHECKING:
    from sobes.enrich.analysis import AnalysisReport
    from sobes.enrich.evaluate import Scores


def analysis_report(report: AnalysisReport, problem: str | None) -> None:
    console.print(
        f"analysed [bold]{report.analysed}[/bold] of {report.cards} cards in {report.seconds:.1f} s: "
        f"{report.topics_changed} topics changed, {report.levels_estimated} levels estimated, "
        f"{report.groups} duplicate groups ({report.duplicates} duplicates), {report.links} links of yours kept"
    )
    if problem:
        err_console.print(f"note: {problem}")


def link_result(card: Card) -> None:
    if card.duplicate_of:
        console.print(f"{card.id} is now a variant of {card.duplicate_of}")
    else:
        console.print(f"{card.id} stands alone (no duplicate group)")


def _pct(value: float | int | None) -> str:
    return "–" if value is None else f"{100 * float(value):.1f}%"


def eval_report(scores: Scores, show_errors: bool) -> None:
    if "labelled" in scores.counts:
        found = Table(title="import")
        for col in ("labelled questions", "found as cards", "cards no row names"):
            found.add_column(col)
        found.add_row(str(scores.counts["labelled"]), f"{scores.counts['found']} ({_pct(scores.accuracy['found'])})",
                      str(scores.counts["unlabelled_cards"]))
        console.print(found)
    acc = Table(title="accuracy")
    for col in ("label", "rows", "accuracy"):
        acc.add_column(col)
    for name in ("lang", "topic", "level", "level_estimated"):
        acc.add_row(name, str(scores.counts.get(name, 0)), _pct(scores.accuracy.get(name)))
    console.print(acc)
    pairs = Table(title="duplicate pairs")
    for col in ("scope", "true", "predicted", "correct", "precision", "recall"):
        pairs.add_column(col)
    for scope, s in scores.pairs.items():
        pairs.add_row(scope, str(s["true_pairs"]), str(s["predicted_pairs"]), str(s["correct"]),
                      _pct(s["precision"]), _pct(s["recall"]))
    console.print(pairs)
    topics = list(scores.topic_confusion)
    predicted = sorted({p for row in scores.topic_confusion.values() for p in row})
    conf = Table(title="topic confusion (rows: label, columns: predicted)")
    conf.add_column("label")
    for p in predicted:
        conf.add_column(p, justify="right")
    for t in topics:
        conf.add_row(t, *[str(scores.topic_confusion[t].get(p, "")) for p in predicted])
    console.print(conf)
    if show_errors:
        for e in scores.errors:
            console.print(f"[dim]{escape(e['where'])}[/dim] {e['label']} → {e['predicted']}: "
                          f"{escape(short(e['question'], 110))}")
