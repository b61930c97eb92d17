"""CLI commands: study, interview, progress, reviews export/import, optimize.

The interactive flows only ask, render and call Library methods; every rating is saved the
moment its key is pressed, so quitting or Ctrl-C never loses one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from sobes.cli import study_output as out
from sobes.cli import study_terminal as term
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
from sobes.cli.output import print_json
from sobes.errors import BadInputError
from sobes.library import Library
from sobes.model import Card

INTERRUPTED = 130


def _now() -> datetime:
    return datetime.now(UTC)


@app.command("study")
def study(
    topic: TopicOption = None,
    level: LevelOption = None,
    lang: LangOption = None,
    kind: KindOption = None,
    source: SourceOption = None,
    tag: TagOption = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many cards in this session.")] = 50,
    retention: Annotated[
        float | None, typer.Option(help="Set the desired retention (0.70-0.99, default 0.9) and keep it.")
    ] = None,
    new_per_day: Annotated[
        int | None, typer.Option(min=0, help="Set the daily limit of new cards (default 20) and keep it.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Study due cards with spaced repetition (FSRS): think or type, reveal, rate 1-4.

    Keys: Enter shows the answer, t types an answer first, 1 Again, 2 Hard, 3 Good, 4 Easy,
    u undoes the last rating, q quits. With --format json, prints the due cards and exits.
    """
    lib = library(db)
    if retention is not None or new_per_day is not None:
        lib.update_study_settings(retention=retention, new_per_day=new_per_day, now=_now())
    filters: dict[str, Any] = dict(topic=topic, level=level, lang=lang, kind=kind, source=source, tag=tag)
    if fmt == OutputFormat.json:
        print_json({"counts": lib.due_counts(_now(), **filters).to_dict(),
                    "cards": [c.to_dict() for c in lib.due(_now(), limit=limit, **filters)]})
        return
    session = _StudySession(lib, filters, limit)
    try:
        session.run()
    except KeyboardInterrupt:
        term.end_status_line()
        out.say("\n[yellow]interrupted — every rating so far is saved[/yellow]")
        session.summary()
        raise typer.Exit(INTERRUPTED) from None
    session.summary()


class _StudySession:
    """One terminal study session: asks, reveals, saves each rating at once."""

    def __init__(self, lib: Library, filters: dict[str, Any], limit: int) -> None:
        self.lib, self.filters, self.limit = lib, filters, limit
        self.ratings: list[int] = []
        self.started = _now()

    def run(self) -> None:
        counts = self.lib.due_counts(self.started, **self.filters)
        out.say(f"[bold]{counts.due}[/bold] due · [bold]{counts.new_today}[/bold] new today"
                      f" · {counts.unseen} never seen")
        while len(self.ratings) < self.limit:
            upcoming = self.lib.due(_now(), limit=1, **self.filters)
            if not upcoming:
                out.say("[green]nothing more is due now — well done[/green]")
                return
            if not self.ask(upcoming[0]):
                return

    def ask(self, card: Card) -> bool:
        """Show one card; False when the person quits."""
        shown = _now()
        out.say()
        out.question_panel(card, f"card {len(self.ratings) + 1}")
        typed: str | None = None
        while True:
            out.say("[dim]Enter show answer · t type an answer · u undo · q quit[/dim]")
            key = term.read_key()
            if key == "q":
                return False
            if key == "u":
                self.undo()
                return True
            if key == "t":
                typed = term.read_lines("Your answer (an empty line ends it):") or None
                if typed:
                    _show_grade(self.lib, card, typed)
            if key in (term.ENTER, " ", "t"):
                break
        out.answer_panel(card)
        now = _now()
        intervals = {r: _interval(d - now) for r, d in self.lib.preview(card.id, now).items()}
        while True:
            out.rating_prompt(intervals)
            key = term.read_key()
            if key in out.RATING_KEYS:
                rating = out.RATING_KEYS[key]
                when = _now()
                schedule = self.lib.review(card.id, rating, when, duration_s=(when - shown).total_seconds(),
                                           answer=typed)
                self.ratings.append(rating)
                out.next_due(schedule.due, when, schedule.interval)
                return True
            if key == "u":
                self.undo()
                return True
            if key == "q":
                return False

    def undo(self) -> None:
        undone = self.lib.undo()
        if undone is None:
            out.say("[dim]nothing to undo[/dim]")
            return
        if self.ratings:
            self.ratings.pop()
        name = out.RATING_NAMES.get(undone.rating or 0, "?")
        out.say(f"[yellow]undid {name} on {undone.card_id}; it is back in the queue[/yellow]")

    def summary(self) -> None:
        out.study_summary(self.ratings, self.started, _now(), self.lib.due_counts(_now(), **self.filters))


def _interval(delta: Any) -> str:
    from sobes.study.scheduler import interval_text

    return interval_text(delta)


def _show_grade(lib: Library, card: Card, text: str) -> Any:
    """Feedback on a typed answer; None when there is nothing to grade against."""
    from sobes.study.interview import grade_answer, rating_from_grade

    fb = grade_answer(lib.grade, card.id, text)
    if fb is not None:
        out.feedback(fb)
        out.say(f"[dim]suggested rating: {out.RATING_NAMES[rating_from_grade(int(fb.score))]}[/dim]")
    return fb


