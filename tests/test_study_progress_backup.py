"""Progress figures, charts, the JSON backup (idempotent merge) and the optimiser's messages."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

import sobes
from conftest import NOW
from sobes.errors import BadInputError
from sobes.library import Library
from sobes.study import optimize
from sobes.study.tables import iso, review_log
from study_bank import import_bank


@pytest.fixture
def bank(lib: Library, tmp_path: Path) -> Library:
    import_bank(lib, tmp_path)
    return lib


def _study_days(lib: Library, days: int, per_day: int, user: str = "local") -> None:
    """Study ``per_day`` new cards, rated Good, on each of ``days`` days ending at NOW."""
    fresh = iter(lib.cards())
    for d in range(days - 1, -1, -1):
        when = NOW - timedelta(days=d)
        for _ in range(per_day):
            lib.review(next(fresh).id, 3, when, user=user)


def test_progress_counts_seen_mastered_due_and_streak(bank: Library) -> None:
    _study_days(bank, 3, 2)
    weak = bank.cards()[10]
    bank.review(weak.id, 1, NOW)
    p = bank.progress(NOW)
    assert p.totals["seen"] == 7 and p.totals["cards"] == len(bank.cards())
    assert 0 < p.totals["mastered"] < 7  # the failed card is not mastered
    assert p.streak == 3 and p.total_reviews == 7
    assert p.reviews_per_day[NOW.date().isoformat()] == 3 and len(p.reviews_per_day) == 30
    assert p.weakest[0]["card_id"] == weak.id
    assert len(p.forecast) == 14 and sum(p.forecast.values()) == 7
    row = next(r for r in p.rows if (r.topic, r.level) == (str(weak.topic), weak.level))
    assert row.seen >= 1 and row.cards == 4
    d = p.to_dict()
    assert json.loads(json.dumps(d)) == d
    # A day without reviews today keeps yesterday's streak; a gap breaks it.
    assert bank.progress(NOW + timedelta(days=1)).streak == 3
    assert bank.progress(NOW + timedelta(days=2)).streak == 0


def test_progress_plot_writes_a_png(bank: Library, tmp_path: Path) -> None:
    from sobes.study.progress import plot

    _study_days(bank, 2, 3)
    out = tmp_path / "charts" / "progress.png"
    plot(bank.progress(NOW), out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 5000


def test_backup_round_trip_into_a_new_library_and_merge_is_idempotent(bank: Library, tmp_path: Path) -> None:
    _study_days(bank, 2, 3)
    bank.update_study_settings(retention=0.85, now=NOW)
    iv = bank.start_interview("middle", "ml", 8, NOW, seed=1)
    bank.record_interview_answer(iv.id, iv.cards[0].id, spoken=True, seconds=20, self_rating=3, now=NOW)
    bank.finish_interview(iv.id, NOW)
    bank.undo()  # undone rows travel too
    backup = tmp_path / "reviews.json"
    counts = bank.export_reviews(backup, NOW)
    assert counts["log"] == 7 and counts["interviews"] == 1

    with sobes.open(tmp_path / "other.db") as other:
        import_bank(other, tmp_path)
        added = other.import_reviews(backup)
        assert added["log_added"] == 7 and added["interviews_added"] == 1 and added["settings_added"] == 1
        assert other.import_reviews(backup) == dict.fromkeys(added, 0)
        assert other.progress(NOW).to_dict() == bank.progress(NOW).to_dict()
        assert [c.id for c in other.due(NOW, limit=30)] == [c.id for c in bank.due(NOW, limit=30)]
        assert other.study_settings().retention == 0.85
        assert other.finish_interview(iv.id).to_dict() == bank.finish_interview(iv.id).to_dict()
        # Reviews made on the other machine survive a merge of the older backup.
        card = other.due(NOW, limit=1)[0]
        other.review(card.id, 3, NOW + timedelta(hours=1))
        other.import_reviews(backup)
        assert card.id not in [c.id for c in other.due(NOW + timedelta(hours=2), limit=100)]


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not readable JSON"), ('{"format": "other"}', "not a sobes review backup"),
     ('{"format": "sobes-reviews", "version": 9}', "version 9"),
     ('{"format": "sobes-reviews", "version": 1, "log": [{"uid": "x"}]}', "malformed row")],
)
def test_bad_backups_change_nothing(bank: Library, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadInputError, match=message):
        bank.import_reviews(path)
    with bank.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(review_log)).scalar_one() == 0


def test_optimiser_says_how_many_reviews_it_needs(bank: Library) -> None:
    _study_days(bank, 2, 2)
    with pytest.raises(BadInputError, match=rf"too few reviews to optimise: 0 of the needed {optimize.MIN_REVIEWS}"):
        bank.optimize()


def test_optimiser_without_torch_says_what_to_install(bank: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_torch(name: str, *args: object, **kwargs: object) -> object:
        if name == "torch":
            raise ImportError("no torch here")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_torch)
    rows = [
        {"uid": uuid.uuid4().hex, "user": "local", "card_id": f"c{i % 50}", "reviewed_card_id": f"c{i % 50}",
         "rating": 3, "reviewed_at": iso(NOW + timedelta(days=i // 50)), "new_state": "{}", "undone": False,
         "origin": "study"}
        for i in range(50 * 12)
    ]
    with bank.engine.begin() as conn:
        conn.execute(insert(review_log), rows)
    with pytest.raises(BadInputError, match=r"install torch==2\.13\.0 to optimise"):
        bank.optimize()


def test_a_backup_with_newer_reviews_updates_older_local_state(bank: Library, tmp_path: Path) -> None:
    card = bank.cards()[0]
    backup = tmp_path / "old.json"
    bank.review(card.id, 1, NOW)
    bank.export_reviews(tmp_path / "before.json", NOW)
    bank.review(card.id, 3, NOW + timedelta(days=1))
    bank.export_reviews(backup, NOW)
    newest = bank.due(NOW + timedelta(days=30), limit=1)[0].id
    with sobes.open(tmp_path / "laptop.db") as laptop:
        import_bank(laptop, tmp_path)
        laptop.import_reviews(tmp_path / "before.json")
        assert laptop.due(NOW + timedelta(hours=1), limit=1)[0].id == card.id  # the Again is due
        added = laptop.import_reviews(backup)
        assert added["log_added"] == 1 and added["states_updated"] == 1
        assert card.id not in [c.id for c in laptop.due(NOW + timedelta(days=1, hours=1), limit=5)]
        assert laptop.due(NOW + timedelta(days=30), limit=1)[0].id == newest
