"""The electrolysis soft-sensor case: simulator, reference solution, packaging and scoring.

The functions are thin lazy wrappers, so `import sobes.cases.electrolysis` stays cheap and
pandas/scikit-learn/matplotlib load only when a case command runs.

    from sobes.cases.electrolysis import generate, solve, predict, score
    generate("data", days=365, seed=0)        # data/ + hidden data-truth/
    solve("data", "report")                   # report/report.html, metrics.json, model/
    predict(series_df_or_csv_or_dir, model="report/model")  # -> DataFrame(timestamp, prediction)
    score("data", "predictions.csv")          # -> dict with rmse, noise_floor, last_value, points
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from sobes.cases.electrolysis.files import Generated
    from sobes.cases.electrolysis.solution import Solved

STATEMENT = Path(__file__).with_name("statement.md")


def generate(out_dir: str | Path, days: int = 365, seed: int = 0, truth_dir: str | Path | None = None) -> Generated:
    """Write the case files for `days` simulated days (deterministic per seed); see files.generate."""
    from sobes.cases.electrolysis.files import generate as _generate

    return _generate(out_dir, days=days, seed=seed, truth_dir=truth_dir)


def solve(data_dir: str | Path, out_dir: str | Path, truth_dir: str | Path | None = None) -> Solved:
    """Run the reference solution; see solution.solve."""
    from sobes.cases.electrolysis.solution import solve as _solve

    return _solve(data_dir, out_dir, truth_dir=truth_dir)


def predict(data: Any, model: Any = None, labs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Alumina for every 3-minute step of new sensor data; see artifact.predict."""
    from sobes.cases.electrolysis.artifact import predict as _predict

    return _predict(data, model=model, labs=labs)


def score(data_dir: str | Path, predictions_path: str | Path, truth_dir: str | Path | None = None) -> dict[str, Any]:
    """Grade a submission on the held-out labs; see scoring.score."""
    from sobes.cases.electrolysis.scoring import score as _score

    return _score(data_dir, predictions_path, truth_dir=truth_dir)


__all__ = ["STATEMENT", "generate", "predict", "score", "solve"]
