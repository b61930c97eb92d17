"""Grading a candidate's predictions for the held-out period against the hidden truth.

A submission is a CSV with a time column (`timestamp` or `Time`) and a prediction column
(`prediction` or `target`); it must cover every held-out lab time (08:00 and 20:00 of each
held-out day; predictions for every 3-minute row are fine, extra rows are ignored).
Points: 100 at the lab-noise floor, 0 at carrying the last public lab value forward.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sobes.cases.electrolysis import layout as L
from sobes.cases.electrolysis.files import to_time
from sobes.errors import BadInputError, NotFoundError

if TYPE_CHECKING:
    import pandas as pd

REFERENCE_CACHE = "reference_predictions.csv"


def read_submission(path: str | Path) -> pd.DataFrame:
    """The submission as (timestamp, prediction), with one clear error for each way it can be wrong."""
    import pandas as pd

    p = Path(path)
    if not p.is_file():
        raise NotFoundError(f"no predictions file at {p}")
    try:
        df = pd.read_csv(p)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise BadInputError(f"{p.name} is not a readable CSV ({str(exc).splitlines()[0]})") from None
    tcol = next((c for c in ("timestamp", L.TIME) if c in df.columns), None)
    pcol = next((c for c in ("prediction", L.TARGET) if c in df.columns), None)
    if tcol is None or pcol is None:
        raise BadInputError(f"{p.name} needs columns 'timestamp' and 'prediction' (has {list(df.columns)[:6]})")
    times = to_time(df[tcol], errors="coerce")
    if times.isna().any():
        bad = df.loc[times.isna(), tcol].iloc[0]
        raise BadInputError(f"{p.name}: {int(times.isna().sum())} timestamps cannot be read (first: {bad!r}); "
                            "use YYYY-MM-DD HH:MM:SS")
    values = pd.to_numeric(df[pcol], errors="coerce")
    out = pd.DataFrame({"timestamp": times, "prediction": values})
    dup = out["timestamp"].duplicated()
    if dup.any():
        first = out.loc[dup, "timestamp"].iloc[0]
        raise BadInputError(f"{p.name}: {int(dup.sum())} duplicated timestamps (first: {first}); "
                            "give one prediction per time")
    return out.set_index("timestamp")


def score(data_dir: str | Path, predictions_path: str | Path, truth_dir: str | Path | None = None) -> dict[str, Any]:
    """Score a submission on the held-out labs; compares with the last value, the noise floor
    and the reference solution (fitted on the public data once and cached beside the truth)."""
    import pandas as pd

    truth = Path(truth_dir) if truth_dir else L.truth_dir_for(Path(data_dir))
    if not (truth / L.TRUTH_LABS).exists():
        raise NotFoundError(f"no hidden truth at {truth}; pass --truth DIR (generate writes it to <data>-truth)")
    labs = pd.read_csv(truth / L.TRUTH_LABS, parse_dates=[L.TIME])
    hold = labs.loc[labs["holdout"].astype(bool)].set_index(L.TIME)
    sub = read_submission(predictions_path)
    missing = hold.index.difference(sub.index)
    if len(missing):
        raise BadInputError(f"the predictions miss {len(missing)} of {len(hold)} held-out times (first: {missing[0]}); "
                            f"predict for every 3-minute step after the last public lab")
    pred = sub["prediction"].reindex(hold.index)
    bad = ~np.isfinite(pred.to_numpy(dtype=float))
    if bad.any():
        raise BadInputError(f"{int(bad.sum())} predictions at held-out times are NaN or infinite "
                            f"(first: {hold.index[bad][0]}); every held-out time needs a number")

    has_lab = hold[L.TARGET].notna().to_numpy()
    y = hold[L.TARGET].to_numpy(float)[has_lab]
    true = hold["true_alumina"].to_numpy(float)[has_lab]
    p = pred.to_numpy(float)[has_lab]
    public = labs.loc[~labs["holdout"].astype(bool) & labs[L.TARGET].notna()]
    last_value = float(public[L.TARGET].iloc[-1]) if len(public) else float(np.mean(y))
    ref = _reference(Path(data_dir), truth, hold.index)[has_lab]

    def rmse(a: np.ndarray, b: np.ndarray) -> float:
        return round(float(np.sqrt(np.mean((a - b) ** 2))), 4)

    floor, lv, cand = rmse(y, true), rmse(np.full_like(y, last_value), y), rmse(p, y)
    points = 100 * (lv - cand) / (lv - floor) if lv > floor else 0.0
    ss = float(np.sum((y - y.mean()) ** 2))
    return {
        "n": int(has_lab.sum()), "rmse": cand, "mae": round(float(np.mean(np.abs(p - y))), 4),
        "r2": round(1 - float(np.sum((p - y) ** 2)) / ss, 4) if ss > 0 else 0.0,
        "rmse_vs_truth": rmse(p, true), "noise_floor": floor, "last_value": lv, "reference": rmse(ref, y),
        "points": round(float(np.clip(points, 0, 100)), 1),
        "verdict": _verdict(cand, rmse(ref, y)),
    }


def _reference(data_dir: Path, truth: Path, times: pd.DatetimeIndex) -> np.ndarray:
    """The reference model's predictions at the held-out times (cached in the truth dir)."""
    import pandas as pd

    cache = truth / REFERENCE_CACHE
    meta = {"data": str(data_dir.resolve())}
    if cache.exists() and (truth / (REFERENCE_CACHE + ".json")).exists():
        if json.loads((truth / (REFERENCE_CACHE + ".json")).read_text()) == meta:
            ref = pd.read_csv(cache, parse_dates=["timestamp"]).set_index("timestamp")["prediction"]
            if times.isin(ref.index).all():
                return ref.reindex(times).to_numpy(float)
    from sobes.cases.electrolysis.artifact import predict
    from sobes.cases.electrolysis.features import at_times, build_features
    from sobes.cases.electrolysis.files import load_data
    from sobes.cases.electrolysis.models import fit_soft_sensor, single_thread

    ds = load_data(data_dir)
    feats, rate = build_features(ds.series, ds.dose_mass)
    x = at_times(feats, ds.labs[L.TIME])
    ok = x.notna().any(axis=1).to_numpy()
    with single_thread():
        model = fit_soft_sensor(x.loc[ok], ds.labs[L.TARGET].to_numpy(float)[ok],
                                pd.DatetimeIndex(ds.labs[L.TIME])[ok], rate)
    model.info["last_dose_mass"] = float(ds.dose_mass[L.AVG_MASS].iloc[-1]) if len(ds.dose_mass) else 1.8
    pred = predict(data_dir, model=model).set_index("timestamp")["prediction"]
    pred.reset_index().to_csv(cache, index=False)
    (truth / (REFERENCE_CACHE + ".json")).write_text(json.dumps(meta))
    return pred.reindex(times).ffill().bfill().to_numpy(float)


def _verdict(candidate: float, reference: float) -> str:
    if candidate <= reference * 1.02 and candidate >= reference * 0.98:
        return "on par with the reference"
    return "better than the reference" if candidate < reference else "behind the reference"
