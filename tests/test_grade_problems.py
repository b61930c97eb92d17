"""Problem cards are checked exactly: numbers with tolerance, fractions, expressions, shapes."""

from __future__ import annotations

import pytest

from sobes.grade.problems import check, evaluate, parse_expected, split_reference

FRACTION = "**Answer:** 1/105 ≈ 0.00952\n\nThere are 7·5·3·1 = 105 matchings and one of them pairs every couple."
METRICS = "**Answer:** accuracy = 0.97, precision = 0.80, recall ≈ 0.667, F1 ≈ 0.727\n\nWorked solution: ..."
SHAPE = "**Answer:** output 31×31×16; 1216 parameters\n\nO = floor((64 - 5 + 2)/2) + 1 = 31."
CODE = "**Answer:** `[1]`, `[1, 2]`, `[3]`, `[1, 2, 4]` (one per line)\n\nDefaults are evaluated once."
UKRAINIAN = "**Відповідь:** 671/1296 ≈ 0.518\n\nЧерез доповнення: 1 − (5/6)^4."


@pytest.mark.parametrize(
    ("reference", "answer", "score"),
    [
        (FRACTION, "1/105", 100),
        (FRACTION, "The probability is 0.00952", 100),
        (FRACTION, "about 0.0095", 100),
        (FRACTION, "1/7", 0),
        (FRACTION, "0.01", 0),
        (METRICS, "accuracy 0.97, precision 0.8, recall 0.67, F1 0.73", 100),
        (METRICS, "accuracy 97%, precision 80%", 50),
        (SHAPE, "31x31x16 and 1216 params", 100),
        (SHAPE, "32×32×16, 1216", 50),
        (CODE, "[1]\n[1, 2]\n[3]\n[1, 2, 4]", 100),
        (CODE, "[1] [2] [3] [4]", 50),
        (UKRAINIAN, "1 - (5/6)^4", 100),
        (UKRAINIAN, "4 * 1/6 = 0.667", 0),
        (UKRAINIAN, "51.8%", 100),
    ],
)
def test_problem_answers_are_checked_exactly(reference: str, answer: str, score: int) -> None:
    fb = check("p1", reference, answer)
    assert fb is not None
    assert fb.score == score
    assert fb.method == "exact"
    assert fb.solution and "**Answer" not in fb.solution and "Відповідь" not in fb.solution


def test_wrong_result_is_named_and_solution_shown() -> None:
    fb = check("p1", FRACTION, "I think it is 1/7")
    assert fb is not None and fb.score == 0
    assert fb.missed == ["1/105 ≈ 0.00952"]
    assert any("1/7" in w for w in fb.wrong)
    assert "105 matchings" in (fb.solution or "")


def test_no_numbers_in_the_answer_gets_a_note() -> None:
    fb = check("p1", FRACTION, "it is very unlikely")
    assert fb is not None and fb.score == 0
    assert any("no number" in n for n in fb.notes)


def test_reference_without_answer_line_is_not_checked() -> None:
    assert split_reference("Just an explanation without a final line.") is None
    assert check("p1", "Just an explanation.", "42") is None


def test_expected_items_and_expressions() -> None:
    items = parse_expected("1/6 ≈ 0.167")
    assert len(items) == 1 and items[0].values[0] == pytest.approx(1 / 6)
    assert evaluate("(5/6)^4") == pytest.approx(625 / 1296)
    assert evaluate("16.7%") == pytest.approx(0.167)
    assert evaluate("__import__('os')") is None
    assert evaluate("9" * 100) is None


def test_starter_problem_cards_are_checked_through_the_library(lib) -> None:  # type: ignore[no-untyped-def]
    lib.import_starter(analyze=False)
    good = lib.grade("starter-stats-07", "1/105")
    bad = lib.grade("starter-stats-07", "1/7")
    assert (good.score, bad.score) == (100, 0)
    assert good.solution and bad.solution
    for card in lib.cards(kind="problem"):
        expected = split_reference(card.answer or "")
        assert expected is not None, card.id
        assert lib.grade(card.id, expected[0]).score == 100, card.id


def test_imported_problem_without_answer_line_is_checked_against_its_last_result() -> None:
    from sobes.grade.problems import final_result

    worked = "C(4,2)/C(36,2) = 6/630 = 1/105."
    assert final_result(worked) == "1/105"
    assert final_result("$$\\frac{a}{b} \\doteq 0.0472$$") == "0.0472"
    assert final_result("x = 2 + 3 and then we stop") is None  # an expression, not a result
    right = check("p", worked, "Both aces: about 0.0095")
    assert right is not None and right.score == 100 and right.method == "exact" and right.solution
    # A different number is not called wrong on the strength of a stray "=": the offline grader decides.
    assert check("p", worked, "0.5") is None
