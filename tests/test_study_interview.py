"""Mock interviews: balanced selection by topic and kind, level, duplicates, the report."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import NOW
from sobes.errors import BadInputError, NotFoundError
from sobes.library import Library
from study_bank import by_question, import_bank, mark_duplicate


@pytest.fixture
def bank(lib: Library, tmp_path: Path) -> Library:
    import_bank(lib, tmp_path)
    return lib


def test_selection_is_balanced_by_topic_and_kind(bank: Library) -> None:
    iv = bank.start_interview("middle", "ml,dl", 30, NOW, seed=1)
    assert 6 <= len(iv.cards) <= 10  # roughly minutes/3-5
    assert all(c.level == "middle" for c in iv.cards)
    topics = Counter(str(c.topic) for c in iv.cards)
    assert set(topics) == {"ml", "dl"} and abs(topics["ml"] - topics["dl"]) <= 1
    kinds = Counter(str(c.kind) for c in iv.cards)
    assert set(kinds) == {"qa", "question", "problem"}
    assert len({c.id for c in iv.cards}) == len(iv.cards)


def test_adjacent_levels_only_when_the_level_runs_out(bank: Library) -> None:
    iv = bank.start_interview("middle", ["rl"], 12, NOW, seed=2)
    levels = [c.level for c in iv.cards]
    assert levels[0] == "middle"
    assert set(levels[1:]) <= {"junior", "senior"} and len(levels) == 3  # unknown level comes last
    senior = bank.start_interview("senior", ["ml"], 8, NOW, seed=3)
    assert all(c.level == "senior" for c in senior.cards)


def test_never_two_of_one_duplicate_group(bank: Library) -> None:
    ml_middle = [c for c in bank.cards(topic="ml", level="middle")]
    canonical = ml_middle[0].id
    for other in ml_middle[1:]:
        mark_duplicate(bank, other.id, canonical)
    iv = bank.start_interview("middle", ["ml"], 20, NOW, seed=4)
    picked = {c.id for c in iv.cards}
    assert canonical in picked
    assert not picked & {c.id for c in ml_middle[1:]}


def test_cards_studied_in_the_last_day_are_left_out(bank: Library) -> None:
    studied = [c.id for c in bank.cards(topic="stats", level="junior")]
    for cid in studied[:3]:
        bank.review(cid, 3, NOW - timedelta(hours=5))
    bank.review(studied[3], 3, NOW - timedelta(days=3))
    iv = bank.start_interview("junior", ["stats"], 16, NOW, seed=5)
    picked = [c.id for c in iv.cards]
    assert studied[3] in picked and not set(studied[:3]) & set(picked)


def test_answers_feed_fsrs_and_the_report(bank: Library) -> None:
    iv = bank.start_interview("middle", "ml,dl", 12, NOW, seed=6)
    first, second, third = iv.cards
    bank.record_interview_answer(iv.id, first.id, text="some words", seconds=95, self_rating=1, now=NOW)
    bank.record_interview_answer(iv.id, second.id, spoken=True, seconds=40, self_rating=4, now=NOW)
    report = bank.finish_interview(iv.id, NOW + timedelta(minutes=5))
    d = report.to_dict()
    assert [q["card_id"] for q in d["questions"]] == [c.id for c in iv.cards]
    q1, q2, q3 = report.questions
    assert (q1.seconds, q1.rating_name, q1.reference) == (95, "Again", first.answer)
    assert q2.spoken and q2.rating == 4 and not q2.weak
    assert not q3.answered
    assert set(report.topics_to_review) == {str(first.topic), str(third.topic)}  # weak or unanswered
    # The weak answer is due within minutes, the strong one days later.
    soon = [c.id for c in bank.due(NOW + timedelta(minutes=15), limit=3)]
    assert first.id in soon and second.id not in soon
    assert bank.finish_interview(iv.id).to_dict() == d  # saved; finishing again changes nothing
    with pytest.raises(BadInputError, match="finished"):
        bank.record_interview_answer(iv.id, third.id, self_rating=3, now=NOW)


def test_a_typed_answer_without_a_grade_needs_a_self_rating(bank: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    iv = bank.start_interview("junior", ["nlp"], 8, NOW, seed=7)
    card = iv.cards[0]
    def refuses(self: Library, cid: str, text: str) -> None:  # as for a card without a reference answer
        raise BadInputError(f"card {cid} has no reference answer to grade against")

    monkeypatch.setattr(type(bank), "grade", refuses)
    with pytest.raises(BadInputError, match="rate the answer"):
        bank.record_interview_answer(iv.id, card.id, text="an answer", seconds=10, now=NOW)
    skipped = bank.record_interview_answer(iv.id, iv.cards[1].id, seconds=3, now=NOW)
    assert skipped["rating"] == 1


def test_a_grade_replaces_the_self_rating(bank: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeFeedback:
        score = 35

        def to_dict(self) -> dict[str, object]:
            return {"score": self.score, "missed": ["the key point"]}

    monkeypatch.setattr(type(bank), "grade", lambda self, cid, text: FakeFeedback(), raising=False)
    iv = bank.start_interview("senior", ["dl"], 8, NOW, seed=8)
    saved = bank.record_interview_answer(iv.id, iv.cards[0].id, text="a weak answer", seconds=30, now=NOW)
    assert (saved["grade"], saved["rating"]) == (35, 1)
    report = bank.finish_interview(iv.id, NOW)
    assert report.questions[0].grade == 35 and report.questions[0].feedback == FakeFeedback().to_dict()


def test_interview_sessions_are_saved(bank: Library) -> None:
    iv = bank.start_interview("middle", ["stats"], 8, NOW, seed=9)
    again = bank.interview(iv.id)
    assert [c.id for c in again.cards] == [c.id for c in iv.cards]
    assert bank.interviews()[0].id == iv.id


@pytest.mark.parametrize(
    ("level", "topics", "minutes", "message"),
    [("expert", "ml", 30, "unknown level"), ("middle", "ml,maths", 30, "unknown topic 'maths'"),
     ("middle", "ml", 0, "1 to 240"), ("middle", "cv", 30, "no middle questions on cv")],
)
def test_bad_interview_requests_say_how_to_fix_them(
    bank: Library, level: str, topics: str, minutes: int, message: str
) -> None:
    with pytest.raises(BadInputError, match=message):
        bank.start_interview(level, topics, minutes, NOW)


def test_unknown_interview_is_not_found(bank: Library) -> None:
    with pytest.raises(NotFoundError):
        bank.finish_interview("nope", NOW)
    assert by_question(bank, "Question number 3:")
