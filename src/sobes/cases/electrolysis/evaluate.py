"""Time-based evaluation of the reference solution for several lab intervals.

The labs are split in time: the first 70 % train, then a 48 h purge gap, then the rest is
evaluated. For a lab interval of k hours, the model may use every training lab and, in the
evaluation period, only the labs a plant measuring every k hours would have (older than the
moment predicted). "none" means no lab at all after training — the model alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from sobes.cases.electrolysis import layout as L
from sobes.cases.electrolysis.features import at_times
from sobes.cases.electrolysis.models import (
    SoftSensor,
    fit_soft_sensor,
    last_known,
    regression_metrics,
    with_lab_correction,
)

if TYPE_CHECKING:
    import pandas as pd

INTERVALS: dict[str, float | None] = {"12h": 12.0, "24h": 24.0, "48h": 48.0, "none": None}
MODELS = ("mean", "last_value", "ridge", "gbm", "ridge_lab", "gbm_lab", "reference")
REFERENCE = "reference"  # the average of ridge and boosting, with the lab correction


@dataclass
class Evaluation:
    metrics: dict[str, Any]
    predictions: dict[str, pd.DataFrame]  # per interval: Time, target, truth, one column per model
    model: SoftSensor
    split: dict[str, str]
    ablation: dict[str, dict[str, float]]  # ridge with and without the seasonal temperature features


def thinned(times: pd.DatetimeIndex, start: pd.Timestamp, hours: float) -> np.ndarray:
    """Which labs a plant measuring every `hours` hours would have taken (twice-daily grid)."""
    slot = ((times - start).total_seconds() // (12 * 3600)).astype(int)
    return np.asarray(slot % int(round(hours / 12)) == 0)


def evaluate(features: pd.DataFrame, labs: pd.DataFrame, feed_rate: float, truth: pd.Series | None = None,
             train_share: float = 0.7, gap_h: float = 48.0) -> Evaluation:
    """Fit on the first part of the labs and score every model on the rest, per lab interval.
    `truth` (true alumina by lab time, from the hidden truth) adds the noise floor."""
    import pandas as pd

    from sobes.errors import BadInputError

    labs = labs.dropna().sort_values(L.TIME).reset_index(drop=True)
    x = at_times(features, labs[L.TIME])
    usable = x.notna().any(axis=1).to_numpy()
    labs, x = labs.loc[usable].reset_index(drop=True), x.loc[usable]
    if len(labs) < 40:
        raise BadInputError(f"only {len(labs)} lab values overlap the sensor series; evaluation needs ≥ 40 "
                            "(generate at least ~30 days)")
    times = pd.DatetimeIndex(labs[L.TIME])
    y = labs[L.TARGET].to_numpy(dtype=float)
    split_at = times[int(len(labs) * train_share)]
    train = np.asarray(times < split_at)
    test = np.asarray(times >= split_at + pd.Timedelta(hours=gap_h))
    model = fit_soft_sensor(x.loc[train], y[train], times[train], feed_rate)
    sensor_all = model.sensor_predictions(x)

    t_test, y_test = times[test], y[test]
    true_test = truth.reindex(t_test).to_numpy(dtype=float) if truth is not None else None
    metrics: dict[str, Any] = {}
    predictions: dict[str, pd.DataFrame] = {}
    for key, hours in INTERVALS.items():
        known = train.copy()
        if hours is not None:
            known |= test & thinned(times, split_at, hours)
        kt, kv = times[known], y[known]
        preds: dict[str, np.ndarray] = {"mean": np.full(test.sum(), y[train].mean())}
        k = last_known(t_test, kt)
        preds["last_value"] = np.where(k >= 0, kv[np.clip(k, 0, None)], y[train].mean())
        for name in ("ridge", "gbm"):
            preds[name] = sensor_all[name][test]
        for name, base in (("ridge_lab", "ridge"), ("gbm_lab", "gbm"), ("reference", "reference")):
            preds[name] = with_lab_correction(sensor_all[base][test], t_test, kt, kv, sensor_all[base][known],
                                              model.gain[base])
        m: dict[str, Any] = {name: regression_metrics(p, y_test) for name, p in preds.items()}
        lv = m["last_value"]["rmse"]
        for name in MODELS:
            m[name]["skill"] = round(1 - m[name]["rmse"] / lv, 4) if lv > 0 else 0.0
        entry: dict[str, Any] = {name: m[name] for name in MODELS if name != "last_value"}
        entry["last_value_metrics"] = m["last_value"]
        entry["last_value"] = lv
        entry["n"] = int(test.sum())
        entry["noise_floor"] = None
        if true_test is not None and np.isfinite(true_test).all():
            entry["noise_floor"] = round(float(np.sqrt(np.mean((y_test - true_test) ** 2))), 4)
            entry["rmse_vs_truth"] = {n: round(float(np.sqrt(np.mean((p - true_test) ** 2))), 4)
                                      for n, p in preds.items()}
            entry["reference_vs_floor"] = round(m[REFERENCE]["rmse"] / entry["noise_floor"], 3)
            entry["reference_vs_floor_ci90"] = _ratio_ci(preds[REFERENCE], y_test, true_test, t_test)
        entry["reference_model"] = REFERENCE
        metrics[key] = entry
        frame = pd.DataFrame({L.TIME: t_test, L.TARGET: y_test, **preds})
        if true_test is not None:
            frame["truth"] = true_test
        predictions[key] = frame
    split = {"train_until": str(split_at), "gap_hours": str(gap_h),
             "test_from": str(split_at + pd.Timedelta(hours=gap_h)), "test_until": str(times[-1])}
    for entry in metrics.values():
        entry["split"] = split
    return Evaluation(metrics, predictions, model, split, _temperature_ablation(x, y, train, test))


def _ratio_ci(pred: np.ndarray, y: np.ndarray, truth: np.ndarray, times: pd.DatetimeIndex,
              n_boot: int = 500) -> list[float]:
    """90 % interval of RMSE/floor from a bootstrap over whole days (errors within a day are
    correlated): with ~150 test labs the ratio moves by several hundredths between samples."""
    days = np.asarray(times.normalize().asi8)
    uniq, inverse = np.unique(days, return_inverse=True)
    rng = np.random.default_rng(0)
    err2, noise2 = np.bincount(inverse, (pred - y) ** 2), np.bincount(inverse, (y - truth) ** 2)
    ratios = []
    for _ in range(n_boot):
        pick = rng.integers(0, uniq.size, uniq.size)
        floor = noise2[pick].sum()
        if floor > 0:
            ratios.append(float(np.sqrt(err2[pick].sum() / floor)))
    lo, hi = np.percentile(ratios, [5, 95])
    return [round(float(lo), 3), round(float(hi), 3)]


def _temperature_ablation(x: pd.DataFrame, y: np.ndarray, train: np.ndarray, test: np.ndarray) -> dict[
    str, dict[str, float]
]:
    """Test RMSE and bias of the ridge model with and without the shell-temperature features."""
    from sobes.cases.electrolysis.models import make_estimator, model_columns

    out = {}
    for name, cols in (("with_temperatures", list(x.columns)), ("without", model_columns(list(x.columns)))):
        pred = make_estimator("ridge").fit(x.loc[train, cols], y[train]).predict(x.loc[test, cols])
        err = pred - y[test]
        out[name] = {"rmse": round(float(np.sqrt(np.mean(err**2))), 4), "bias": round(float(np.mean(err)), 4)}
    return out
