"""Features on the 3-minute grid, built from what physically carries information on alumina.

* Feeding: fed mass = doses × calibrated dose mass, minus the long-run feed rate (which equals
  Faraday consumption), summed over windows; and the net mass fed since the controller last
  detected a lean bath (the start of an over-feed period) — the mass balance over one cycle.
* Electrical: back-EMF and the voltage slope rise steeply on the lean side; window means
  remove estimator noise, the deviation from a day's mean removes the slow estimator bias.
* Noise (log) rises near an anode effect and with sludge; anode effects themselves
  (noise/slope spikes) are followed by fast feeding.
* Temperatures: a robust median over the long-side thermocouples after removing open-circuit
  codes, spikes and stuck channels; slow, seasonal, only weakly tied to alumina (liquidus).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sobes.cases.electrolysis import layout as L

if TYPE_CHECKING:
    import pandas as pd

ROWS_PER_HOUR = 60 // L.STEP_MINUTES


def regular_grid(series: pd.DataFrame) -> pd.DataFrame:
    """Reindex to a full 3-minute grid: historian gaps become NaN rows (never invented values)."""
    import pandas as pd

    idx = pd.date_range(series.index.min(), series.index.max(), freq=f"{L.STEP_MINUTES}min")
    return series.reindex(idx)


def clean_temperatures(series: pd.DataFrame) -> pd.DataFrame:
    """Thermocouple channels with open-circuit codes, spikes and stuck stretches set to NaN."""
    t = series[L.TEMPERATURES].copy()
    t = t.where((t > 20) & (t < 900))
    med = t.rolling(7, center=True, min_periods=3).median()
    t = t.where((t - med).abs() < 25)
    # A channel that repeats one value for 8 hours is stuck (a live one moves by ≥ 0.1 °C);
    # the flag also covers the first 8 hours of the stretch.
    flat = t.diff().abs().rolling(8 * ROWS_PER_HOUR, min_periods=6 * ROWS_PER_HOUR).max() < 1e-9
    stuck = flat | flat[::-1].rolling(8 * ROWS_PER_HOUR, min_periods=1).max()[::-1].astype(bool)
    return t.where(~stuck)


def stuck_share(series: pd.DataFrame) -> pd.Series:
    """Share of rows each thermocouple spends stuck, open-circuit or missing (for the report)."""
    raw = series[L.TEMPERATURES]
    cleaned = clean_temperatures(series)
    return (cleaned.isna() & ~raw.isna()).mean() + raw.isna().mean()


def dose_mass_per_row(index: pd.DatetimeIndex, dose_mass: pd.DataFrame, default: float) -> pd.Series:
    """The calibrated dose mass valid at each row (last calibration at or before the row)."""
    import pandas as pd

    if dose_mass.empty:
        return pd.Series(default, index=index)
    dm = dose_mass.sort_values(L.TIME)
    pos = np.searchsorted(dm[L.TIME].to_numpy(), index.to_numpy(), side="right") - 1
    values = dm[L.AVG_MASS].to_numpy(dtype=float)
    out = np.where(pos >= 0, values[np.clip(pos, 0, None)], values[0])
    return pd.Series(out, index=index)


def build_features(series: pd.DataFrame, dose_mass: pd.DataFrame, feed_rate: float | None = None,
                   default_mass: float = 1.8) -> tuple[pd.DataFrame, float]:
    """Feature table on the regular 3-minute grid, and the long-run fed mass per row used to
    centre the feeding windows (pass the training value when predicting)."""
    import pandas as pd

    g = regular_grid(series)
    mass = dose_mass_per_row(g.index, dose_mass, default_mass)
    doses = g[L.DOSES]
    fed = (doses * mass).fillna(0.0)
    if feed_rate is None:
        feed_rate = float((doses * mass).mean())
    net = (doses * mass - feed_rate).fillna(0.0)
    f: dict[str, pd.Series] = {}
    for hours in (0.5, 1, 2, 3, 6, 12, 24):
        w = int(hours * ROWS_PER_HOUR)
        f[f"net_fed_{hours}h"] = net.rolling(w, min_periods=1).sum()
    f["fed_rate_1h"] = fed.rolling(ROWS_PER_HOUR, min_periods=1).mean()

    # Controller cycle: a row feeding more than the long-run rate (by 15 %) is over-feeding;
    # under-feed rows sit near 70 % of it and over-feed rows near 140 %.
    over = ((doses * mass) > 1.15 * feed_rate).to_numpy()
    start_over = over & ~np.roll(over, 1)
    start_over[0] = False
    f["since_lean_h"] = _rows_since(start_over, cap=8 * ROWS_PER_HOUR) / ROWS_PER_HOUR
    f["net_since_lean_kg"] = _sum_since(net.to_numpy(), start_over, cap=8 * ROWS_PER_HOUR, index=g.index)
    f["over_share_3h"] = pd.Series(over.astype(float), index=g.index).rolling(3 * ROWS_PER_HOUR, min_periods=1).mean()

    emf = g[L.BACK_EMF].where(g[L.NOISE] < 8 * g[L.NOISE].rolling(480, min_periods=20).median())
    emf_day = emf.rolling(24 * ROWS_PER_HOUR, min_periods=ROWS_PER_HOUR).mean()
    for rows, name in ((5, "15m"), (ROWS_PER_HOUR, "1h"), (3 * ROWS_PER_HOUR, "3h")):
        m = emf.rolling(rows, min_periods=1).mean()
        f[f"emf_{name}"] = m
        f[f"emf_{name}_dev"] = m - emf_day
    f["emf_min_3h"] = emf.rolling(5, min_periods=1).mean().rolling(3 * ROWS_PER_HOUR, min_periods=1).max()
    # The back-EMF at the moment the controller last found the bath lean measures the level
    # the cycle started from (steep lean-side signature); the fed mass since then adds to it.
    f["emf_at_lean"] = _value_at(f["emf_15m"], start_over, cap=8 * ROWS_PER_HOUR)
    f["emf_at_lean_dev"] = _value_at(f["emf_15m_dev"], start_over, cap=8 * ROWS_PER_HOUR)

    slope = g[L.SLOPE].clip(-5, 10)
    for rows, name in ((5, "15m"), (ROWS_PER_HOUR, "1h"), (3 * ROWS_PER_HOUR, "3h")):
        f[f"slope_{name}"] = slope.rolling(rows, min_periods=1).mean()
    f["slope_max_1h"] = slope.rolling(5, min_periods=1).mean().rolling(ROWS_PER_HOUR, min_periods=1).max()

    log_noise = np.log(g[L.NOISE].clip(lower=0.1))
    f["log_noise_1h"] = log_noise.rolling(ROWS_PER_HOUR, min_periods=1).median()
    f["log_noise_dev"] = f["log_noise_1h"] - log_noise.rolling(24 * ROWS_PER_HOUR, min_periods=ROWS_PER_HOUR).median()
    # Anode changes show as a jump in noise that decays over hours; crust falls in with them.
    jump = (log_noise.rolling(5, min_periods=1).median()
            - log_noise.rolling(24 * ROWS_PER_HOUR, min_periods=ROWS_PER_HOUR).median()) > 0.5
    jump_np = jump.to_numpy() & ~np.roll(jump.to_numpy(), 1)
    f["since_noise_jump_h"] = _rows_since(jump_np, cap=24 * ROWS_PER_HOUR) / ROWS_PER_HOUR
    spikes = ((g[L.SLOPE] > 30) | (g[L.NOISE] > 8 * g[L.NOISE].rolling(480, min_periods=20).median())).astype(float)
    f["anode_effect_3h"] = spikes.rolling(3 * ROWS_PER_HOUR, min_periods=1).max()

    temps = clean_temperatures(g)
    board = temps[L.BOARD].median(axis=1)
    f["board_temp_24h"] = board.rolling(24 * ROWS_PER_HOUR, min_periods=ROWS_PER_HOUR).mean()
    f["board_temp_dev"] = f["board_temp_24h"] - board.rolling(7 * 24 * ROWS_PER_HOUR, min_periods=ROWS_PER_HOUR).mean()
    f["ends_temp_24h"] = temps[L.FACE + L.DEAF].median(axis=1).rolling(24 * ROWS_PER_HOUR,
                                                                        min_periods=ROWS_PER_HOUR).mean()
    out = pd.DataFrame(f, index=g.index)
    # Rows inside a historian gap carry the last known features forward for at most 2 hours.
    return out.ffill(limit=2 * ROWS_PER_HOUR), feed_rate


def _rows_since(flags: np.ndarray, cap: int) -> np.ndarray:
    n = flags.size
    idx = np.where(flags, np.arange(n), -10**9)
    return np.minimum(np.arange(n) - np.maximum.accumulate(idx), cap).astype(float)


def _value_at(values: pd.Series, flags: np.ndarray, cap: int) -> pd.Series:
    """The value at the last flagged row, carried forward for at most `cap` rows."""
    return values.where(flags).ffill(limit=cap)


def _sum_since(values: np.ndarray, flags: np.ndarray, cap: int, index: pd.DatetimeIndex) -> pd.Series:
    """Sum of values since the last flagged row (inclusive), capped at `cap` rows back."""
    import pandas as pd

    cs = np.concatenate([[0.0], np.cumsum(values)])
    n = values.size
    idx = np.where(flags, np.arange(n), -10**9)
    last = np.maximum(np.maximum.accumulate(idx), np.arange(n) - cap + 1)
    last = np.clip(last, 0, None)
    return pd.Series(cs[np.arange(n) + 1] - cs[last], index=index)


def at_times(features: pd.DataFrame, times: pd.Series | pd.DatetimeIndex) -> pd.DataFrame:
    """Feature rows at given timestamps (the row labelled at or just before each time)."""
    import pandas as pd

    t = pd.DatetimeIndex(times)
    pos = features.index.searchsorted(t, side="right") - 1
    rows = features.iloc[np.clip(pos, 0, None)].copy()
    rows[pos < 0] = np.nan
    rows.index = t
    return rows
