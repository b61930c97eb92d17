"""Writing the case's files (exactly the ones the task names) and reading them back.

`generate` writes the candidate's data directory and, apart from it, the hidden truth used
for scoring. The last sixth of the period (at least a day) is a holdout: its sensor rows are
in the data, its lab values only in the truth.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sobes.cases.electrolysis import layout as L
from sobes.errors import BadInputError

if TYPE_CHECKING:
    import pandas as pd

LAB_ANALYTIC_SD = 0.10  # wt%: XRF analysis of a bath sample
LAB_SPATIAL_SD = 0.10  # wt%: the sample comes from one spot of a non-uniform bath (research default)
LAB_JITTER_MIN = 10  # the sample is physically taken up to ±10 min from the recorded time
LAB_MISSING = 0.03
LAB_OUTLIER = 0.005  # crust-contaminated samples read high
MAX_DAYS = 1100


@dataclass
class Generated:
    """Where the files went and a few numbers worth printing."""

    data_dir: Path
    truth_dir: Path
    rows: int
    labs_public: int
    labs_holdout: int
    holdout_start: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "data_dir": str(self.data_dir), "truth_dir": str(self.truth_dir), "rows": self.rows,
            "labs_public": self.labs_public, "labs_holdout": self.labs_holdout, "holdout_start": self.holdout_start,
        }


def holdout_days(days: int) -> int:
    return max(1, days // 6)


def generate(out_dir: str | Path, days: int = 365, seed: int = 0, truth_dir: str | Path | None = None) -> Generated:
    """Simulate `days` days of a cell and write the case files to `out_dir` (the hidden truth
    to `truth_dir`, default `<out_dir>-truth`). Deterministic per seed."""
    import pandas as pd

    from sobes.cases.electrolysis.boards import draw_boards
    from sobes.cases.electrolysis.sensors import record, row_gaps
    from sobes.cases.electrolysis.simulate import simulate

    if days < 2:
        raise BadInputError("--days must be at least 2 (one day of public labs and one held out)")
    if days > MAX_DAYS:
        raise BadInputError(f"--days must be at most {MAX_DAYS} (about 1 GB of memory per 3 years simulated)")
    out = Path(out_dir)
    truth = Path(truth_dir) if truth_dir else L.truth_dir_for(out)
    for d in (out, truth):
        if d.exists() and not d.is_dir():
            raise BadInputError(f"{d} exists and is not a directory; choose another --out")
    plant, drivers, minutes = simulate(days, seed)
    rng = np.random.default_rng([seed, 1])
    cols, state = record(plant, drivers, minutes, rng)
    start = pd.Timestamp(L.START)
    n = cols[L.DOSES].size
    times = start + pd.to_timedelta(np.arange(1, n + 1) * L.STEP_MINUTES, unit="min")

    series = pd.DataFrame({L.TIME: times, **{k: cols[k] for k in L.SERIES_COLUMNS[1:]}})
    series[L.DOSES] = series[L.DOSES].astype(int)
    series = series.loc[~row_gaps(rng, n)]
    calib = drivers.calibration_minutes
    dose_mass = pd.DataFrame({
        L.TIME: start + pd.to_timedelta(calib, unit="min"), L.AVG_MASS: drivers.shot_believed[calib],
    })
    labs = _labs(rng, minutes.alumina, start, days)
    cut = start + pd.Timedelta(days=days - holdout_days(days))
    labs["holdout"] = labs[L.TIME] >= cut
    public = labs.loc[~labs["holdout"] & labs[L.TARGET].notna(), [L.TIME, L.TARGET]]

    out.mkdir(parents=True, exist_ok=True)
    truth.mkdir(parents=True, exist_ok=True)
    fmt = "%Y-%m-%d %H:%M:%S"
    series.to_csv(out / L.SERIES_FILE, index=False, date_format=fmt)
    dose_mass.to_csv(out / L.DOSE_MASS_FILE, index=False, date_format=fmt)
    public.to_csv(out / L.TARGET_FILE, index=False, date_format=fmt)
    draw_boards(out / L.BOARDS_FILE)
    labs.to_csv(truth / L.TRUTH_LABS, index=False, date_format=fmt)
    pd.DataFrame({L.TIME: times, **state}).to_csv(truth / L.TRUTH_STATE, index=False, date_format=fmt,
                                                  float_format="%.4f")
    meta = {"seed": seed, "days": days, "start": L.START, "holdout_start": cut.strftime(fmt),
            "lab_sd": {"analytic": LAB_ANALYTIC_SD, "spatial": LAB_SPATIAL_SD, "jitter_min": LAB_JITTER_MIN},
            "plant": plant.to_dict()}
    (truth / L.TRUTH_META).write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    return Generated(out, truth, len(series), len(public), int(labs["holdout"].sum()), cut.strftime(fmt))


def _labs(rng: np.random.Generator, alumina_per_minute: np.ndarray, start: pd.Timestamp, days: int) -> pd.DataFrame:
    """Twice-daily lab values: the bath at the (jittered) sampling minute, plus spatial and
    analytic error, a few gross outliers, a few missing, rounded like a lab report."""
    import pandas as pd

    rec = np.asarray([d * 1440 + h * 60 for d in range(days) for h in L.LAB_HOURS])
    rec = rec[rec < alumina_per_minute.size]
    taken = np.clip(rec + rng.integers(-LAB_JITTER_MIN, LAB_JITTER_MIN + 1, rec.size), 1, alumina_per_minute.size)
    # Minute i ends at start + (i+1) min: the value "at" a time t is minute index t-1.
    true_at_taken = alumina_per_minute[taken - 1]
    value = true_at_taken + rng.normal(0, LAB_SPATIAL_SD, rec.size) + rng.normal(0, LAB_ANALYTIC_SD, rec.size)
    outlier = rng.random(rec.size) < LAB_OUTLIER
    value[outlier] += rng.uniform(0.4, 1.2, int(outlier.sum()))
    value = np.round(value, 2)
    value[rng.random(rec.size) < LAB_MISSING] = np.nan
    return pd.DataFrame({
        L.TIME: start + pd.to_timedelta(rec, unit="min"), L.TARGET: value,
        "true_alumina": np.round(alumina_per_minute[np.maximum(rec, 1) - 1], 4),
        "true_at_sampling": np.round(true_at_taken, 4),
        "sampled_at": start + pd.to_timedelta(taken, unit="min"), "outlier": outlier,
    })


# --- reading -----------------------------------------------------------------------------


@dataclass
class Dataset:
    """The candidate's view: the 3-minute series, dose-mass calibrations and lab values."""

    series: pd.DataFrame  # indexed by Time, one column per sensor
    dose_mass: pd.DataFrame  # Time, avg_mass_apg
    labs: pd.DataFrame  # Time, target (may be empty)


