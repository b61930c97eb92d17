"""Findings computed from the data (nothing here is hard-coded about the simulator)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sobes.cases.electrolysis import layout as L
from sobes.cases.electrolysis.features import ROWS_PER_HOUR, at_times, clean_temperatures, regular_grid

if TYPE_CHECKING:
    import pandas as pd

    from sobes.cases.electrolysis.files import Dataset


def hygiene(ds: Dataset) -> dict[str, Any]:
    """Gaps, missing values, faulty thermocouples."""
    s = ds.series
    grid = regular_grid(s)
    missing_rows = int(grid[L.DOSES].isna().sum())
    gaps = grid[L.DOSES].isna().astype(int).diff().fillna(0).eq(1).sum()
    raw = grid[L.TEMPERATURES]
    cleaned = clean_temperatures(grid)
    bad = ((cleaned.isna() & raw.notna()).sum() / raw.notna().sum().clip(lower=1)).sort_values(ascending=False)
    open_circuit = (raw > 900).sum()
    board = cleaned[L.BOARD]
    offset = board.sub(board.median(axis=1), axis=0)
    weekly = offset.rolling(7 * 24 * ROWS_PER_HOUR, min_periods=24 * ROWS_PER_HOUR).mean()
    drift = (weekly - offset.median()).abs().max()
    return {
        "drifting_sensors": {c: round(float(v), 1) for c, v in drift.items() if v > 12},
        "rows": len(s), "start": str(s.index.min()), "end": str(s.index.max()),
        "missing_rows": missing_rows, "gaps": int(gaps), "missing_hours": round(missing_rows * L.STEP_MINUTES / 60, 1),
        "nan_share": {c: round(float(s[c].isna().mean()), 4) for c in [L.NOISE, L.BACK_EMF, L.SLOPE, L.DOSES]},
        "faulty_sensors": {c: round(float(v), 3) for c, v in bad.items() if v > 0.02},
        "open_circuit_rows": {c: int(v) for c, v in open_circuit.items() if v > 0},
        "calibrations": len(ds.dose_mass),
    }


def target_profile(labs: pd.DataFrame) -> dict[str, Any]:
    y = labs.set_index(L.TIME)[L.TARGET]
    hours = y.index.hour
    lag12 = y.shift(1)
    return {
        "n": int(y.size), "mean": round(float(y.mean()), 3), "std": round(float(y.std()), 3),
        "min": round(float(y.min()), 2), "max": round(float(y.max()), 2),
        "autocorr_12h": round(float(y.corr(lag12)), 3),
        "mean_by_hour": {int(h): round(float(v), 3) for h, v in y.groupby(hours).mean().items()},
    }


def feeding_lag(features: pd.DataFrame, ds: Dataset) -> dict[str, Any]:
    """Correlation of the lab value with the net fed mass of the hour ending `lag` hours earlier:
    where it peaks is how long fed alumina takes to show in the bath (after the controller's
    own reaction to low alumina, which makes the shortest lags negative)."""
    lags = np.arange(0, 6.25, 0.25)
    times = ds.labs[L.TIME]
    y = ds.labs[L.TARGET].to_numpy()
    net = features["net_fed_1h"]
    corr = []
    for lag in lags:
        v = at_times(net.to_frame(), times - np.timedelta64(int(lag * 60), "m"))["net_fed_1h"].to_numpy()
        ok = np.isfinite(v) & np.isfinite(y)
        corr.append(float(np.corrcoef(v[ok], y[ok])[0, 1]) if ok.sum() > 10 else 0.0)
    best, worst = int(np.argmax(corr)), int(np.argmin(corr))
    return {"lags_h": lags.tolist(), "corr": [round(c, 3) for c in corr], "best_lag_h": float(lags[best]),
            "best_corr": round(corr[best], 3), "worst_lag_h": float(lags[worst]), "worst_corr": round(corr[worst], 3)}


def cycle(features: pd.DataFrame) -> dict[str, Any]:
    """The feed controller's under/over cycle as seen in the dose counts."""
    starts = features["since_lean_h"].to_numpy() == 0
    n_days = len(features) / (24 * ROWS_PER_HOUR)
    return {"overfeed_starts_per_day": round(float(starts.sum() / max(n_days, 1e-9)), 2),
            "mean_cycle_h": round(float(24 * n_days / max(starts.sum(), 1)), 2)}


def seasonality(features: pd.DataFrame, ds: Dataset) -> dict[str, Any]:
    """Monthly means of the sidewall temperature and of the target, and their correlation."""
    temp = features["board_temp_24h"].resample("MS").mean()
    target = ds.labs.set_index(L.TIME)[L.TARGET].resample("MS").mean()
    both = temp.to_frame("temp").join(target.to_frame("target"), how="inner").dropna()
    x = at_times(features[["board_temp_24h"]], ds.labs[L.TIME])["board_temp_24h"].to_numpy()
    y = ds.labs[L.TARGET].to_numpy()
    ok = np.isfinite(x) & np.isfinite(y)
    return {
        "monthly": [
            {"month": str(i.date())[:7], "board_temp": round(float(r.temp), 1), "target": round(float(r.target), 3)}
            for i, r in both.iterrows()
        ],
        "temp_range": round(float(temp.max() - temp.min()), 1) if temp.notna().any() else 0.0,
        "corr_temp_target": round(float(np.corrcoef(x[ok], y[ok])[0, 1]), 3) if ok.sum() > 10 else 0.0,
    }


def drivers(model: Any, x: pd.DataFrame, y: np.ndarray) -> list[dict[str, Any]]:
    """Permutation importance of the boosting model on its training labs: which signals carry
    the target."""
    from sklearn.inspection import permutation_importance

    est = model.estimators["gbm"]
    r = permutation_importance(est, x[model.columns], y, n_repeats=3, random_state=0,
                               scoring="neg_root_mean_squared_error")
    order = np.argsort(-r.importances_mean)
    return [{"feature": model.columns[i], "rmse_increase": round(float(r.importances_mean[i]), 4)} for i in order[:10]]


def emf_relation(features: pd.DataFrame, ds: Dataset) -> dict[str, Any]:
    """Back-EMF vs target by target band: steep on the lean side, flat on the rich side."""
    x = at_times(features[["emf_15m"]], ds.labs[L.TIME])["emf_15m"].to_numpy()
    y = ds.labs[L.TARGET].to_numpy()
    ok = np.isfinite(x) & np.isfinite(y)
    lean = ok & (y < np.nanmedian(y))
    rich = ok & (y >= np.nanmedian(y))
    slope = {}
    for name, m in (("lean", lean), ("rich", rich)):
        slope[name] = round(float(np.polyfit(y[m], x[m], 1)[0] * 1000), 1) if m.sum() > 10 else 0.0
    return {"mv_per_wt_pct": slope, "x": x[ok].tolist(), "y": y[ok].tolist()}
