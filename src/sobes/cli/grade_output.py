"""Rendering for the grading commands (Rich for people; JSON is printed by the commands)."""

from __future__ import annotations

from typing import Any

from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel

from sobes.cli.output import console
from sobes.grade.feedback import Feedback


def _colour(score: int) -> str:
    return "green" if score >= 75 else "yellow" if score >= 40 else "red"


def feedback(fb: Feedback) -> None:
    colour = _colour(fb.score)
    console.print(f"[bold {colour}]score {fb.score}/100[/bold {colour}]  [dim]{fb.card_id} · {fb.method}[/dim]")
    for point in fb.covered:
        console.print(f"  [green]✓[/green] {escape(point)}")
    for point in fb.missed:
        console.print(f"  [yellow]·[/yellow] [dim]missed:[/dim] {escape(point)}")
    for claim in fb.wrong:
        console.print(f"  [red]✗ wrong:[/red] {escape(claim)}")
    for note in fb.notes:
        console.print(f"  [dim]note: {escape(note)}[/dim]")
    if fb.related:
        console.print(f"  [dim]review next:[/dim] {', '.join(fb.related)}")
    if fb.solution:
        console.print(Panel(Markdown(fb.solution), title="worked solution", expand=True))


def keypoints(card_id: str, points: list[str]) -> None:
    if not points:
        console.print(f"[dim]{card_id} has no reference answer, so no key points.[/dim]")
        return
    console.print(f"[bold]Key points of {card_id}[/bold]")
    for i, point in enumerate(points, 1):
        console.print(f"  {i}. {escape(point)}")


def _share(block: dict[str, Any]) -> str:
    share = block.get("share")
    return "n/a" if share is None else f"{100 * share:.0f}% of {block['cards']} cards"


def eval_report(data: dict[str, Any], verbose: bool) -> None:
    rho = data["spearman"]
    console.print(f"[bold]{data['answers']} answers over {data['cards']} cards[/bold]")
    console.print(f"  Spearman correlation with the labels: {'n/a' if rho is None else f'{rho:.3f}'}")
    console.print(f"  fluent-but-wrong below partial-but-correct: {_share(data['fluent_wrong_below_partial'])}")
    console.print(f"  excellent above partial: {_share(data['excellent_above_partial'])}")
    console.print(
        "  mean score by category: " + ", ".join(f"{k} {v}" for k, v in data["mean_score_by_category"].items())
    )
    for miss in data["unresolved"]:
        console.print(f"  [yellow]skipped[/yellow] {escape(miss)}")
    if verbose:
        for row in data["rows"]:
            console.print(f"  line {row['line']}: {row['category']} label {row['label']:g} → {row['score']}")
