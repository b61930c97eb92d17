"""The starter bank that ships with sobes: our own cards, every topic, three languages."""

from __future__ import annotations

import json
import re
from collections import Counter

from sobes.library import starter_path
from sobes.model import Kind, Lang, Level, Topic

CARDS = [json.loads(line) for line in starter_path().read_text(encoding="utf-8").splitlines() if line.strip()]


def test_bank_is_big_enough_and_ids_are_unique() -> None:
    assert len(CARDS) >= 60
    assert len({c["id"] for c in CARDS}) == len(CARDS)


def test_every_topic_is_covered_at_two_levels_at_least() -> None:
    by_topic: dict[str, set[str]] = {}
    for c in CARDS:
        by_topic.setdefault(c["topic"], set()).add(c["level"])
    assert set(by_topic) == {t.value for t in Topic}
    assert all(len(levels) >= 2 for levels in by_topic.values()), by_topic


def test_three_languages_each_a_real_share() -> None:
    langs = Counter(c["lang"] for c in CARDS)
    assert set(langs) == {lang.value for lang in Lang}
    assert all(n >= 0.2 * len(CARDS) for n in langs.values()), langs


def test_fields_have_valid_values() -> None:
    for c in CARDS:
        assert c["question"].strip() and c["answer"].strip(), c["id"]
        assert c["kind"] in {Kind.QA.value, Kind.PROBLEM.value, Kind.CASE.value}
        assert c["level"] in {lv.value for lv in Level}
        assert c["topic"] in c["topics"]


def test_problem_cards_state_their_answer_first() -> None:
    problems = [c for c in CARDS if c["kind"] == "problem"]
    assert len(problems) >= 5
    assert all(c["answer"].startswith("**Answer:**") for c in problems)


def test_ukrainian_and_russian_cards_use_their_own_letters() -> None:
    for c in CARDS:
        text = c["question"] + c["answer"]
        if c["lang"] == "uk":
            assert re.search(r"[іїєґ]", text, re.I) and not re.search(r"[ыэъё]", text, re.I), c["id"]
        if c["lang"] == "ru":
            assert not re.search(r"[іїєґ]", text, re.I), c["id"]


def test_the_language_detector_agrees_with_the_bank() -> None:
    from sobes.enrich.lang import detect_lang

    wrong = [c["id"] for c in CARDS if detect_lang(c["question"] + "\n" + c["answer"]) != c["lang"]]
    assert not wrong
