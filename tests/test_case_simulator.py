"""The electrolysis simulator: deterministic, files exactly as the task names them, physics that holds."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sobes.cases.electrolysis import generate
from sobes.cases.electrolysis import layout as L
from sobes.cases.electrolysis.simulate import simulate
from sobes.errors import BadInputError


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("case") / "data"
    generate(out, days=4, seed=7)
    return out


def test_same_seed_gives_identical_files_and_another_seed_differs(small: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again", days=4, seed=7)
    generate(tmp_path / "other", days=4, seed=8)
    assert digest(tmp_path / "again") == digest(small)
    assert digest(tmp_path / "again-truth") == digest(L.truth_dir_for(small))
    other = digest(tmp_path / "other")
    assert other[L.SERIES_FILE] != digest(small)[L.SERIES_FILE]


def test_data_folder_holds_exactly_the_files_the_task_names(small: Path) -> None:
    assert sorted(p.name for p in small.iterdir()) == sorted(L.DATA_FILES)
    assert (small / L.BOARDS_FILE).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    truth = L.truth_dir_for(small)
    assert truth.is_dir() and not truth.is_relative_to(small)


def test_series_columns_and_grid_are_as_named(small: Path) -> None:
    df = pd.read_csv(small / L.SERIES_FILE)
    assert list(df.columns) == L.SERIES_COLUMNS
    assert {"Шум в электрике", "Обратная ЭДС сети устройства", "Ср.прир.напр", "Сум.доз АПГ",
            "Board Temp. 1", "Board Face Temp. 6", "Board Deaf Temp. 1"} <= set(df.columns)
    t = pd.to_datetime(df[L.TIME])
    assert (t.dt.second == 0).all() and (t.dt.minute % 3 == 0).all()
    assert t.is_monotonic_increasing and t.is_unique
    assert (t.diff().dropna() >= pd.Timedelta(minutes=3)).all()
    assert (df[L.DOSES] >= 0).all() and df[L.DOSES].dtype.kind == "i"


def test_lab_and_dose_mass_files(small: Path) -> None:
    target = pd.read_csv(small / L.TARGET_FILE, parse_dates=[L.TIME])
    assert list(target.columns) == [L.TIME, L.TARGET]
    assert set(target[L.TIME].dt.hour) <= {8, 20} and (target[L.TIME].dt.minute == 0).all()
    assert target[L.TARGET].between(1.0, 6.0).all()
    mass = pd.read_csv(small / L.DOSE_MASS_FILE)
    assert list(mass.columns) == [L.TIME, L.AVG_MASS]
    assert mass[L.AVG_MASS].between(1.0, 3.0).all()


def test_held_out_labs_are_only_in_the_truth(small: Path) -> None:
    target = pd.read_csv(small / L.TARGET_FILE, parse_dates=[L.TIME])
    labs = pd.read_csv(L.truth_dir_for(small) / L.TRUTH_LABS, parse_dates=[L.TIME])
    hold = labs.loc[labs["holdout"]]
    assert len(hold) >= 2
    assert target[L.TIME].max() < hold[L.TIME].min()
    series = pd.read_csv(small / L.SERIES_FILE, parse_dates=[L.TIME])
    assert series[L.TIME].max() >= hold[L.TIME].max()  # sensors cover the hold-out


def test_alumina_mass_balance_closes() -> None:
    plant, _, m = simulate(days=5, seed=3)
    stock = m.alumina * plant.bath_kg / 100 + m.undissolved + m.sludge
    inputs = np.cumsum(m.delivered + m.crust - m.consumed)
    assert np.allclose(stock - m.stock0, inputs, atol=1e-6)
    # The controller feeds on average what electrolysis consumes (no long drift).
    assert abs(m.delivered.sum() + m.crust.sum() - m.consumed.sum()) < 0.02 * m.consumed.sum()


def test_anode_effects_happen_only_at_low_alumina() -> None:
    _, _, m = simulate(days=60, seed=1)
    assert m.anode_effect.sum() > 0
    starts = np.flatnonzero(np.diff(m.anode_effect.astype(int)) == 1) + 1
    assert (m.alumina[starts] < 2.0).all()
    assert np.median(m.alumina[~m.anode_effect]) > 2.0


def test_back_emf_and_slope_rise_as_alumina_falls(small: Path) -> None:
    series = pd.read_csv(small / L.SERIES_FILE, parse_dates=[L.TIME]).set_index(L.TIME)
    state = pd.read_csv(L.truth_dir_for(small) / L.TRUTH_STATE, parse_dates=[L.TIME]).set_index(L.TIME)
    joined = series.join(state["alumina"], how="inner").dropna(subset=[L.BACK_EMF])
    assert joined[L.BACK_EMF].corr(joined["alumina"]) < -0.3
    assert joined[L.BACK_EMF].between(1.4, 1.9).all()


def test_too_short_or_too_long_runs_are_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="at least 2"):
        generate(tmp_path / "d", days=1)
    with pytest.raises(BadInputError, match="at most"):
        generate(tmp_path / "d", days=5000)
    assert not (tmp_path / "d").exists()
