"""CLI commands: `sobes case ...` (take-home cases; the electrolysis soft sensor)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sobes.cli.app import app
from sobes.cli.options import FormatOption, OutputFormat
from sobes.cli.output import print_json

case_app = typer.Typer(help="Take-home cases you can really do and get scored on.", no_args_is_help=True)
electrolysis_app = typer.Typer(help="The electrolysis soft-sensor case: generate, solve, predict, score.",
                               no_args_is_help=True)
case_app.add_typer(electrolysis_app, name="electrolysis")
app.add_typer(case_app, name="case")


def _say(text: str) -> None:
    from sobes.cli import output

    output.console.print(text, markup=False, highlight=False, soft_wrap=True)


@case_app.command("list")
def list_cases(fmt: FormatOption = OutputFormat.table) -> None:
    """List the take-home cases."""
    from sobes.cases import CASES

    if fmt == OutputFormat.json:
        print_json([c.to_dict() for c in CASES.values()])
        return
    for c in CASES.values():
        _say(f"{c.name:14} {c.title}")


@case_app.command("show")
def show_case(
    name: Annotated[str, typer.Argument(help="Case name (see `sobes case list`).")] = "electrolysis",
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show a case's statement and the commands that run it."""
    from sobes.cases import get_case, statement

    info = get_case(name)
    if fmt == OutputFormat.json:
        print_json({**info.to_dict(), "statement": statement(name)})
        return
    from rich.markdown import Markdown

    from sobes.cli import output

    output.console.print(Markdown(statement(name)))


@electrolysis_app.command("generate")
def generate(
    out: Annotated[Path, typer.Option("--out", help="Folder for the candidate's data files.")],
    days: Annotated[int, typer.Option(min=2, max=1100, help="Days to simulate (the last sixth is held out).")] = 365,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same files.")] = 0,
    truth: Annotated[Path | None, typer.Option("--truth", help="Folder for the hidden truth (default OUT-truth).")] = (
        None
    ),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Simulate a cell and write the case files (and the hidden truth apart)."""
    from sobes.cases.electrolysis import generate as run

    g = run(out, days=days, seed=seed, truth_dir=truth)
    if fmt == OutputFormat.json:
        print_json(g.to_dict())
        return
    _say(f"wrote {g.rows} rows and {g.labs_public} lab values to {g.data_dir}")
    _say(f"held out {g.labs_holdout} lab times from {g.holdout_start}; hidden truth in {g.truth_dir}")


@electrolysis_app.command("solve")
def solve(
    data: Annotated[Path, typer.Option("--data", help="Folder written by `generate`.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for report.html, metrics.json and model/.")],
    truth: Annotated[Path | None, typer.Option("--truth", help="Hidden truth (default DATA-truth), if any.")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Run the reference solution: HTML report, metrics.json and a model artifact."""
    from sobes.cases.electrolysis import solve as run

    s = run(data, out, truth_dir=truth)
    if fmt == OutputFormat.json:
        print_json(s.to_dict())
        return
    _say(f"report  {s.report}\nmetrics {s.metrics_path}\nmodel   {s.model_dir}   ({s.seconds:.0f} s)")
    _say("lab interval  reference  last value  noise floor  skill")
    for key, m in s.to_dict()["summary"].items():
        floor = f"{m['noise_floor']:.3f}" if m["noise_floor"] is not None else "  n/a"
        _say(f"{key:12}  {m['reference']:9.3f}  {m['last_value']:10.3f}  {floor:>11}  {m['skill']:+.0%}")


@electrolysis_app.command("predict")
def predict(
    data: Annotated[Path, typer.Option("--data", help="Data folder or the 3-minute series CSV.")],
    model: Annotated[Path | None, typer.Option("--model", help="Model folder from `solve` (REPORT/model).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="CSV to write (default: print CSV).")] = None,
) -> None:
    """Predict alumina for every 3-minute step of the sensor data."""
    from sobes.cases.electrolysis import predict as run

    frame = run(data, model=model)
    if out is None:
        typer.echo(frame.to_csv(index=False), nl=False)
        return
    frame.to_csv(out, index=False)
    _say(f"wrote {len(frame)} predictions to {out}")


@electrolysis_app.command("score")
def score(
    data: Annotated[Path, typer.Option("--data", help="Folder written by `generate`.")],
    predictions: Annotated[Path, typer.Option("--predictions", help="CSV with timestamp,prediction.")],
    truth: Annotated[Path | None, typer.Option("--truth", help="Hidden truth (default DATA-truth).")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Score a submission on the held-out labs against the truth and the reference."""
    from sobes.cases.electrolysis import score as run

    r = run(data, predictions, truth_dir=truth)
    if fmt == OutputFormat.json:
        print_json(r)
        return
    _say(f"held-out labs {r['n']}: RMSE {r['rmse']:.3f} (MAE {r['mae']:.3f}, R² {r['r2']:.2f})")
    _say(f"noise floor {r['noise_floor']:.3f} · last value {r['last_value']:.3f} · reference {r['reference']:.3f}")
    _say(f"points {r['points']:.0f}/100 — {r['verdict']}")
