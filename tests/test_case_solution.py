"""The reference solution, the packaged predict, scoring a candidate, and the case CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from sobes.cases.electrolysis import layout as L
from sobes.cases.electrolysis import predict, score, solve
from sobes.cli import app
from sobes.errors import BadInputError, NotFoundError

runner = CliRunner()


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("electrolysis")
    result = runner.invoke(app, ["case", "electrolysis", "generate", "--out", str(root / "data"), "--days", "36",
                                 "--seed", "5"])
    assert result.exit_code == 0, result.output
    solved = solve(root / "data", root / "report")
    return {"data": root / "data", "report": root / "report", "model": solved.model_dir, "root": root}


def test_solve_writes_report_metrics_and_model(case: dict[str, Path]) -> None:
    metrics = json.loads((case["report"] / "metrics.json").read_text())
    for key in ("12h", "24h", "48h", "none"):
        m = metrics[key]
        for model in ("mean", "ridge", "gbm", "reference"):
            assert set(m[model]) >= {"rmse", "mae", "r2"}
        assert m["last_value"] > 0 and m["noise_floor"] > 0
        assert m["reference"]["rmse"] >= 0.5 * m["noise_floor"]  # nobody beats the lab noise by much
    html = (case["report"] / "report.html").read_text()
    assert "<table>" in html and "noise floor" in html and "data:image/png;base64" in html
    meta = json.loads((case["model"] / "model.json").read_text())
    assert meta["features"] and meta["case"] == "electrolysis"


def test_predict_on_one_day_gives_a_value_per_row(case: dict[str, Path]) -> None:
    series = pd.read_csv(case["data"] / L.SERIES_FILE, parse_dates=[L.TIME])
    day = series.iloc[-480:]
    out = predict(day, model=case["model"])
    assert list(out.columns) == ["timestamp", "prediction"]
    assert len(out) >= len(day) and out["prediction"].notna().all()
    assert out["prediction"].between(1.0, 5.0).all()


def test_predict_rejects_a_series_without_the_sensor_columns(case: dict[str, Path]) -> None:
    with pytest.raises(BadInputError, match="lacks columns"):
        predict(pd.DataFrame({L.TIME: ["2018-01-01 00:03:00"], "x": [1]}), model=case["model"])
    with pytest.raises(NotFoundError, match="no model"):
        predict(case["data"], model=case["root"] / "nowhere")


@pytest.fixture(scope="module")
def submission(case: dict[str, Path]) -> Path:
    path = case["root"] / "pred.csv"
    code = runner.invoke(app, ["case", "electrolysis", "predict", "--model", str(case["model"]), "--data",
                               str(case["data"]), "--out", str(path)])
    assert code.exit_code == 0, code.output
    return path


def test_scoring_the_reference_itself(case: dict[str, Path], submission: Path) -> None:
    r = score(case["data"], submission)
    assert r["n"] >= 5
    assert 0 <= r["points"] <= 100
    assert r["rmse"] >= r["noise_floor"] * 0.5
    result = runner.invoke(app, ["case", "electrolysis", "score", "--data", str(case["data"]), "--predictions",
                                 str(submission), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["rmse"] == r["rmse"]


def test_a_constant_last_value_scores_zero_points(case: dict[str, Path], tmp_path: Path) -> None:
    target = pd.read_csv(case["data"] / L.TARGET_FILE)
    sub = pd.read_csv(case["root"] / "pred.csv") if (case["root"] / "pred.csv").exists() else None
    assert sub is not None
    sub["prediction"] = target[L.TARGET].iloc[-1]
    sub.to_csv(tmp_path / "flat.csv", index=False)
    assert score(case["data"], tmp_path / "flat.csv")["points"] == 0


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d.iloc[::2], "miss"),
    (lambda d: d.assign(prediction=float("nan")), "NaN"),
    (lambda d: d.rename(columns={"prediction": "value"}), "needs columns"),
    (lambda d: pd.concat([d, d.iloc[:3]]), "duplicated"),
    (lambda d: d.assign(timestamp="yesterday"), "cannot be read"),
])
def test_scorer_explains_what_is_wrong(case: dict[str, Path], submission: Path, tmp_path: Path, edit: object,
                                       message: str) -> None:
    bad = edit(pd.read_csv(submission))  # type: ignore[operator]
    bad.to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(BadInputError, match=message):
        score(case["data"], tmp_path / "bad.csv")


def test_scorer_needs_the_hidden_truth(case: dict[str, Path], submission: Path, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="hidden truth"):
        score(case["data"], submission, truth_dir=tmp_path)


def test_case_cli_lists_and_shows_the_case() -> None:
    result = runner.invoke(app, ["case", "list", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["name"] == "electrolysis"
    shown = runner.invoke(app, ["case", "show", "electrolysis"])
    assert shown.exit_code == 0 and "target.csv" in shown.stdout


def test_cli_bad_input_is_one_error_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "sobes", "case", "electrolysis", "solve", "--data",
                           str(tmp_path / "missing"), "--out", str(tmp_path / "r")], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("error:") and len(proc.stderr.strip().splitlines()) == 1


def test_solve_without_the_truth_reports_no_floor_instead_of_inventing_one(case: dict[str, Path],
                                                                           tmp_path: Path) -> None:
    solved = solve(case["data"], tmp_path / "r", truth_dir=tmp_path / "no-truth")
    assert all(solved.metrics[k]["noise_floor"] is None for k in ("12h", "24h", "48h", "none"))
    assert "unknown (no truth)" in solved.report.read_text()
