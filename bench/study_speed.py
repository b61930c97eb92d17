"""Study speed at scale: choosing the next card and recording a rating with 100,000 cards
and 1,000,000 review-log rows (target: each <= 20 ms).

    .venv/bin/python bench/study_speed.py                  # builds /tmp/sobes-study-bench.db once
    .venv/bin/python bench/study_speed.py --db PATH --cards 100000 --log 1000000 --rounds 200
    .venv/bin/python bench/study_speed.py --backup     # also progress and backup export/import

The library is filled directly through the tables (importing 100,000 cards is the import
benchmark's job): every card has a review state, the log holds ``--log`` ratings spread over
the last year, and about 2% of the cards are due; a second user has seen half the cards and
has nothing due (their next card is a new one). Timings are per call, through the public
Library API, in one process (median and 95th percentile).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

import sobes
from sobes.library import Library
from sobes.store.schema import cards
from sobes.study.scheduler import CardState
from sobes.study.tables import iso, review_log, study_state

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
TOPICS = ["ml", "dl", "nlp", "cv", "stats", "python"]
LEVELS = ["junior", "middle", "senior", None]


def build(lib: Library, n_cards: int, n_log: int, rng: random.Random) -> None:
    stamp = iso(NOW - timedelta(days=400))
    rows = [
        {"id": f"c{i:06d}", "source_key": "bench", "position": i, "question": f"Bench question {i}?",
         "answer": f"Bench answer {i}.", "kind": "qa", "lang": "en", "topic": TOPICS[i % len(TOPICS)],
         "topics": "[]", "level": LEVELS[i % len(LEVELS)], "level_source": "source", "topic_source": "source",
         "topic_confidence": 1.0, "section": None, "tags": "[]", "reactions": "{}", "duplicate_of": None,
         "retired": False, "source_name": "bench.jsonl", "source_format": "jsonl", "source_line": i + 1,
         "source_message_id": None, "content_hash": f"h{i}", "created_at": stamp, "updated_at": stamp}
        for i in range(n_cards)
    ]
    states = []
    for i in range(n_cards):
        due = NOW + timedelta(days=rng.uniform(-1.5, 60))  # ~2% overdue
        last = due - timedelta(days=rng.uniform(1, 30))
        s = CardState(2, None, rng.uniform(1, 60), rng.uniform(1, 10), iso(due), iso(last), 10, 0)
        states.append({"user": "local", "card_id": f"c{i:06d}", "state": s.state, "step": s.step,
                       "stability": s.stability, "difficulty": s.difficulty, "due": s.due,
                       "last_review": s.last_review, "reps": s.reps, "lapses": s.lapses})
    prev = json.dumps({"state": 2, "step": None, "stability": 5.0, "difficulty": 5.0, "due": iso(NOW),
                       "last_review": iso(NOW), "reps": 1, "lapses": 0})
    with lib.engine.begin() as conn:
        conn.execute(insert(cards), rows)
        conn.execute(insert(study_state), states)
        for start in range(0, n_log, 100_000):
            conn.execute(insert(review_log), [
                {"uid": uuid.uuid4().hex, "user": "local", "card_id": f"c{j % n_cards:06d}",
                 "reviewed_card_id": f"c{j % n_cards:06d}", "rating": rng.randint(1, 4),
                 "reviewed_at": iso(NOW - timedelta(days=365 * (1 - j / n_log))), "duration_s": 8.0,
                 "answer": None, "origin": "study", "prev_state": prev, "new_state": prev, "undone": False}
                for j in range(start, min(n_log, start + 100_000))
            ])
        # A second user who has seen the first half of the bank in order and has nothing due:
        # their next card is a new one, found after the last card they introduced.
        half = n_cards // 2
        conn.execute(insert(study_state), [
            {**s, "user": "half", "due": iso(NOW + timedelta(days=5))} for s in states[:half]
        ])
        conn.execute(insert(review_log), [
            {"uid": uuid.uuid4().hex, "user": "half", "card_id": f"c{j:06d}", "reviewed_card_id": f"c{j:06d}",
             "rating": 3, "reviewed_at": iso(NOW - timedelta(days=30) + timedelta(seconds=j)), "duration_s": 8.0,
             "answer": None, "origin": "study", "prev_state": None, "new_state": prev, "introduced": True,
             "undone": False}
            for j in range(half)
        ])


def timed(fn: Callable[[int], object], rounds: int) -> tuple[float, float]:
    samples = []
    for i in range(rounds):
        t = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="/tmp/sobes-study-bench.db")
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--log", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--backup", action="store_true", help="also time progress and a backup export + import")
    args = ap.parse_args()
    path = Path(args.db)
    fresh = not path.exists()
    lib = sobes.open(path)
    if fresh:
        t = time.perf_counter()
        build(lib, args.cards, args.log, random.Random(5))
        print(f"built {args.cards:,} cards and {args.log:,} log rows in {time.perf_counter() - t:.0f} s ({path})")
    # Each round moves the clock on a little, as in a real session.
    now = [NOW]

    def next_card(i: int) -> object:
        return lib.due(now[0] + timedelta(seconds=i), limit=1)

    def rate(i: int) -> object:
        card = lib.due(NOW + timedelta(seconds=i), limit=1)[0]
        return lib.review(card.id, 3, NOW + timedelta(seconds=i))

    def record_only(i: int) -> object:
        return lib.review(f"c{(i * 7919) % args.cards:06d}", 1 + i % 4, NOW + timedelta(minutes=i))

    results = [
        ("next card: due(limit=1)", timed(next_card, args.rounds)),
        ("next 20 cards: due(limit=20)", timed(lambda i: lib.due(NOW, limit=20), args.rounds // 4)),
        ("record a rating: review()", timed(record_only, args.rounds)),
        ("choose + rate (one study step)", timed(rate, args.rounds)),
        ("undo the last rating", timed(lambda i: lib.undo(), args.rounds // 4)),
        ("next card, half seen, none due", timed(lambda i: lib.due(NOW, limit=1, user="half"), args.rounds)),
        ("nothing due, every card seen", timed(lambda i: lib.due(NOW - timedelta(days=30), limit=1), 10)),
        ("due counts", timed(lambda i: lib.due_counts(NOW), 10)),
    ]
    print(f"{'operation':34} {'median ms':>10} {'p95 ms':>8}  target")
    for name, (med, p95) in results:
        target = "<= 20 ms" if name.startswith(("next card", "record", "choose")) else "—"
        print(f"{name:34} {med:10.2f} {p95:8.2f}  {target}")
    if args.backup:
        once(lambda: lib.progress(NOW), "progress (every card)")
        out = path.with_suffix(".backup.json")
        once(lambda: lib.export_reviews(out, NOW), "backup export")
        other = sobes.open(path.with_suffix(".restored.db"))
        once(lambda: other.import_reviews(out), "backup import into an empty library")
        once(lambda: other.import_reviews(out), "backup import again (no change)")
        other.close()
    lib.close()


def once(fn: Callable[[], object], name: str) -> None:
    t = time.perf_counter()
    fn()
    print(f"{name:34} {time.perf_counter() - t:10.1f} s")


if __name__ == "__main__":
    main()
