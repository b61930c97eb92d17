"""CLI commands: grade (feedback on a typed answer), keypoints, grade-eval."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from sobes.cli import grade_output as out
from sobes.cli.app import app
from sobes.cli.options import DbOption, FormatOption, OutputFormat, library
from sobes.cli.output import print_json
from sobes.errors import BadInputError

MAX_STDIN = 1_000_000  # characters; graded text is cut far below this anyway


def _read_answer(answer: str | None) -> str:
    if answer is not None:
        return answer
    if sys.stdin is None:
        raise BadInputError("give the answer with --answer or pipe it on stdin")
    if sys.stdin.isatty():
        out.console.print("[dim]Type or paste your answer; finish with Ctrl-D (Ctrl-Z Enter on Windows).[/dim]")
    return sys.stdin.read(MAX_STDIN)


@app.command("grade")
def grade(
    card_id: Annotated[str, typer.Argument(help="The card to answer (see `sobes list`).")],
    answer: Annotated[
        str | None, typer.Option("--answer", "-a", help="The answer text; otherwise typed, pasted or piped on stdin.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Grade your answer to a card: score, key points covered and missed, wrong statements.

    Problems are checked exactly (numbers, fractions, expressions) and show the worked
    solution. Set SOBES_LLM_URL (and SOBES_LLM_MODEL) to add an LLM judge.
    """
    text = _read_answer(answer)
    with library(db) as lib:
        feedback = lib.grade(card_id, text)
    if fmt == OutputFormat.json:
        print_json(feedback.to_dict())
    else:
        out.feedback(feedback)


def _edit_in_editor(points: list[str]) -> list[str]:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise BadInputError("set $EDITOR, or pipe the key points on stdin, one per line")
    header = (
        "# One key point per line. Lines starting with # are ignored. Save an empty file to restore the derived ones.\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write(header + "\n".join(points) + "\n")
        path = Path(fh.name)
    try:
        result = subprocess.run([*shlex.split(editor), str(path)], check=False)  # noqa: S603 - the user's editor
        if result.returncode != 0:
            raise BadInputError(f"the editor exited with status {result.returncode}; key points unchanged")
        return _parse_points(path.read_text(encoding="utf-8"))
    finally:
        path.unlink(missing_ok=True)


def _parse_points(text: str) -> list[str]:
    lines = (line.strip() for line in text.splitlines())
    return [line.lstrip("-*• ").strip() for line in lines if line and not line.startswith("#")]


@app.command("keypoints")
def keypoints(
    card_id: Annotated[str, typer.Argument(help="The card (see `sobes list`).")],
    edit: Annotated[
        bool, typer.Option("--edit", help="Edit the key points in $EDITOR, or read them from stdin, one per line.")
    ] = False,
    reset: Annotated[bool, typer.Option("--reset", help="Forget your edits and derive them again.")] = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Show the 3–7 key points a good answer to a card must contain; --edit to change them."""
    with library(db) as lib:
        points = lib.keypoints(card_id)
        card = lib.card(card_id)
        if reset:
            points = lib.set_keypoints(card.id, [])
        elif edit:
            if not card.answer:
                raise BadInputError(f"card {card.id} has no reference answer, so it has no key points")
            new = _parse_points(sys.stdin.read(MAX_STDIN)) if not sys.stdin.isatty() else _edit_in_editor(points)
            points = lib.set_keypoints(card.id, new)
    if fmt == OutputFormat.json:
        print_json({"card_id": card.id, "keypoints": points})
    else:
        out.keypoints(card.id, points)


@app.command("grade-eval")
def grade_eval(
    file: Annotated[Path, typer.Argument(help="JSON Lines of labelled answers (see devsets/grade_answers.jsonl).")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list every answer's label and score.")] = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Measure the grader against labelled answers: Spearman correlation, how often a
    fluent-but-wrong answer scores below a partial-but-correct one, and excellent above partial."""
    with library(db) as lib:
        report = lib.grade_eval(file)
    data = report.to_dict()
    if fmt == OutputFormat.json:
        print_json(data)
    else:
        out.eval_report(data, verbose)
