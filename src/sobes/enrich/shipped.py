"""Arrays of the small models shipped inside the package (``sobes/data/*.npz``)."""

from __future__ import annotations

from importlib import resources

import numpy as np


def load_arrays(name: str) -> dict[str, np.ndarray] | None:
    """Every array of a shipped ``.npz`` (floats as float32), or None when it is not installed."""
    path = resources.files("sobes") / "data" / name
    if not path.is_file():
        return None
    with path.open("rb") as fh, np.load(fh) as data:
        return {k: data[k].astype(np.float32) if data[k].dtype.kind == "f" else data[k] for k in data.files}
