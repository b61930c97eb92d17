"""What the plant's historian records every 3 minutes, and the hidden state beside it.

Each sensor is a physical function of the state plus the kind of dirt real historians hold:
estimator noise, slow biases, stuck or drifting thermocouples, open-circuit codes, dropouts.
All vectorised over the whole run.
"""

from __future__ import annotations

import numpy as np

from sobes.cases.electrolysis import layout as L
from sobes.cases.electrolysis.plant import Drivers, Plant, ar1, ou
from sobes.cases.electrolysis.simulate import Minutes

STEP = L.STEP_MINUTES
OPEN_CIRCUIT = 1372.0  # what a broken type-K thermocouple channel reads


def per_row(x: np.ndarray, how: str = "mean") -> np.ndarray:
    """Aggregate a per-minute array into 3-minute rows (mean, sum, last or any)."""
    m = x[: x.size // STEP * STEP].reshape(-1, STEP)
    if how == "sum":
        return np.asarray(m.sum(axis=1))
    if how == "last":
        return np.asarray(m[:, -1])
    if how == "any":
        return np.asarray(m.any(axis=1))
    return np.asarray(m.mean(axis=1))


def lag(x: np.ndarray, tau: float) -> np.ndarray:
    """First-order lag (time constant tau in samples), started at the first value."""
    from scipy.signal import lfilter

    phi = float(np.exp(-1.0 / tau))
    y, _ = lfilter([1 - phi], [1.0, -phi], x, zi=[phi * x[0]])
    return np.asarray(y)


def rows_since(flags: np.ndarray) -> np.ndarray:
    n = flags.size
    idx = np.where(flags, np.arange(n), -10**6)
    return (np.arange(n) - np.maximum.accumulate(idx)).astype(float)


def liquidus(alumina: np.ndarray, alf3: np.ndarray) -> np.ndarray:
    """Bath liquidus, °C: about −4.8 °C per wt% alumina and −3.5 °C per wt% excess AlF3 (with
    CaF2 in the bath, so lower than the CaF2-free formula in the research note)."""
    return np.asarray(950.0 - 4.8 * (alumina - 2.3) - 3.5 * (alf3 - 11.0))


def record(plant: Plant, drivers: Drivers, minutes: Minutes, rng: np.random.Generator) -> tuple[
    dict[str, np.ndarray], dict[str, np.ndarray]
]:
    """The 3-minute sensor columns (by the task's names) and the hidden 3-minute state."""
    c = per_row(minutes.alumina, "last")
    n = c.size
    ae = per_row(minutes.anode_effect, "any")
    anode = per_row(drivers.anode_change, "any")
    since_anode = rows_since(anode)
    bath = per_row(drivers.bath_c)
    ambient = per_row(drivers.ambient)
    alf3 = plant.alf3 + ou(rng, n, 7 * 480, 0.8, step=20)
    superheat = bath - liquidus(c, alf3)
    sludge = per_row(minutes.sludge, "last")
    lean = per_row(drivers.lean_volts)
    c_mean = per_row(minutes.alumina)

    cols: dict[str, np.ndarray] = {}
    cols[L.DOSES] = per_row(minutes.doses, "sum").astype(float)

    slope = per_row(minutes.slope) + rng.normal(0, 0.15, n)
    slope[ae] = rng.uniform(60, 300, int(ae.sum()))
    cols[L.SLOPE] = np.round(slope, 3)

    # Back-EMF: the controller's zero-current extrapolation. Part of the lean-side rise is
    # concentration overvoltage, which the extrapolation sees; estimator noise and a slow bias.
    emf = (
        1.58 + 0.025 * (3.0 - c_mean) + 0.8 * lean * np.exp(-(c_mean - plant.c_anode_effect) / plant.lean_width)
        - 0.0005 * (bath - plant.bath_c)
        + ou(rng, n, 5 * 480, 0.008, step=10)
        + 0.015 * np.exp(-since_anode / 80.0)
        + ar1(rng, n, 0.6, 0.012)
    )
    emf[ae] = np.nan
    emf[_bursts(rng, n, per_year=40, lo=1, hi=60)] = np.nan
    cols[L.BACK_EMF] = np.round(emf, 4)

    log_noise = (
        np.log(12.0) + ar1(rng, n, 0.98, 0.25) + 1.2 * np.clip(2.2 - c_mean, 0, None)
        + 0.002 * (sludge - 150.0) + 0.8 * np.exp(-since_anode / 80.0)
        + 0.4 * (plant.acd_cm - per_row(minutes.acd))  # a shorter anode-cathode distance makes the metal pad noisier
    )
    for a, b in _spans(rng, n, per_year=5, lo=480, hi=4 * 480):  # instability regimes lasting days
        log_noise[a:b] += 0.6
    noise = np.exp(log_noise)
    noise[ae] *= rng.uniform(8, 20, int(ae.sum()))
    cols[L.NOISE] = np.round(noise, 2)

    temps = _shell_temperatures(rng, n, ambient, superheat)
    cols.update(temps)

    state = {
        "alumina": c, "alumina_mean": c_mean, "undissolved_kg": per_row(minutes.undissolved, "last"),
        "sludge_kg": sludge, "acd_cm": per_row(minutes.acd, "last"), "bath_c": bath, "alf3": alf3,
        "superheat_c": superheat, "ambient_c": ambient, "mode": per_row(minutes.mode, "last"),
        "anode_effect": ae, "anode_change": anode, "feeder_jam": per_row(drivers.jam < 1, "any"),
        "delivered_kg": per_row(minutes.delivered, "sum"), "crust_kg": per_row(minutes.crust, "sum"),
        "consumed_kg": per_row(minutes.consumed, "sum"), "shot_true_kg": per_row(drivers.shot_true),
    }
    return cols, state


def _shell_temperatures(rng: np.random.Generator, n: int, ambient: np.ndarray, superheat: np.ndarray) -> dict[
    str, np.ndarray
]:
    """Sidewall shell temperatures: hall air (fast, τ ≈ 2 h) plus the ledge response to
    superheat (slow, τ ≈ 1.5 days), per-position offsets, and the usual thermocouple faults."""
    air = lag(ambient - 10.0, 40.0)
    ledge = lag(superheat - 8.0, 720.0)
    out: dict[str, np.ndarray] = {}
    for j, name in enumerate(L.TEMPERATURES):
        corner = name in ("Board Temp. 1", "Board Temp. 6", "Board Temp. 7", "Board Temp. 12")
        end_wall = name in L.FACE or name in L.DEAF
        base = 300.0 + rng.normal(0, 20) - 30.0 * corner - 45.0 * end_wall
        gain_air = rng.uniform(0.45, 0.7)
        gain_ledge = rng.uniform(2.0, 4.0) * (0.6 if end_wall else 1.0)
        t = base + gain_air * air + gain_ledge * ledge + ou(rng, n, 480, 3.0, step=5) + rng.normal(0, 1.0, n)
        _thermocouple_faults(rng, t, j)
        out[name] = np.round(t, 1)
    return out


def _thermocouple_faults(rng: np.random.Generator, t: np.ndarray, j: int) -> None:
    """In place: dropouts, open-circuit codes, spikes; some channels stick or drift for weeks."""
    n = t.size
    for a, b in _spans(rng, n, per_year=3, lo=20, hi=3 * 480):
        t[a:b] = np.nan
    for a, b in _spans(rng, n, per_year=1.5, lo=10, hi=200):
        t[a:b] = OPEN_CIRCUIT
    spikes = rng.random(n) < 0.0005
    t[spikes] += rng.choice([-1, 1], int(spikes.sum())) * rng.uniform(40, 120, int(spikes.sum()))
    if j % 5 == 2:  # a stuck channel: the logger repeats its last value
        for a, b in _spans(rng, n, per_year=1.5, lo=7 * 480, hi=30 * 480):
            t[a:b] = t[a]
    if j % 7 == 3:  # a drifting junction: +15…+30 °C over weeks until it is replaced
        for a, b in _spans(rng, n, per_year=1.2, lo=14 * 480, hi=45 * 480):
            t[a:b] += np.linspace(0, rng.uniform(15, 30), b - a)


def _spans(rng: np.random.Generator, n: int, per_year: float, lo: float, hi: float) -> list[tuple[int, int]]:
    """Random spans of rows: `per_year` on average per 175,200 rows, durations lo..hi rows."""
    k = rng.poisson(per_year * n / (365 * 480))
    starts = np.sort(rng.integers(0, max(1, n), k))
    return [(int(s), int(min(n, s + rng.uniform(lo, hi)))) for s in starts]


def _bursts(rng: np.random.Generator, n: int, per_year: float, lo: float, hi: float) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    for a, b in _spans(rng, n, per_year, lo, hi):
        mask[a:b] = True
    return mask


def row_gaps(rng: np.random.Generator, n: int) -> np.ndarray:
    """Rows lost by the historian (communication outages): a mask of rows to drop."""
    return _bursts(rng, n, per_year=30, lo=5, hi=120)
