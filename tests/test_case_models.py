"""The reference model's parts: lab thinning, the lab-correction gain, features that only look back."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sobes.cases.electrolysis import layout as L
from sobes.cases.electrolysis.evaluate import thinned
from sobes.cases.electrolysis.features import at_times, build_features
from sobes.cases.electrolysis.models import LabGain, fit_gain, last_known, with_lab_correction


def twice_daily(n: int) -> pd.DatetimeIndex:
    return pd.date_range("2018-01-01 08:00", periods=n, freq="12h")


def test_thinning_keeps_every_kth_lab() -> None:
    times = twice_daily(8)
    assert thinned(times, times[0], 12).all()
    assert thinned(times, times[0], 24).tolist() == [True, False] * 4
    assert thinned(times, times[0], 48).tolist() == [True, False, False, False] * 2


def test_gain_follows_the_residual_autocorrelation() -> None:
    rng = np.random.default_rng(0)
    n = 600
    slow = np.zeros(n)
    for i in range(1, n):  # AR(1) per 12 h with phi 0.8, plus white lab noise of the same size
        slow[i] = 0.8 * slow[i - 1] + rng.normal(0, 0.6)
    resid = slow + rng.normal(0, 1.0, n)
    gain = fit_gain(twice_daily(n), resid)
    var_slow = 0.36 / (1 - 0.64)
    expected = 0.8 * var_slow / (var_slow + 1.0)
    g12, g48 = gain(np.array([12.0, 48.0]))
    assert abs(g12 - expected) < 0.1
    assert g48 < g12
    noise_only = fit_gain(twice_daily(n), rng.normal(0, 1, n))
    assert noise_only(np.array([12.0]))[0] < 0.1


def test_lab_correction_uses_only_labs_taken_before() -> None:
    labs = twice_daily(3)
    evals = pd.DatetimeIndex([labs[0] - pd.Timedelta(hours=1), labs[1], labs[1] + pd.Timedelta(hours=6)])
    assert last_known(evals, labs).tolist() == [-1, 0, 1]
    gain = LabGain(ages=[0.0, 12.0, 24.0], gains=[1.0, 1.0, 0.0])
    out = with_lab_correction(np.zeros(3), evals, labs, np.array([1.0, 2.0, 3.0]), np.zeros(3), gain)
    assert out[0] == 0.0  # nothing known yet
    assert out[1] == 1.0  # the lab at the same moment is not yet known: the previous one, 12 h old
    assert 1.0 < out[2] <= 2.0


def test_features_at_a_time_do_not_change_when_the_future_changes() -> None:
    rng = np.random.default_rng(1)
    times = pd.date_range("2018-01-01 00:03", periods=2000, freq="3min")
    series = pd.DataFrame({c: rng.normal(300, 5, times.size) for c in L.TEMPERATURES}, index=times)
    series[L.NOISE] = rng.uniform(10, 15, times.size)
    series[L.BACK_EMF] = rng.normal(1.6, 0.01, times.size)
    series[L.SLOPE] = rng.normal(0, 0.3, times.size)
    series[L.DOSES] = rng.integers(3, 8, times.size).astype(float)
    mass = pd.DataFrame({L.TIME: [times[0]], L.AVG_MASS: [1.8]})
    at = pd.DatetimeIndex([times[1500]])
    full, rate = build_features(series, mass)
    future = series.copy()
    future.iloc[1501:] = future.iloc[1501:] * 3
    changed, _ = build_features(future, mass, feed_rate=rate)
    pd.testing.assert_frame_equal(at_times(full, at), at_times(changed, at))
