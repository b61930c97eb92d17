"""The packaged model: save, load, and predict alumina for every row of new sensor data.

An artifact is a directory with `model.joblib` (the fitted SoftSensor) and `model.json`
(metadata a person can read: what it was trained on, features, lab gains, versions).

`predict(data, model=None, labs=None)` takes the 3-minute series — a DataFrame with a `Time`
column (or a DatetimeIndex) and the task's sensor columns, a path to that CSV, or a data
directory (whose `target.csv`, if present, supplies lab values for the correction) — and
returns a DataFrame with `timestamp` and `prediction` (wt% alumina) for every 3-minute step.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sobes.cases.electrolysis import layout as L
from sobes.errors import BadInputError, NotFoundError

if TYPE_CHECKING:
    import pandas as pd

    from sobes.cases.electrolysis.models import SoftSensor

MODEL_FILE = "model.joblib"
META_FILE = "model.json"
FORMAT_VERSION = 1


def save_model(model: SoftSensor, out_dir: str | Path, meta: dict[str, Any]) -> Path:
    import joblib
    import sklearn

    d = Path(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, d / MODEL_FILE)
    info = {
        "format": FORMAT_VERSION, "case": "electrolysis", "target": "dissolved alumina, wt% (lab value)",
        "features": model.columns, "feed_rate_kg_per_row": model.feed_rate, "train_mean": model.mean,
        "lab_gain": {k: g.to_dict() for k, g in model.gain.items()}, "sklearn": sklearn.__version__,
        "input": f"3-minute series with columns {L.SERIES_COLUMNS}", **meta,
    }
    (d / META_FILE).write_text(json.dumps(info, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return d


def load_model(path: str | Path) -> SoftSensor:
    import joblib

    p = Path(path)
    if p.is_dir():
        p = p / MODEL_FILE
    if not p.exists():
        raise NotFoundError(f"no model at {path}; run `sobes case electrolysis solve` and pass REPORT_DIR/model")
    meta_path = p.parent / META_FILE
    if meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise BadInputError(f"{p.parent} holds a model of format {meta.get('format')}; re-run solve")
    try:
        return joblib.load(p)  # type: ignore[no-any-return]
    except Exception as exc:  # a truncated or foreign file: one clear line instead of a traceback
        raise BadInputError(f"cannot load the model at {p} ({type(exc).__name__}); re-run solve") from None


def default_model_dir() -> Path:
    """Where the model used when none is given lives: $SOBES_CASE_MODEL, else a model trained
    once on generated data in the user cache."""
    if os.environ.get("SOBES_CASE_MODEL"):
        return Path(os.environ["SOBES_CASE_MODEL"])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sobes", appauthor=False)) / "cases" / "electrolysis" / "default-model"


def default_model() -> SoftSensor:
    d = default_model_dir()
    if not (d / MODEL_FILE).exists():
        _train_default(d)
    return load_model(d)


def _train_default(d: Path) -> None:
    import tempfile

    from sobes.cases.electrolysis.features import at_times, build_features
    from sobes.cases.electrolysis.files import generate, load_data
    from sobes.cases.electrolysis.models import fit_soft_sensor

    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp) / "data", days=120, seed=0)
        ds = load_data(Path(tmp) / "data")
    feats, rate = build_features(ds.series, ds.dose_mass)
    labs = ds.labs.dropna()
    x = at_times(feats, labs[L.TIME])
    import pandas as pd

    model = fit_soft_sensor(x, labs[L.TARGET].to_numpy(float), pd.DatetimeIndex(labs[L.TIME]), rate)
    model.info["last_dose_mass"] = float(ds.dose_mass[L.AVG_MASS].iloc[-1])
    # Write beside, then rename: two processes building the default at once never see half a model.
    tmp_dir = d.with_name(f"{d.name}.{os.getpid()}.tmp")
    save_model(model, tmp_dir, {"trained_on": "generated data, seed 0, 120 days"})
    if not (d / MODEL_FILE).exists():
        d.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(d, ignore_errors=True)
        tmp_dir.rename(d)
    shutil.rmtree(tmp_dir, ignore_errors=True)


def predict(data: Any, model: Any = None, labs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Alumina (wt%) for every 3-minute step of `data` (see `_predict`); single-threaded,
    which is faster for a day of rows and plays well inside a web server."""
    from sobes.cases.electrolysis.models import single_thread

    with single_thread():
        return _predict(data, model, labs)


def _predict(data: Any, model: Any = None, labs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Alumina (wt%) for every 3-minute step of `data`.

    Args:
        data: the 3-minute series (DataFrame, CSV path) or a data directory.
        model: a fitted SoftSensor, an artifact directory/file, or None for the default model.
        labs: optional lab values (`Time`, `target`) to correct the sensor model with.

    Returns:
        DataFrame with columns `timestamp` and `prediction`.
    """
    import pandas as pd

    from sobes.cases.electrolysis.features import build_features
    from sobes.cases.electrolysis.files import load_data, read_series
    from sobes.cases.electrolysis.models import SoftSensor, with_lab_correction

    dose_mass = pd.DataFrame({L.TIME: pd.to_datetime([]), L.AVG_MASS: []})
    if isinstance(data, str | Path) and Path(data).is_dir():
        ds = load_data(data)
        series, dose_mass = ds.series, ds.dose_mass
        labs = ds.labs if labs is None else labs
    else:
        series = read_series(data)
    if model is None:
        sensor = default_model()
    elif isinstance(model, SoftSensor):
        sensor = model
    else:
        sensor = load_model(model)
    feats, _ = build_features(series, dose_mass, feed_rate=sensor.feed_rate,
                              default_mass=float(sensor.info.get("last_dose_mass", 1.8)))
    pred = sensor.sensor_predictions(feats)["reference"]
    if labs is not None and len(labs):
        from sobes.cases.electrolysis.features import at_times

        lab = labs.dropna().sort_values(L.TIME)
        lt = pd.DatetimeIndex(lab[L.TIME])
        lab_pred = sensor.sensor_predictions(at_times(feats, lt))["reference"]
        pred = with_lab_correction(pred, pd.DatetimeIndex(feats.index), lt, lab[L.TARGET].to_numpy(float),
                                   lab_pred, sensor.gain["reference"])
    pred = np.clip(pred, 0.5, 8.0)
    return pd.DataFrame({"timestamp": feats.index, "prediction": np.round(pred, 4)})