@app.command("interview")
def interview(
    level: Annotated[str, typer.Option(help="junior, middle or senior.")] = "middle",
    topics: Annotated[str, typer.Option(help="Comma-separated topics, e.g. ml,dl (default: all).")] = "",
    minutes: Annotated[int, typer.Option(min=1, max=240, help="Length of the interview.")] = 30,
    report: Annotated[str | None, typer.Option(help="Show the report of a saved interview (its id) and exit.")] = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """A mock interview: a balanced set of questions for your level, one by one with a timer.

    Keys: t type an answer, s answered aloud, n skip, q finish early; then rate 1-4 (a typed
    answer gets a grade when grading is available). Ends with a report; weak answers come
    due soon in study.
    """
    lib = library(db)
    if report is not None:
        _finish(lib, report, fmt)  # a finished interview keeps its saved report
        return
    session = lib.start_interview(level, topics or [], minutes, _now())
    out.say(f"[bold]mock interview[/bold] · {level} · {', '.join(session.topics)} · "
                  f"{len(session.cards)} questions · {minutes} min")
    try:
        _run_interview(lib, session)
    except KeyboardInterrupt:
        term.end_status_line()
        out.say("\n[yellow]interrupted — the answers so far are saved[/yellow]")
        _finish(lib, session.id, fmt)
        raise typer.Exit(INTERRUPTED) from None
    _finish(lib, session.id, fmt)


def _finish(lib: Library, interview_id: str, fmt: OutputFormat) -> None:
    rep = lib.finish_interview(interview_id, _now())
    print_json(rep.to_dict()) if fmt == OutputFormat.json else out.interview_report(rep)


def _run_interview(lib: Library, session: Any) -> None:
    total = len(session.cards)
    for i, card in enumerate(session.cards, 1):
        if _now() >= session.ends_at:
            out.say("[yellow]time is up[/yellow]")
            return
        out.say()
        out.question_panel(card, f"question {i}/{total}")
        shown = _now()

        def tick(shown: datetime = shown) -> None:
            now = _now()
            left = (session.ends_at - now).total_seconds()
            over = "[time is up] " if left <= 0 else ""
            term.status_line(f"⏱ {out.clock((now - shown).total_seconds())} on this question · "
                             f"{over}{out.clock(left)} left · t type · s said aloud · n skip · q finish")

        if not term.interactive():
            out.say("[dim]t type an answer · s said aloud · n skip · q finish[/dim]")
        key = term.read_key(tick=tick)
        term.end_status_line()
        while key not in ("t", "s", "n", "q"):
            key = term.read_key(tick=tick)
            term.end_status_line()
        if key == "q":
            return
        text = term.read_lines("Your answer (an empty line ends it):") if key == "t" else None
        seconds = (_now() - shown).total_seconds()
        out.say(f"[dim]answered in {out.clock(seconds)}[/dim]")
        if key == "n":
            lib.record_interview_answer(session.id, card.id, None, False, seconds, None, _now())
            out.answer_panel(card)
            continue
        saved = None
        if text:
            try:
                saved = lib.record_interview_answer(session.id, card.id, text, False, seconds, None, _now())
            except BadInputError:
                saved = None  # no grade for it: the person rates it below
        out.answer_panel(card)
        if saved is not None and saved.get("feedback"):
            out.graded(saved["grade"], saved["feedback"], out.RATING_NAMES[saved["rating"]])
            continue
        rating = _ask_rating()
        if rating is None:
            return
        lib.record_interview_answer(session.id, card.id, text, key == "s", seconds, rating, _now())


def _ask_rating() -> int | None:
    while True:
        out.say("How did it go? [red]1[/] Again  [yellow]2[/] Hard  [green]3[/] Good  [cyan]4[/] Easy"
                      "  [dim]q finish[/dim]")
        key = term.read_key()
        if key in out.RATING_KEYS:
            return out.RATING_KEYS[key]
        if key == "q":
            return None


@app.command("progress")
def progress(
    plot: Annotated[Path | None, typer.Option("--plot", help="Also write charts to this PNG file.")] = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Your progress: per topic and level seen, mastered, due; weakest cards, streak, forecast."""
    p = library(db).progress(_now())
    if plot is not None:
        from sobes.study.progress import plot as draw

        draw(p, plot)
    if fmt == OutputFormat.json:
        print_json(p.to_dict())
        return
    out.progress_tables(p)
    if plot is not None:
        out.say(f"charts written to {plot}")


reviews_app = typer.Typer(help="Back up and restore your review history (JSON).", no_args_is_help=True)
app.add_typer(reviews_app, name="reviews")


@reviews_app.command("export")
def reviews_export(
    path: Annotated[Path, typer.Argument(help="JSON file to write.")],
    db: DbOption = None,
) -> None:
    """Write review state, the full review log, settings and interviews to a JSON file."""
    counts = library(db).export_reviews(path, _now())
    out.say(f"wrote {counts['log']} reviews, {counts['states']} card states and "
                  f"{counts['interviews']} interviews to {path}")


@reviews_app.command("import")
def reviews_import(
    path: Annotated[Path, typer.Argument(help="A backup written by `sobes reviews export`.")],
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Merge a backup into this library (safe to repeat: nothing is duplicated)."""
    counts = library(db).import_reviews(path)
    if fmt == OutputFormat.json:
        print_json(counts)
        return
    out.say(f"added {counts['log_added']} reviews, updated {counts['states_updated']} card states, "
                  f"added {counts['interviews_added']} interviews")


@app.command("optimize")
def optimize(db: DbOption = None) -> None:
    """Fit the FSRS parameters to your own review log (needs torch and enough reviews)."""
    result = library(db).optimize(now=_now())
    out.say(f"optimised FSRS parameters from {result.reviews} reviews; they are used from now on")
