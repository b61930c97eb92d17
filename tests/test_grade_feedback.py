"""Grading typed answers offline: coverage, contradictions, stuffing, languages, hostile input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import sobes
from sobes.errors import BadInputError, NotFoundError
from sobes.library import Library

DROPOUT_EN = "starter-dl-01"
DROPOUT_UK = "starter-dl-02"
L1_L2_RU = "starter-ml-02"

EXCELLENT_DROPOUT = (
    "Dropout is a regularizer: during training each unit is zeroed with probability p on every forward pass. "
    "Units cannot rely on particular partners, so they learn redundant features, and training behaves like an "
    "ensemble of thinned sub-networks that share weights, which reduces overfitting. At inference dropout is "
    "switched off and all units are used; inverted dropout already scales activations by 1/(1-p) during "
    "training, so nothing needs rescaling at test time."
)
PARTIAL_DROPOUT = "Dropout randomly turns off some neurons during training, which helps against overfitting."
FLUENT_WRONG_DROPOUT = (
    "Dropout randomly removes neurons and it stays on at inference as well, so each prediction averages "
    "different sub-networks. Because it makes the network smaller, dropout increases overfitting slightly."
)


@pytest.fixture(scope="module")
def glib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = sobes.open(tmp_path_factory.mktemp("grade") / "lib.db")
    library.import_starter()
    yield library
    library.close()


def test_excellent_beats_partial_beats_fluent_but_wrong(glib: Library) -> None:
    excellent = glib.grade(DROPOUT_EN, EXCELLENT_DROPOUT)
    partial = glib.grade(DROPOUT_EN, PARTIAL_DROPOUT)
    wrong = glib.grade(DROPOUT_EN, FLUENT_WRONG_DROPOUT)
    assert excellent.score > partial.score > wrong.score
    assert len(excellent.covered) > len(partial.covered)
    assert excellent.wrong == []


def test_on_at_inference_is_reported_as_wrong(glib: Library) -> None:
    fb = glib.grade(DROPOUT_EN, "Dropout stays on at inference, so predictions are averaged over random masks.")
    assert any("inference" in w for w in fb.wrong)


def test_swapped_terms_are_wrong_in_russian(glib: Library) -> None:
    swapped = (
        "L2-регуляризация штрафует сумму квадратов весов и поэтому зануляет большую часть коэффициентов, "
        "давая разреженную модель, а L1 только равномерно сжимает веса, никогда не обнуляя их."
    )
    right = "L1 делает часть весов нулевыми, поэтому подходит для отбора признаков. L2 просто уменьшает веса."
    bad, good = glib.grade(L1_L2_RU, swapped), glib.grade(L1_L2_RU, right)
    assert bad.wrong
    assert bad.score < good.score


def test_negated_presupposition_is_wrong(glib: Library) -> None:
    fb = glib.grade(DROPOUT_UK, "Dropout збільшує перенавчання, тому його краще не використовувати.")
    assert fb.wrong
    assert fb.score < 30


def test_answer_in_another_language_than_the_card(glib: Library) -> None:
    english = glib.grade(DROPOUT_UK, EXCELLENT_DROPOUT)
    russian = glib.grade(
        DROPOUT_EN,
        "Во время обучения dropout случайно зануляет нейроны с вероятностью p, они не могут подстраиваться "
        "друг под друга, это похоже на ансамбль подсетей. На инференсе dropout выключен.",
    )
    off_topic = glib.grade(DROPOUT_UK, "Batch normalization normalises activations over the batch.")
    assert english.score > off_topic.score + 25 and len(english.covered) >= 2
    assert russian.score > off_topic.score + 20


def test_keyword_list_does_not_raise_the_score(glib: Library) -> None:
    keywords = glib.grade(DROPOUT_EN, "dropout, regularization, neurons, inference, ensemble, probability, overfitting")
    partial = glib.grade(DROPOUT_EN, PARTIAL_DROPOUT)
    assert keywords.score < partial.score
    assert any("keywords" in n for n in keywords.notes)


def test_length_and_repetition_do_not_raise_the_score(glib: Library) -> None:
    partial = glib.grade(DROPOUT_EN, PARTIAL_DROPOUT)
    padded = glib.grade(DROPOUT_EN, " ".join([PARTIAL_DROPOUT] * 12))
    assert padded.score <= partial.score + 5


def test_repeating_the_question_scores_near_zero(glib: Library) -> None:
    question = glib.card(DROPOUT_EN).question
    fb = glib.grade(DROPOUT_EN, question)
    assert fb.score <= 10
    assert any("repeats the question" in n for n in fb.notes)


def test_another_cards_answer_scores_low(glib: Library) -> None:
    other = glib.card("starter-python-01").answer or ""
    pasted = glib.grade(DROPOUT_EN, other)
    partial = glib.grade(DROPOUT_EN, PARTIAL_DROPOUT)
    assert pasted.score < partial.score
    assert pasted.score < 25


def test_empty_answer_scores_zero_with_a_note(glib: Library) -> None:
    for text in ("", "   \n\t ", "\x00\x07\x1b"):
        fb = glib.grade(DROPOUT_EN, text)
        assert fb.score == 0
        assert "the answer is empty" in fb.notes
        assert fb.missed == glib.keypoints(DROPOUT_EN)


def test_control_characters_are_removed_not_fatal(glib: Library) -> None:
    fb = glib.grade(DROPOUT_EN, PARTIAL_DROPOUT.replace(" ", " \x00\x1b[31m", 3))
    assert fb.score > 0
    assert any("control characters" in n for n in fb.notes)


def test_a_100_kb_answer_is_cut_and_graded(glib: Library) -> None:
    huge = (EXCELLENT_DROPOUT + " ") * (100_000 // len(EXCELLENT_DROPOUT) + 1)
    assert len(huge) >= 100_000
    fb = glib.grade(DROPOUT_EN, huge)
    assert 0 <= fb.score <= 100
    assert any("very long" in n for n in fb.notes)


def test_unknown_card_and_bad_input(glib: Library) -> None:
    with pytest.raises(NotFoundError):
        glib.grade("no-such-card", "text")
    with pytest.raises(BadInputError):
        glib.grade("", "text")
    with pytest.raises(BadInputError):
        glib.grade(DROPOUT_EN, None)  # type: ignore[arg-type]


def test_related_cards_exclude_the_card_itself(glib: Library) -> None:
    fb = glib.grade(DROPOUT_EN, PARTIAL_DROPOUT)
    assert fb.related and DROPOUT_EN not in fb.related and DROPOUT_UK not in fb.related or len(fb.related) <= 3
    assert all(isinstance(glib.card(cid).id, str) for cid in fb.related)


def test_feedback_to_dict_shape(glib: Library) -> None:
    data = glib.grade(DROPOUT_EN, PARTIAL_DROPOUT).to_dict()
    assert set(data) >= {"score", "covered", "missed", "wrong", "related", "notes", "solution"}
    assert isinstance(data["score"], int) and 0 <= data["score"] <= 100


def test_keypoints_are_three_to_seven_short_statements(glib: Library) -> None:
    for card in glib.cards(kind="qa")[:20]:
        points = glib.keypoints(card.id)
        assert 3 <= len(points) <= 7, (card.id, points)
        assert all(0 < len(p) <= 171 for p in points)


def test_user_keypoints_win_and_survive_reimport(glib: Library, tmp_path: Path) -> None:
    mine = ["Dropout zeroes units at random while training", "It is off at inference"]
    assert glib.set_keypoints(DROPOUT_EN, mine) == mine
    glib.import_starter()
    assert glib.keypoints(DROPOUT_EN) == mine
    fb = glib.grade(DROPOUT_EN, "During training dropout zeroes random units; at inference it is switched off.")
    assert fb.covered == mine
    restored = glib.set_keypoints(DROPOUT_EN, [])
    assert restored != mine and len(restored) >= 3


def test_keypoints_reject_oversized_edits(glib: Library) -> None:
    with pytest.raises(BadInputError):
        glib.set_keypoints(DROPOUT_EN, ["x" * 1000])


def test_related_cards_stay_on_the_cards_topic(glib: Library) -> None:
    fb = glib.grade(DROPOUT_EN, "Dropout switches off random neurons while training.")
    topic = glib.card(DROPOUT_EN).topic
    assert fb.related and all(glib.card(cid).topic == topic and str(glib.card(cid).kind) != "case"
                              for cid in fb.related)
