"""The reference solution end to end: insights, features, models, evaluation, report, artifact."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sobes.cases.electrolysis import layout as L


@dataclass
class Solved:
    report: Path
    metrics_path: Path
    model_dir: Path
    metrics: dict[str, Any]
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {"report": str(self.report), "metrics": str(self.metrics_path), "model": str(self.model_dir),
                "seconds": round(self.seconds, 1), "summary": summary(self.metrics)}


def summary(metrics: dict[str, Any]) -> dict[str, Any]:
    """Per interval: the reference RMSE, last value, noise floor and their ratios."""
    ref = "reference"
    out = {}
    for key in ("12h", "24h", "48h", "none"):
        m = metrics[key]
        out[key] = {"reference": m[ref]["rmse"], "last_value": m["last_value"], "noise_floor": m["noise_floor"],
                    "skill": m[ref]["skill"], "vs_floor": m.get("reference_vs_floor")}
    return out


def solve(data_dir: str | Path, out_dir: str | Path, truth_dir: str | Path | None = None) -> Solved:
    """Run the reference solution on a data directory; write `report.html`, `metrics.json`
    and the model artifact (`model/`) to out_dir. The hidden truth, when found (default
    `<data>-truth`), adds the noise floor and errors against the true alumina."""
    import time

    from sobes.cases.electrolysis.models import single_thread

    with single_thread():
        return _solve(data_dir, out_dir, truth_dir, time.perf_counter())


def _solve(data_dir: str | Path, out_dir: str | Path, truth_dir: str | Path | None, t0: float) -> Solved:
    import time

    import pandas as pd

    from sobes.cases.electrolysis import insights
    from sobes.cases.electrolysis.artifact import save_model
    from sobes.cases.electrolysis.evaluate import evaluate
    from sobes.cases.electrolysis.features import at_times, build_features
    from sobes.cases.electrolysis.files import load_data
    from sobes.cases.electrolysis.models import fit_soft_sensor
    from sobes.cases.electrolysis.report import write_report
    from sobes.errors import BadInputError

    ds = load_data(data_dir)
    if ds.labs.empty:
        raise BadInputError(f"{Path(data_dir) / L.TARGET_FILE} is missing or empty; the model needs lab values")
    truth_path = Path(truth_dir) if truth_dir else L.truth_dir_for(Path(data_dir))
    truth = None
    if (truth_path / L.TRUTH_LABS).exists():
        tl = pd.read_csv(truth_path / L.TRUTH_LABS, parse_dates=[L.TIME])
        truth = tl.set_index(L.TIME)["true_alumina"]
    feats, feed_rate = build_features(ds.series, ds.dose_mass)
    ev = evaluate(feats, ds.labs, feed_rate, truth)

    # The shipped model learns from every lab.
    labs = ds.labs.dropna().sort_values(L.TIME)
    x = at_times(feats, labs[L.TIME])
    ok = x.notna().any(axis=1).to_numpy()
    y = labs[L.TARGET].to_numpy(float)[ok]
    final = fit_soft_sensor(x.loc[ok], y, pd.DatetimeIndex(labs[L.TIME])[ok], feed_rate)
    final.info["last_dose_mass"] = float(ds.dose_mass[L.AVG_MASS].iloc[-1]) if len(ds.dose_mass) else 1.8

    found = {
        "hygiene": insights.hygiene(ds), "target": insights.target_profile(labs),
        "feeding_lag": insights.feeding_lag(feats, ds), "cycle": insights.cycle(feats),
        "seasonality": insights.seasonality(feats, ds), "emf": insights.emf_relation(feats, ds),
        "drivers": insights.drivers(final, x.loc[ok], y),
    }
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model_dir = save_model(final, out / "model", {
        "trained_on": str(Path(data_dir).resolve()), "labs": int(ok.sum()),
        "trained_until": str(labs[L.TIME].max()), "evaluation": summary(ev.metrics),
    })
    metrics_path = out / "metrics.json"
    metrics_path.write_text(json.dumps(ev.metrics, indent=2), encoding="utf-8")
    report = write_report(out, ev, found, truth is not None)
    return Solved(report, metrics_path, model_dir, ev.metrics, time.perf_counter() - t0)
