"""The cell's constants and the slow, exogenous signals that drive it (vectorised numpy).

Values follow the domain research note (a 300 kA prebake Hall-Héroult cell): Faraday
consumption, dose mass, bath mass, dissolution rate, the lean-side voltage rise. Everything
that does not depend on the alumina state is drawn here at once, per minute, so the
sequential part of the simulation (simulate.py) stays a tight loop over plain floats.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

FARADAY = 96485.0
M_AL2O3 = 0.10196  # kg/mol
MINUTES_PER_DAY = 1440


@dataclass(frozen=True)
class Plant:
    """Constants of the simulated cell (defaults: a 300 kA cell, research note §5.1)."""

    current_ka: float = 300.0
    current_efficiency: float = 0.93
    bath_kg: float = 8000.0  # effective bath mass: 1 wt% alumina = 80 kg
    shot_kg: float = 1.8  # mean mass of one feeder dose
    dose_sd: float = 0.02  # shot-to-shot spread of the dose mass
    undissolved: float = 0.6  # share of a dose that first forms rafts/crust (dissolves with lag)
    k_dissolve: float = 0.12  # 1/min at 958 °C (τ ≈ 8 min)
    k_sludge: float = 0.008  # 1/min: undissolved alumina sinking to the bottom sludge
    k_sludge_back: float = 1 / 900  # 1/min: sludge re-dissolving (long memory, τ ≈ 15 h)
    c_anode_effect: float = 1.75  # wt%: below this (± a little) an anode effect starts
    c_start: float = 2.4
    under: float = 0.7  # feed-rate factors of the controller's modes
    over: float = 1.4
    over_minutes: int = 40
    kill_minutes: int = 25  # fast feeding after an anode effect
    max_under_minutes: int = 240  # the controller never under-feeds longer than this
    lean_volts: float = 0.10  # amplitude of the lean-side rise (concentration overvoltage, bubbles)
    lean_width: float = 0.30  # wt%: how fast the rise fades on the rich side
    acd_cm: float = 4.3
    volts_per_cm: float = 0.35
    bath_c: float = 958.0
    alf3: float = 11.0
    ambient_mean: float = 10.0  # unheated potroom (Siberian-type): yearly swing ±18 °C
    ambient_year: float = 18.0
    ambient_day: float = 4.0

    def consumption_kg_per_min(self, current_ka: np.ndarray | float, ce: np.ndarray | float) -> Any:
        """Faraday consumption of alumina, kg per minute, for a current in kA."""
        return np.asarray(current_ka) * 1000.0 * ce * M_AL2O3 / (6 * FARADAY) * 60.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Drivers:
    """Per-minute exogenous signals (arrays of length days*1440) and event lists."""

    current_ka: np.ndarray
    ce: np.ndarray
    shot_true: np.ndarray  # true mean dose mass (drifts with bulk density)
    shot_believed: np.ndarray  # the calibrated value the controller (and the data file) use
    calibration_minutes: np.ndarray  # minutes where a new calibration value starts
    jam: np.ndarray  # share of doses actually delivered (0.75 while one of four feeders is stuck)
    threshold: np.ndarray  # controller's slope threshold, mV/min (operators retune it)
    lean_volts: np.ndarray  # lean-side amplitude drifting with anode condition
    crust_kg: np.ndarray  # alumina falling in at anode changes
    acd_step: np.ndarray  # metal taps raise the anode-cathode distance
    anode_change: np.ndarray  # bool per minute
    ambient: np.ndarray
    bath_c: np.ndarray
    volt_noise: np.ndarray  # 1-minute voltage noise, V
    ae_margin: np.ndarray  # wt% jitter of the anode-effect threshold


def ou(rng: np.random.Generator, n: int, tau: float, sd: float, step: int = 1) -> np.ndarray:
    """An Ornstein-Uhlenbeck path (stationary sd, time constant tau in samples), drawn on a
    coarse grid of `step` samples and held, so slow drifts cost little to draw."""
    m = -(-n // step)
    path = ar1(rng, m, float(np.exp(-step / tau)), sd)
    return np.repeat(path, step)[:n]


def ar1(rng: np.random.Generator, n: int, phi: float, sd: float) -> np.ndarray:
    """An AR(1) path of length n with stationary sd, started in its stationary distribution."""
    from scipy.signal import lfilter

    eps = rng.normal(0.0, sd * np.sqrt(1 - phi * phi), n)
    eps[0] = rng.normal(0.0, sd)
    return np.asarray(lfilter([1.0], [1.0, -phi], eps))


def events(rng: np.random.Generator, n: int, every: float, jitter: float, first: float | None = None) -> np.ndarray:
    """Minutes of roughly periodic events (mean gap `every`, uniform jitter ± `jitter`)."""
    t = first if first is not None else rng.uniform(0, every)
    out = []
    while t < n:
        out.append(int(t))
        t += every + rng.uniform(-jitter, jitter)
    return np.asarray(out, dtype=int)


def episodes(rng: np.random.Generator, n: int, mean_gap: float, lo: float, hi: float) -> list[tuple[int, int]]:
    """Random (start, end) minute spans: Poisson starts, uniform durations."""
    out = []
    t = rng.exponential(mean_gap)
    while t < n:
        d = rng.uniform(lo, hi)
        out.append((int(t), int(min(n, t + d))))
        t += d + rng.exponential(mean_gap)
    return out


def draw_drivers(plant: Plant, days: int, rng: np.random.Generator, start_day_of_year: float) -> Drivers:
    """Everything exogenous, per minute."""
    n = days * MINUTES_PER_DAY
    minutes = np.arange(n)
    day = minutes / MINUTES_PER_DAY

    current = plant.current_ka * (1 + ar1(rng, n, 0.995, 0.003))
    for a, b in episodes(rng, n, 25 * MINUTES_PER_DAY, 120, 480):  # power curtailments
        current[a:b] *= 1 - rng.uniform(0.05, 0.10)
    ce = plant.current_efficiency + ou(rng, n, 20 * MINUTES_PER_DAY, 0.008, step=60)

    shot_true = plant.shot_kg * (1 + ou(rng, n, 15 * MINUTES_PER_DAY, 0.03, step=60))
    calib = events(rng, n, 7 * MINUTES_PER_DAY, 1.5 * MINUTES_PER_DAY, first=0)
    believed = np.empty(n)
    bounds = [*calib.tolist(), n]
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        believed[a:b] = round(float(shot_true[a] * (1 + rng.normal(0, 0.015))), 3)

    jam = np.ones(n)
    for a, b in episodes(rng, n, 18 * MINUTES_PER_DAY, 180, 720):
        jam[a:b] = 0.75

    threshold = np.empty(n)
    retune = events(rng, n, 8 * MINUTES_PER_DAY, 3 * MINUTES_PER_DAY, first=0)
    bounds = [*retune.tolist(), n]
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        threshold[a:b] = rng.uniform(0.6, 1.5)

    lean = plant.lean_volts * np.exp(ou(rng, n, 6 * MINUTES_PER_DAY, 0.15, step=30))

    anode_minutes = events(rng, n, 20 * 60, 2 * 60)
    crust = np.zeros(n)
    crust[anode_minutes] = rng.uniform(5, 25, anode_minutes.size)
    anode_change = np.zeros(n, dtype=bool)
    anode_change[anode_minutes] = True

    taps = (np.arange(days) * MINUTES_PER_DAY + 600 + rng.integers(-60, 60, days)).clip(0, n - 1)
    acd_step = np.zeros(n)
    acd_step[taps] = rng.uniform(0.15, 0.3, days)

    doy = start_day_of_year + day
    ambient = (
        plant.ambient_mean
        + plant.ambient_year * np.cos(2 * np.pi * (doy - 196) / 365.25)
        + plant.ambient_day * np.cos(2 * np.pi * (day % 1 - 15 / 24))
        + ou(rng, n, 3 * MINUTES_PER_DAY, 3.0, step=10)
    )
    # Colder hall, more heat lost through the sides: the bath runs a little colder in winter.
    since_change = _minutes_since(anode_change, n)
    bath = (
        plant.bath_c
        + 0.08 * (ambient - plant.ambient_mean)
        + ou(rng, n, 2 * MINUTES_PER_DAY, 2.5, step=10)
        - 3.0 * np.exp(-since_change / 480.0)
    )
    volt_noise = rng.normal(0, 0.004, n) + ar1(rng, n, 0.97, 0.003)
    ae_margin = ou(rng, n, 600, 0.05, step=10)
    return Drivers(
        current_ka=current, ce=ce, shot_true=shot_true, shot_believed=believed, calibration_minutes=calib,
        jam=jam, threshold=threshold, lean_volts=lean, crust_kg=crust, acd_step=acd_step,
        anode_change=anode_change, ambient=ambient, bath_c=bath, volt_noise=volt_noise, ae_margin=ae_margin,
    )


def _minutes_since(flags: np.ndarray, n: int) -> np.ndarray:
    """Minutes since the last True in flags (large before the first)."""
    idx = np.where(flags, np.arange(n), -10**6)
    last = np.maximum.accumulate(idx)
    return (np.arange(n) - last).astype(float)
