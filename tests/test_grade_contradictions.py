"""Wrong statements that sound right: swapped definitions of the two things a question
contrasts, and misconceptions the reference itself warns about."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import sobes
from sobes.grade.contrast import sides
from sobes.library import Library


@pytest.fixture(scope="module")
def clib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = sobes.open(tmp_path_factory.mktemp("contra") / "lib.db")
    library.import_starter()
    yield library
    library.close()


@pytest.mark.parametrize(
    ("question", "left", "right"),
    [
        ("Чем отличаются data drift и concept drift?", "data", "concept"),
        ("Що таке Precision/Recall?", "precision", "recall"),
        ("Порівняйте BFS і DFS: як вони працюють?", "bfs", "dfs"),
        ("What is the difference between Batch Normalization and Layer Normalization?", "batch", "layer"),
        ("Чим відрізняються одноетапні та двоетапні детектори?", "одноетапний", "двоетапний"),
        (
            "Что такое коллаборативная фильтрация и чем она отличается от контентных рекомендаций?",
            "коллаборативный",
            "контентный",
        ),
    ],
)
def test_the_contrasted_sides_come_from_the_question(question: str, left: str, right: str) -> None:
    pairs = sides(question)
    assert any(left in a.keys and right in b.keys for a, b in pairs), pairs


def test_a_question_without_a_contrast_has_no_sides() -> None:
    assert sides("What is dropout?") == []


def test_swapped_definitions_are_wrong_and_the_right_ones_are_not(clib: Library) -> None:
    swapped = clib.grade(
        "starter-mlops-02",
        "Data drift — это когда меняется зависимость целевой переменной от признаков P(y|X), "
        "а concept drift — когда меняется распределение входных признаков P(X).",
    )
    right = clib.grade(
        "starter-mlops-02",
        "Data drift — меняется распределение входных признаков P(X), а concept drift — меняется "
        "зависимость P(y|X) целевой переменной от признаков.",
    )
    assert any("what the reference says about" in w for w in swapped.wrong)
    assert right.wrong == []
    assert swapped.score < right.score


def test_swapped_definitions_are_caught_in_ukrainian_with_compound_names(clib: Library) -> None:
    fb = clib.grade(
        "starter-dl-04",
        "LayerNorm рахує середнє й дисперсію кожного каналу по всіх прикладах батчу і на інференсі бере "
        "ковзні середні, а BatchNorm нормалізує кожен приклад окремо по його ознаках і від батчу не залежить.",
    )
    partial = clib.grade(
        "starter-dl-04", "LayerNorm рахує статистики по ознаках одного прикладу, тому не залежить від батчу."
    )
    assert fb.wrong
    assert fb.score < partial.score


def test_a_misconception_the_reference_warns_about_is_wrong(clib: Library) -> None:
    fb = clib.grade("starter-stats-01", "The p-value is simply the probability that H0 is true.")
    assert any("calls a mistake" in w for w in fb.wrong)
    assert fb.score <= 10


def test_rejecting_the_misconception_or_giving_the_definition_is_not_wrong(clib: Library) -> None:
    for text in (
        "A p-value is the probability, assuming H0 is true, of data at least as extreme as observed.",
        "It is not the probability that H0 is true: it is computed assuming H0 holds.",
    ):
        fb = clib.grade("starter-stats-01", text)
        assert not any("calls a mistake" in w for w in fb.wrong), fb.wrong


def test_a_true_statement_about_another_named_thing_is_not_a_contradiction(clib: Library) -> None:
    fb = clib.grade(
        "starter-mlops-01",
        "A container shares the host kernel and isolates processes, so it starts in seconds. "
        "A VM virtualises hardware and runs a full guest OS with its own kernel, which isolates more strongly.",
    )
    assert fb.wrong == []


def test_naming_only_the_questions_terms_covers_nothing(clib: Library) -> None:
    for text in ("data drift, concept drift", "Data drift и concept drift."):
        fb = clib.grade("starter-mlops-02", text)
        assert fb.score <= 5 and fb.covered == []
        assert any("repeats the question" in n for n in fb.notes)


def test_min_and_max_are_opposites_when_the_claims_share_a_subject(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    card = {"id": "own-heap", "question": "How does Python's heapq order its elements?", "kind": "qa", "lang": "en",
            "topic": "python", "topics": ["python"], "tags": [],
            "answer": "heapq implements a binary min-heap: the smallest element is always at index 0, and heappop "
                      "returns the minimum in O(log n). For a max-heap, push negated keys."}
    bank = tmp_path / "heap.jsonl"
    bank.write_text(json.dumps(card) + "\n", encoding="utf-8")
    lib = sobes.open(tmp_path / "lib.db")
    lib.import_path(bank, format="jsonl")
    wrong = lib.grade("own-heap", "heapq is a max-heap: the largest element sits at index 0 and heappop returns "
                                  "the maximum in O(log n).")
    right = lib.grade("own-heap", "heapq is a binary min-heap, so heap[0] is the smallest element and heappop "
                                  "gives the minimum in O(log n).")
    assert any("maximum" in w for w in wrong.wrong) and right.wrong == []
    assert wrong.score < right.score - 40
    lib.close()
