"""Level of a card (junior/middle/senior) when the source does not say it.

A rule estimate from how a question is asked: short definitions ("what is X", "що таке X")
are junior, design, scale, production trade-offs and research are senior, the rest middle.
With the card's vectors the trained model (``sobes.enrich.level_model``) replaces all but
the first rule: sources that state levels file definitions under junior far more often than
the people who labelled our training questions did (on the labelled seed sample the model
alone scores 44 %, the rules 52 %, the two together 52 %; on our held-out sets the model
with the definition rule gains 5–8 points over the rules, see ``scripts/train_level.py``).
A take-home case is senior. All of it is a weak signal, marked ``level_source="estimated"``
and measured by ``sobes understand-eval``.
"""

from __future__ import annotations

import re

import numpy as np

from sobes.enrich.level_model import LevelModel
from sobes.model import Kind, Level

_JUNIOR = re.compile(
    r"^\s*(?:что так\w*|что означает|що так\w*|що означає|what is|what are|what does|define|"
    r"дайте определени|дайте визначенн|назов\w+|назв\w+|перечисл\w+|перерах\w+|list the|"
    r"в чем разниц\w*|у чому різниц\w*|яка різниц\w*|какая разниц\w*|what(?:'s| is) the difference|"
    r"для чего|для чого|навіщо|зачем нуж\w+)\b",
    re.I,
)
_SENIOR = re.compile(
    r"спроект|спроєкт|проектуван|проектирова|design (?:a|an|the)|архитектур\w+ систем|system design|"
    r"масштаб|scal(?:e|ing)|distributed|распредел\w+|розподілен|в продакшн|у продакшн|in production|"
    r"продакшені|продакшене|trade-?off|компроміс|компромисс|lead|руковод|керуван|стратег|strategy|"
    r"edge-пристр|edge device|latency|задержк|затримк|дрейф|drift|adversarial|враждебн|privacy|"
    r"конфіденційн|конфиденциальн|етик|этик|ethic|quantization-aware|дистиляц|distill|"
    r"намалюйте|нарисуйте|draw",
    re.I,
)


def estimate_level(
    question: str, answer: str | None, kind: Kind, q: np.ndarray | None = None, p: np.ndarray | None = None
) -> Level:
    """A rough level for a card without one from its source, from its "q" and "p" vectors
    when it has them."""
    if kind == Kind.CASE:
        return Level.SENIOR
    model = LevelModel.load()
    if model is not None and q is not None and p is not None and q.any() and p.any():
        return Level.JUNIOR if is_definition(question) else model.predict(q, p, question, answer)
    return rule_level(question, kind)


def is_definition(question: str) -> bool:
    """A short "what is X" / "що таке X" question."""
    return bool(_JUNIOR.search(question)) and len(question.split()) <= 14


def rule_level(question: str, kind: Kind) -> Level:
    """The level the wording suggests (see the module docstring)."""
    if kind == Kind.CASE:
        return Level.SENIOR
    if _SENIOR.search(question):
        return Level.SENIOR
    if is_definition(question):
        return Level.JUNIOR
    if kind == Kind.PROBLEM:
        return Level.MIDDLE
    return Level.JUNIOR if len(question.split()) <= 6 else Level.MIDDLE
