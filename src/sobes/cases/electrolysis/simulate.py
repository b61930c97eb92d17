"""The cell itself: alumina mass balance under a feed controller, minute by minute.

State (per minute): dissolved alumina A (kg; the target is C = 100·A/bath mass, wt%),
undissolved rafts/crust U_r (kg), bottom sludge S (kg), anode-cathode distance (cm), the
controller's mode and its slope estimate. The balance is exact by construction:
A + U_r + S changes by (delivered doses) − (Faraday consumption) every minute, which the
tests check. The controller closes the loop the way real point-feed controllers do: it
under-feeds until the voltage slope says alumina is getting lean, then over-feeds for a
fixed time; an anode effect (only when alumina falls below ~1.75 wt%) triggers fast feeding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sobes.cases.electrolysis.plant import Drivers, Plant, draw_drivers

UNDER, OVER, KILL = 0, 1, 2


@dataclass
class Minutes:
    """Per-minute trajectories of the hidden state and of what the controller saw."""

    alumina: np.ndarray  # dissolved, wt%
    undissolved: np.ndarray  # kg
    sludge: np.ndarray  # kg
    acd: np.ndarray  # cm
    mode: np.ndarray  # UNDER / OVER / KILL
    doses: np.ndarray  # dose commands per minute (what the counter records)
    delivered: np.ndarray  # kg actually reaching the bath from the feeders
    crust: np.ndarray  # kg of crust alumina falling in at anode changes
    consumed: np.ndarray  # kg consumed by electrolysis
    slope: np.ndarray  # controller's slope estimate, mV/min
    volts_norm: np.ndarray  # normalised voltage the controller tracks, V
    anode_effect: np.ndarray  # bool
    stock0: float = 0.0  # alumina in the cell (all three pools) before the first minute
    extra: dict[str, np.ndarray] = field(default_factory=dict)


def lean_rise(c: float, amplitude: float, plant: Plant) -> float:
    """Voltage rise on the lean side (concentration overvoltage and bubble coverage grow
    steeply as alumina nears the anode-effect level), V."""
    return amplitude * math.exp(-(c - plant.c_anode_effect) / plant.lean_width)


CHUNK_MINUTES = 7 * 1440  # the loop converts one week at a time to lists: bounded memory for long runs


@dataclass
class _State:
    """What the loop carries from one minute (and one chunk) to the next."""

    a: float  # dissolved alumina, kg
    raft: float
    sludge: float
    acd: float
    mode: int = UNDER
    mode_minutes: int = 0
    acc: float = 0.0  # fractional dose owed by the feeder clock
    ae_left: int = 0
    hist: list[float] = field(default_factory=list)  # last 15 normalised voltages (slope estimate)


def run_cell(plant: Plant, drivers: Drivers, rng: np.random.Generator) -> Minutes:
    """Integrate the cell minute by minute (explicit Euler, dt = 1 min)."""
    n = drivers.current_ka.size
    consumption = plant.consumption_kg_per_min(drivers.current_ka, drivers.ce)
    inputs: dict[str, np.ndarray] = {
        "cons": consumption, "kd": plant.k_dissolve * np.exp(0.03 * (drivers.bath_c - plant.bath_c)),
        "believed": drivers.shot_believed, "true": drivers.shot_true, "jam": drivers.jam,
        "thr": drivers.threshold, "lean": drivers.lean_volts, "crust": drivers.crust_kg, "tap": drivers.acd_step,
        "vn": drivers.volt_noise, "aem": drivers.ae_margin, "dn": rng.normal(0.0, plant.dose_sd, n),
        "ae_len": rng.integers(2, 6, n),  # minutes an anode effect lasts before the operator kills it
    }
    out: dict[str, np.ndarray] = {
        "c": np.empty(n), "raft": np.empty(n), "sludge": np.empty(n), "acd": np.empty(n),
        "mode": np.empty(n, dtype=np.int8), "doses": np.empty(n, dtype=np.int32), "delivered": np.empty(n),
        "slope": np.empty(n), "v": np.empty(n), "ae": np.empty(n, dtype=bool),
    }
    a0 = plant.c_start * plant.bath_kg / 100.0
    state = _State(a=a0, raft=20.0, sludge=150.0, acd=plant.acd_cm)
    stock0 = state.a + state.raft + state.sludge
    for lo in range(0, n, CHUNK_MINUTES):
        _run_chunk(plant, state, lo, min(n, lo + CHUNK_MINUTES), inputs, out)
    return Minutes(
        alumina=out["c"], undissolved=out["raft"], sludge=out["sludge"], acd=out["acd"], mode=out["mode"],
        doses=out["doses"], delivered=out["delivered"], crust=drivers.crust_kg, consumed=consumption,
        slope=out["slope"], volts_norm=out["v"], anode_effect=out["ae"], stock0=stock0,
    )


def _run_chunk(plant: Plant, st: _State, lo: int, hi: int, inputs: dict[str, np.ndarray],
               out: dict[str, np.ndarray]) -> None:
    """Minutes lo..hi-1, in place on `st` and `out`."""
    # Plain Python lists and locals: several times faster than numpy scalars in a loop.
    cons_l, kd_l, believed_l, true_l, jam_l, thr_l, lean_l, crust_l, tap_l, vn_l, aem_l, dn_l, ae_len_l = (
        inputs[k][lo:hi].tolist()
        for k in ("cons", "kd", "believed", "true", "jam", "thr", "lean", "crust", "tap", "vn", "aem", "dn", "ae_len")
    )
    m = hi - lo
    out_c, out_u, out_s, out_acd = [0.0] * m, [0.0] * m, [0.0] * m, [0.0] * m
    out_mode, out_doses, out_deliv = [0] * m, [0] * m, [0.0] * m
    out_slope, out_v, out_ae = [0.0] * m, [0.0] * m, [False] * m

    nominal = float(plant.consumption_kg_per_min(plant.current_ka, plant.current_efficiency))
    factors = {UNDER: plant.under, OVER: plant.over, KILL: 2.0}
    k_sl, k_back, r_u, bath = plant.k_sludge, plant.k_sludge_back, plant.undissolved, plant.bath_kg
    a, raft, sludge, acd = st.a, st.raft, st.sludge, st.acd
    mode, mode_minutes, acc, ae_left, hist = st.mode, st.mode_minutes, st.acc, st.ae_left, st.hist

    for j in range(m):
        # Feeding: the controller's dose rate comes from what it believes (nominal consumption,
        # calibrated dose mass); what arrives depends on the true dose mass and feeder jams.
        acc += factors[mode] * nominal / believed_l[j]
        d = int(acc)
        acc -= d
        delivered = d * true_l[j] * jam_l[j] * (1.0 + dn_l[j] / math.sqrt(d)) if d else 0.0
        raft += r_u * delivered + crust_l[j]
        a += (1.0 - r_u) * delivered
        dissolved, sunk, back = kd_l[j] * raft, k_sl * raft, k_back * sludge
        raft -= dissolved + sunk
        sludge += sunk - back
        a += dissolved + back - cons_l[j]
        c = 100.0 * a / bath

        # Anode-cathode distance: slow drift down, up after a metal tap, beam moves keep it in band.
        acd += tap_l[j] - 0.00033
        if acd < plant.acd_cm - 0.25 or acd > plant.acd_cm + 0.35:
            acd = plant.acd_cm
        # Normalised voltage as the controller tracks it (beam moves compensated, drift not).
        v = lean_rise(c, lean_l[j], plant) + 0.003 * (c - 3.0) + vn_l[j] - 0.00033 * plant.volts_per_cm * (lo + j)
        hist.append(v)
        if len(hist) > 15:
            hist.pop(0)
        slope = 0.0
        if len(hist) == 15:
            slope = ((hist[10] + hist[11] + hist[12] + hist[13] + hist[14]) - (hist[0] + hist[1] + hist[2] + hist[3]
                     + hist[4])) / 50.0 * 1000.0

        # Anode effect: only when dissolved alumina is really low.
        ae = False
        if ae_left > 0:
            ae_left -= 1
            ae = True
        elif c < plant.c_anode_effect + aem_l[j]:
            ae_left = ae_len_l[j]
            ae = True
            mode, mode_minutes = KILL, 0

        mode_minutes += 1
        if mode == UNDER:
            if (mode_minutes > 15 and slope > thr_l[j]) or mode_minutes > plant.max_under_minutes:
                mode, mode_minutes = OVER, 0
        elif mode == OVER and mode_minutes >= plant.over_minutes:
            mode, mode_minutes = UNDER, 0
        elif mode == KILL and mode_minutes >= plant.kill_minutes:
            mode, mode_minutes = OVER, 0

        out_c[j], out_u[j], out_s[j], out_acd[j] = c, raft, sludge, acd
        out_mode[j], out_doses[j], out_deliv[j] = mode, d, delivered
        out_slope[j], out_v[j], out_ae[j] = slope, v, ae

    st.a, st.raft, st.sludge, st.acd = a, raft, sludge, acd
    st.mode, st.mode_minutes, st.acc, st.ae_left, st.hist = mode, mode_minutes, acc, ae_left, hist
    for key, values in (("c", out_c), ("raft", out_u), ("sludge", out_s), ("acd", out_acd), ("mode", out_mode),
                        ("doses", out_doses), ("delivered", out_deliv), ("slope", out_slope), ("v", out_v),
                        ("ae", out_ae)):
        out[key][lo:hi] = values


def simulate(days: int, seed: int, plant: Plant | None = None, start_day_of_year: float = 291.0) -> tuple[
    Plant, Drivers, Minutes
]:
    """Draw the drivers and run the cell for `days` days; deterministic per seed."""
    plant = plant or Plant()
    rng = np.random.default_rng(seed)
    drivers = draw_drivers(plant, days, rng, start_day_of_year)
    minutes = run_cell(plant, drivers, rng)
    return plant, drivers, minutes
