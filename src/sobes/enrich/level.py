"""Level of a card (junior/middle/senior) when the source does not say it.

A rule estimate from how a question is asked: definitions ("what is X", "що таке X")
are junior, design, scale, production trade-offs and research are senior, the rest
middle. Measured on seed 004 (which states a level per section) by
``sobes understand-eval``; it is a weak signal and marked ``level_source="estimated"``.
"""

from __future__ import annotations

import re

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


def estimate_level(question: str, answer: str | None, kind: Kind) -> Level:
    """A rough level for a card without one from its source."""
    if kind == Kind.CASE:
        return Level.SENIOR
    if _SENIOR.search(question):
        return Level.SENIOR
    words = len(question.split())
    if _JUNIOR.search(question) and words <= 14:
        return Level.JUNIOR
    if kind == Kind.PROBLEM:
        return Level.MIDDLE
    return Level.JUNIOR if words <= 6 else Level.MIDDLE
