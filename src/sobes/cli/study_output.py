"""Rendering for study, interview, progress and backup commands (Rich)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from rich import box
from rich.console import Group
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from sobes.cli.output import console, short
from sobes.model import Card

RATING_KEYS = {"1": 1, "2": 2, "3": 3, "4": 4}
RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
RATING_STYLES = {1: "red", 2: "yellow", 3: "green", 4: "cyan"}


def say(*objects: Any) -> None:
    """Print without Rich's automatic highlighting (numbers in colour would split "2 days")."""
    console.print(*objects, highlight=False)


def clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def when(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M UTC")


def question_panel(card: Card, title: str) -> None:
    meta = " · ".join([str(card.topic), str(card.level or "no level"), str(card.kind)])
    say(Panel(Markdown(card.question), title=escape(title), subtitle=escape(f"{meta} · {card.id}"),
                        title_align="left", subtitle_align="right", expand=True))


def answer_panel(card: Card) -> None:
    body: Any = Markdown(card.answer) if card.answer else "[dim](no reference answer)[/dim]"
    say(Panel(body, title="reference answer", title_align="left", border_style="green", expand=True))


def rating_prompt(intervals: dict[int, str]) -> None:
    parts = [f"[{RATING_STYLES[r]}]{r}[/] {RATING_NAMES[r]} [dim]({intervals[r]})[/dim]" for r in (1, 2, 3, 4)]
    say("  ".join(parts) + "   [dim]u undo · q quit[/dim]")


def feedback(fb: Any) -> None:
    lines = [f"[bold]grade {fb.score}/100[/bold]"]
    for label, items, style in (("covered", fb.covered, "green"), ("missed", fb.missed, "yellow"),
                                ("wrong", fb.wrong, "red")):
        for item in items:
            lines.append(f"[{style}]{label}:[/] {escape(short(str(item), 200))}")
    for note in getattr(fb, "notes", []) or []:
        lines.append(f"[dim]{escape(str(note))}[/dim]")
    say(Panel("\n".join(lines), title="feedback", title_align="left", border_style="blue"))


def graded(score: int, fb: dict[str, Any], rating_name: str) -> None:
    """The grader's verdict on an interview answer (Feedback as a dict)."""
    lines = [f"[bold]grade {score}/100[/bold] → rated {rating_name}"]
    for label, style in (("covered", "green"), ("missed", "yellow"), ("wrong", "red")):
        for item in fb.get(label) or []:
            lines.append(f"[{style}]{label}:[/] {escape(short(str(item), 200))}")
    say(Panel("\n".join(lines), title="feedback", title_align="left", border_style="blue"))


def study_summary(ratings: list[int], started: datetime, ended: datetime, counts: Any) -> None:
    by = Counter(ratings)
    parts = ", ".join(f"{RATING_NAMES[r]} {by[r]}" for r in (1, 2, 3, 4) if by[r])
    console.rule("session summary")
    say(f"reviewed {len(ratings)} card{'' if len(ratings) == 1 else 's'} in {clock((ended - started).total_seconds())}"
                  + (f" ({parts})" if parts else ""))
    say(f"still due now: {counts.due} · new left today: {counts.new_today} · never seen: {counts.unseen}")


def interview_report(report: Any) -> None:
    console.rule(f"interview report · {report.level} · {', '.join(report.topics)}")
    table = Table(box=box.SIMPLE_HEAD, expand=True)
    for col in ("#", "question", "topic", "time", "result"):
        table.add_column(col, ratio=1 if col == "question" else None, no_wrap=col != "question")
    for i, q in enumerate(report.questions, 1):
        if not q.answered and q.rating is None:
            result = "[dim]not asked[/dim]"
        elif not q.answered:
            result = "[red]skipped[/red]"
        elif q.grade is not None:
            result = f"grade {q.grade}/100 · {q.rating_name}"
        else:
            result = f"{q.rating_name}" + (" (spoken)" if q.spoken else "")
        table.add_row(str(i), escape(short(q.question, 70)), q.topic, clock(q.seconds), result)
    say(table)
    for i, q in enumerate(report.questions, 1):
        ref = q.reference if q.reference else "_(no reference answer)_"
        if len(ref) > 800:
            ref = ref[:800] + " …"
        say(Panel(Markdown(ref), title=escape(f"{i}. {short(q.question, 70)}"), title_align="left",
                            border_style="dim"))
    say(f"answered {report.answered} of {len(report.questions)} in {clock(report.total_seconds)}")
    if report.topics_to_review:
        say(f"[bold]topics to review:[/bold] {', '.join(report.topics_to_review)}")
    else:
        say("[green]no weak topics this time[/green]")
    say(f"[dim]saved as interview {report.interview_id}[/dim]")


def progress_tables(p: Any) -> None:
    t = p.totals
    say(f"[bold]{t['seen']}[/bold] of {t['cards']} cards seen · [green]{t['mastered']} mastered[/green]"
                  f" · {t['due']} due now · {p.total_reviews} reviews · streak {p.streak} days")
    table = Table(title="by topic and level", box=box.SIMPLE_HEAD)
    for col in ("topic", "level", "cards", "seen", "mastered", "due"):
        table.add_column(col, justify="left" if col in ("topic", "level") else "right")
    for r in p.rows:
        table.add_row(r.topic, r.level or "–", str(r.cards), str(r.seen), str(r.mastered), str(r.due))
    say(table)
    if p.weakest:
        weak = Table(title="weakest cards", box=box.SIMPLE_HEAD, expand=True)
        for col in ("id", "question", "topic", "recall"):
            weak.add_column(col, ratio=1 if col == "question" else None, no_wrap=True, overflow="ellipsis")
        for w in p.weakest:
            weak.add_row(w["card_id"], escape(short(w["question"], 70)), w["topic"], f"{w['retrievability']:.2f}")
        say(weak)
    grid = Table.grid(padding=(0, 4))
    days = Table(title="reviews, last 7 days", box=None, show_header=False)
    for day, n in list(p.reviews_per_day.items())[-7:]:
        days.add_row(day, str(n))
    fc = Table(title="due, next 14 days", box=None, show_header=False)
    for day, n in p.forecast.items():
        fc.add_row(day, str(n))
    grid.add_row(Group(days), Group(fc))
    say(grid)


def next_due(due: datetime, now: datetime, interval: str) -> None:
    soon = due - now < timedelta(hours=1)
    style = "yellow" if soon else "green"
    say(f"[{style}]→ next in {interval}[/] [dim]({when(due)})[/dim]")
