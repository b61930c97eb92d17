"""Estimated levels: the wording rules, the level model, and which one decides."""

from __future__ import annotations

import numpy as np
import pytest

from sobes.enrich.level import estimate_level, is_definition, rule_level
from sobes.enrich.level_model import LEVELS, LevelModel, features
from sobes.model import Kind, Level


def _model() -> LevelModel:
    model = LevelModel.load()
    assert model is not None
    return model


def _unit(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=384).astype(np.float32)
    return v / np.linalg.norm(v)


def test_shipped_model_reads_two_vectors_and_the_question_length_not_the_answer_length() -> None:
    model = _model()
    assert model.weights.shape == (3, 384 * 2 + 1)
    short, long = (features(_unit(0), _unit(1), "a b c", "x" * n) for n in (100, 5000))
    assert short[-1] == pytest.approx(0.15) and np.array_equal(short, long)


@pytest.mark.parametrize(("question", "expected"), [
    ("Что такое p-value?", True),
    ("Що таке dropout?", True),
    ("What is the difference between bagging and boosting?", True),
    ("Спроектируйте систему рекомендаций для маркетплейса с миллионом товаров", False),
    ("Что такое " + "очень " * 20 + "длинный вопрос?", False),
])
def test_short_definitions_are_recognised(question: str, expected: bool) -> None:
    assert is_definition(question) is expected


def test_a_definition_stays_junior_whatever_the_model_says() -> None:
    q, p = _unit(2), _unit(3)
    assert estimate_level("Что такое p-value?", None, Kind.QA, q, p) == Level.JUNIOR


def test_with_vectors_the_model_decides_the_rest() -> None:
    model = _model()
    question = "Как бы вы выбирали порог классификации для антифрод-модели?"
    for seed in range(5):
        q, p = _unit(10 + seed), _unit(20 + seed)
        assert estimate_level(question, None, Kind.QA, q, p) == model.predict(q, p, question, None)
    assert {model.predict(_unit(s), _unit(s + 50), question, None) for s in range(40)} <= set(LEVELS)


def test_without_vectors_the_rules_decide_and_a_case_is_senior() -> None:
    question = "Как бы вы выбирали порог классификации для антифрод-модели?"
    assert estimate_level(question, None, Kind.QA) == rule_level(question, Kind.QA) == Level.MIDDLE
    assert estimate_level(question, None, Kind.QA, np.zeros(384), np.zeros(384)) == Level.MIDDLE
    assert estimate_level("Постройте soft-sensor", None, Kind.CASE, _unit(4), _unit(5)) == Level.SENIOR