def load_data(data_dir: str | Path) -> Dataset:
    """Read a data directory written by `generate` (or shaped like the original task)."""
    d = Path(data_dir)
    if not d.is_dir():
        raise BadInputError(f"{d} is not a directory; pass the folder `sobes case electrolysis generate` wrote")
    series = read_series(d / L.SERIES_FILE)
    dose_mass = _read_csv(d / L.DOSE_MASS_FILE, [L.TIME, L.AVG_MASS]) if (d / L.DOSE_MASS_FILE).exists() else None
    labs = _read_csv(d / L.TARGET_FILE, [L.TIME, L.TARGET]) if (d / L.TARGET_FILE).exists() else None
    import pandas as pd

    empty_mass = pd.DataFrame({L.TIME: pd.to_datetime([]), L.AVG_MASS: []})
    empty_labs = pd.DataFrame({L.TIME: pd.to_datetime([]), L.TARGET: []})
    return Dataset(series, dose_mass if dose_mass is not None else empty_mass,
                   labs.dropna() if labs is not None else empty_labs)


def read_series(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    """The 3-minute series as a DataFrame indexed by Time, checked for the needed columns."""
    import pandas as pd

    if isinstance(source, pd.DataFrame):
        df = source.copy()
        if L.TIME not in df.columns:
            if isinstance(df.index, pd.DatetimeIndex):
                df = df.rename_axis(L.TIME).reset_index()
            elif "timestamp" in df.columns:
                df = df.rename(columns={"timestamp": L.TIME})
    else:
        path = Path(source)
        if path.is_dir():
            path = path / L.SERIES_FILE
        if not path.exists():
            raise BadInputError(f"no sensor series at {path}; expected the file '{L.SERIES_FILE}'")
        df = _read_csv(path, [L.TIME])
    missing = [c for c in L.SERIES_COLUMNS if c not in df.columns]
    if missing:
        raise BadInputError(f"the sensor series lacks columns {missing}; it needs {L.SERIES_COLUMNS}")
    try:
        df[L.TIME] = to_time(df[L.TIME])
    except (ValueError, TypeError) as exc:
        raise BadInputError(f"column '{L.TIME}' has values that are not timestamps ({exc})") from None
    if df.empty:
        raise BadInputError("the sensor series has no rows")
    values = df[L.SERIES_COLUMNS[1:]].apply(pd.to_numeric, errors="coerce")
    return values.set_index(df[L.TIME]).sort_index().loc[lambda x: ~x.index.duplicated(keep="last")]


def _read_csv(path: Path, needed: list[str]) -> pd.DataFrame:
    import pandas as pd

    try:
        df = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise BadInputError(f"{path.name} is not a readable CSV ({str(exc).splitlines()[0]})") from None
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise BadInputError(f"{path.name} lacks columns {missing}; it has {list(df.columns)[:8]}")
    if L.TIME in df.columns:
        df[L.TIME] = to_time(df[L.TIME], errors="coerce")
        if df[L.TIME].isna().any():
            raise BadInputError(f"{path.name}: column '{L.TIME}' has values that are not timestamps")
    return df


def to_time(values: pd.Series, errors: str = "raise") -> pd.Series:
    """Timestamps from a column, without pandas' format-guessing warning for odd values
    (those become an error or NaT, which the callers report in one line)."""
    import warnings

    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return pd.to_datetime(values, errors=errors)  # type: ignore[call-overload,no-any-return]
