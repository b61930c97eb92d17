"""Small text rules every format relies on: reactions, hashtags, language."""

from __future__ import annotations

import pytest

from sobes.enrich.lang import detect_lang
from sobes.formats.base import LOST_EMOJI, parse_hashtags, parse_reactions
from sobes.model import Lang


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("👍4🥱3", {"👍": 4, "🥱": 3}),
        ("10👍4", {LOST_EMOJI: 10, "👍": 4}),
        ("2", {LOST_EMOJI: 2}),
        ("❤️5🔥2", {"❤": 5, "🔥": 2}),
        ("Что такое ROC?", None),
        ("2023 год", None),
        ("", None),
    ],
)
def test_reactions_lines_in_every_shape(line: str, expected: dict[str, int] | None) -> None:
    assert parse_reactions(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("#глубокое_обучение", ["глубокое_обучение"]),
        ("#глубокое обучение", ["глубокое_обучение"]),
        ("#ml #NLP", ["ml", "nlp"]),
        ("# Heading", None),
        ("#1 reason to use dropout is that it works very well in many situations", None),
    ],
)
def test_hashtag_lines(line: str, expected: list[str] | None) -> None:
    assert parse_hashtags(line) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Что такое dropout и зачем он нужен в нейронных сетях?", Lang.RU),
        ("Що таке dropout і навіщо він потрібен у нейронних мережах?", Lang.UK),
        ("Як працює батч-нормалізація під час inference?", Lang.UK),
        ("Как работает batch normalization во время inference?", Lang.RU),
        ("What is the difference between bagging and boosting?", Lang.EN),
        ("Explain how ROC-AUC is computed, e.g. for a churn model with a 1% positive rate (AUC)", Lang.EN),
        ("Поясніть різницю між precision та recall для imbalanced classification", Lang.UK),
        ("Чем LSTM отличается от GRU?", Lang.RU),
        ("Чим LSTM відрізняється від GRU?", Lang.UK),
    ],
)
def test_language_of_mixed_texts(text: str, lang: Lang) -> None:
    assert detect_lang(text) == lang
