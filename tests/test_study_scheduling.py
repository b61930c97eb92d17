"""FSRS reviews with a fixed clock: intervals, the queue, undo, persistence, duplicates."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

import sobes
from conftest import NOW
from sobes.errors import BadInputError, NotFoundError
from sobes.library import Library
from sobes.store.schema import cards
from sobes.study.tables import review_log, study_state
from study_bank import by_question, import_bank, mark_duplicate, write_bank


@pytest.fixture
def bank(lib: Library, tmp_path: Path) -> Library:
    import_bank(lib, tmp_path)
    return lib


def _state_row(lib: Library, card_id: str, user: str = "local") -> dict[str, object] | None:
    with lib.engine.connect() as conn:
        row = conn.execute(
            select(study_state).where(study_state.c.card_id == card_id, study_state.c.user == user)
        ).first()
    return dict(row._mapping) if row else None


def test_again_comes_back_within_minutes(bank: Library) -> None:
    card = bank.due(NOW, limit=1)[0]
    s = bank.review(card.id, 1, NOW)
    assert timedelta(0) < s.due - NOW <= timedelta(minutes=15)
    assert s.interval.endswith("min")
    assert card.id not in [c.id for c in bank.due(NOW + timedelta(minutes=1), limit=100)]
    assert bank.due(s.due, limit=1)[0].id == card.id  # due again: ahead of every new card


def test_good_moves_the_card_to_days(bank: Library) -> None:
    card = bank.due(NOW, limit=1)[0]
    first = bank.review(card.id, 3, NOW)
    assert first.due - NOW >= timedelta(days=1)
    assert first.state == "review" and "day" in first.interval
    second = bank.review(card.id, 3, first.due)
    assert second.due - first.due > first.due - NOW  # intervals grow
    easy = bank.review(bank.due(NOW, limit=1)[0].id, 4, NOW)
    assert easy.due - NOW > first.due - NOW


def test_due_lists_most_overdue_reviews_before_new_cards(bank: Library) -> None:
    a, b, c = [x.id for x in bank.due(NOW, limit=3)]
    bank.review(a, 3, NOW)
    bank.review(b, 3, NOW - timedelta(days=3))
    later = NOW + timedelta(days=10)
    queue = [x.id for x in bank.due(later, limit=5)]
    assert queue[:2] == [b, a]
    assert c in queue[2:]


def test_daily_limit_of_new_cards(bank: Library) -> None:
    bank.update_study_settings(new_per_day=3, now=NOW)
    first = bank.due(NOW, limit=10)
    assert len(first) == 3
    for card in first[:2]:
        bank.review(card.id, 3, NOW)
    assert len(bank.due(NOW + timedelta(hours=1), limit=10)) == 1
    counts = bank.due_counts(NOW + timedelta(hours=1))
    assert counts.new_today == 1 and counts.due == 0
    # The next UTC day brings a fresh quota.
    assert len(bank.due(NOW + timedelta(days=1), limit=10)) == 3


def test_filters_apply_to_the_queue(bank: Library) -> None:
    cards_ = bank.due(NOW, limit=50, topic="stats", level="senior")
    assert cards_ and all(c.topic == "stats" and c.level == "senior" for c in cards_)
    with pytest.raises(BadInputError, match="unknown topic 'maths'"):
        bank.due(NOW, topic="maths")


def test_undo_restores_the_previous_state_exactly(bank: Library) -> None:
    card = bank.due(NOW, limit=1)[0]
    bank.review(card.id, 3, NOW)
    before = _state_row(bank, card.id)
    bank.review(card.id, 1, NOW + timedelta(days=2))
    assert _state_row(bank, card.id) != before
    undone = bank.undo()
    assert undone is not None and undone.card_id == card.id and undone.rating == 1
    assert _state_row(bank, card.id) == before
    # Undoing the first rating makes the card new again; the log keeps both rows.
    assert bank.undo() is not None and _state_row(bank, card.id) is None
    assert bank.due(NOW, limit=1)[0].id == card.id
    assert bank.undo() is None
    with bank.engine.connect() as conn:
        rows = conn.execute(select(review_log.c.undone)).scalars().all()
    assert rows == [True, True]


def test_state_survives_reopen_and_reimport(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    with sobes.open(db) as lib:
        path = import_bank(lib, tmp_path)
        card = lib.due(NOW, limit=1)[0]
        schedule = lib.review(card.id, 3, NOW)
    with sobes.open(db) as lib:
        lib.import_path(path, analyze=False)
        lib.import_path(write_bank(path), analyze=False)
        assert _state_row(lib, card.id) is not None
        assert card.id not in [c.id for c in lib.due(NOW + timedelta(hours=1), limit=200)]
        assert card.id in [c.id for c in lib.due(schedule.due, limit=200)]


def test_a_duplicate_group_is_studied_once(bank: Library) -> None:
    canonical = by_question(bank, "Question number 1:")
    twin = by_question(bank, "Question number 2:")
    mark_duplicate(bank, twin, canonical)
    queue = [c.id for c in bank.due(NOW, limit=200)]
    assert canonical in queue and twin not in queue
    schedule = bank.review(twin, 3, NOW)  # reviewing a variant counts for the group
    assert schedule.card_id == twin
    assert _state_row(bank, canonical) is not None and _state_row(bank, twin) is None
    assert canonical not in [c.id for c in bank.due(NOW + timedelta(hours=1), limit=200)]


def test_retired_cards_leave_the_queue_but_keep_history(bank: Library) -> None:
    card = bank.due(NOW, limit=1)[0]
    bank.review(card.id, 1, NOW)
    with bank.engine.begin() as conn:
        conn.execute(update(cards).where(cards.c.id == card.id).values(retired=True))
    assert card.id not in [c.id for c in bank.due(NOW + timedelta(days=1), limit=200)]
    with bank.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(review_log)).scalar_one() == 1


def test_review_state_is_per_user(bank: Library) -> None:
    card = bank.due(NOW, limit=1, user="ann")[0]
    bank.review(card.id, 3, NOW, user="ann")
    assert bank.due(NOW, limit=1, user="bob")[0].id == card.id
    assert bank.due(NOW, limit=1, user="ann")[0].id != card.id
    assert bank.undo(user="bob") is None


def test_review_log_keeps_answer_duration_and_both_states(bank: Library) -> None:
    card = bank.due(NOW, limit=1)[0]
    bank.review(card.id, 2, NOW, duration_s=12.5, answer="my words")
    with bank.engine.connect() as conn:
        row = conn.execute(select(review_log)).one()
    assert (row.rating, row.duration_s, row.answer, row.prev_state) == (2, 12.5, "my words", None)
    assert json.loads(row.new_state)["reps"] == 1


@pytest.mark.parametrize("rating", [0, 5, "3", True, None])
def test_bad_ratings_are_refused(bank: Library, rating: object) -> None:
    card = bank.due(NOW, limit=1)[0]
    with pytest.raises(BadInputError, match="rating must be 1"):
        bank.review(card.id, rating, NOW)  # type: ignore[arg-type]


def test_unknown_card_is_not_found(bank: Library) -> None:
    with pytest.raises(NotFoundError):
        bank.review("nope-nope", 3, NOW)


def test_settings_are_checked_and_kept(bank: Library) -> None:
    with pytest.raises(BadInputError, match="retention"):
        bank.update_study_settings(retention=1.5)
    bank.update_study_settings(retention=0.8, new_per_day=7, now=NOW)
    s = bank.study_settings()
    assert (s.retention, s.new_per_day) == (0.8, 7)
    low = bank.review(bank.due(NOW, limit=1)[0].id, 3, NOW)
    bank.update_study_settings(retention=0.95, now=NOW)
    high = bank.review(bank.due(NOW, limit=1)[0].id, 3, NOW)
    assert high.due - NOW < low.due - NOW  # higher retention, shorter intervals


def test_reviews_of_a_real_seed_survive_its_reimport(tmp_path: Path) -> None:
    from conftest import seed

    db = tmp_path / "seed.db"
    with sobes.open(db) as lib:
        lib.import_path(seed("001"))
        studied = [c.id for c in lib.due(NOW, limit=3)]
        for cid, rating in zip(studied, (1, 3, 4), strict=True):
            lib.review(cid, rating, NOW)
        before = {cid: _state_row(lib, cid) for cid in studied}
    with sobes.open(db) as lib:
        report = lib.import_path(seed("001"))
        assert report.new == 0
        assert {cid: _state_row(lib, cid) for cid in studied} == before
        assert lib.due(NOW + timedelta(minutes=30), limit=1)[0].id == studied[0]  # the Again card


def test_a_regrouped_card_carries_its_group_history_on(bank: Library) -> None:
    studied = by_question(bank, "Question number 5:")
    newer = by_question(bank, "Question number 6:")
    bank.review(studied, 3, NOW)
    bank.review(studied, 3, NOW + timedelta(days=3))
    # A later analysis makes another card the canonical one of the group.
    mark_duplicate(bank, studied, newer)
    schedule = bank.review(newer, 3, NOW + timedelta(days=20))
    assert schedule.reps == 3 and schedule.due - (NOW + timedelta(days=20)) > timedelta(days=10)
    bank.undo()
    assert _state_row(bank, newer) is None and _state_row(bank, studied) is not None
