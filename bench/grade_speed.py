"""Grading speed and agreement with the labelled dev set.

    .venv/bin/python bench/grade_speed.py             # prints p50/p90 per answer and the eval metrics

Builds a fresh library (starter bank + the five seeds) in a temp dir, caches the key points
of every card in the dev set (what `sobes grade` does on first use of a card), then times
grading every dev-set answer once. Each answer gets a short unique suffix so it is encoded
afresh, like a newly typed answer (nothing comes from a vector cache).

Target (issue 6): p50 <= 300 ms per answer offline after the card's key points are cached.

Agreement is printed for three labelled files: grade_answers.jsonl (the dev set the grader was
tuned on), grade_answers_holdout.jsonl (first held out; its later rows were also looked at while
choosing between generic rules) and grade_answers_fresh.jsonl (written last, never tuned on:
the most honest of the three, but small), and grade_answers_fresh2.jsonl (12 more cards no
earlier file uses, written before the support/precision change and never tuned on).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
DEVSET = ROOT / "devsets" / "grade_answers.jsonl"
HOLDOUT = ROOT / "devsets" / "grade_answers_holdout.jsonl"
FRESH = ROOT / "devsets" / "grade_answers_fresh.jsonl"  # written last, never tuned on
FRESH2 = ROOT / "devsets" / "grade_answers_fresh2.jsonl"  # 12 more unseen cards, never tuned on


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    import sobes
    from sobes.grade.eval import read_rows, resolve

    with tempfile.TemporaryDirectory() as tmp:
        os.environ.pop("SOBES_LLM_URL", None)
        lib = sobes.open(Path(tmp) / "bench.db")
        lib.import_starter()
        if SEEDS.exists():
            lib.import_path(SEEDS)
        cards = lib.cards(include_duplicates=True)
        rows = [(row, resolve(data, cards, lib.card)) for row, data in read_rows(DEVSET)]
        started = time.perf_counter()
        for card_id in sorted({card.id for _, card in rows}):
            lib.keypoints(card_id)
        print(f"key points for {len({c.id for _, c in rows})} cards cached in {time.perf_counter() - started:.1f} s")
        times: list[float] = []
        for i, (row, card) in enumerate(rows):
            text = f"{row.answer} (bench run {i})" if row.answer.strip() else row.answer
            t0 = time.perf_counter()
            lib.grade(card.id, text)
            times.append(time.perf_counter() - t0)
        ms = sorted(1000 * t for t in times)
        p50, p90 = statistics.median(ms), ms[int(0.9 * (len(ms) - 1))]
        print(f"grade: {len(ms)} answers, p50 {p50:.0f} ms, p90 {p90:.0f} ms, max {ms[-1]:.0f} ms")
        print("  (target: p50 <= 300 ms)")
        sets = (("dev set", DEVSET), ("held-out set", HOLDOUT), ("fresh set", FRESH), ("fresh2 set", FRESH2))
        for name, path in sets:
            report = lib.grade_eval(path).to_dict()
            fw, ex = report["fluent_wrong_below_partial"], report["excellent_above_partial"]
            print(f"{name}: {report['answers']} answers over {report['cards']} cards ({path.name})")
            print(f"  Spearman {report['spearman']} (target >= 0.80)")
            print(f"  fluent-but-wrong below partial: {fw['share']} of {fw['cards']} cards (target >= 0.70)")
            print(f"  excellent above partial: {ex['share']} of {ex['cards']} cards (target >= 0.95)")
            print(f"  mean score by category: {report['mean_score_by_category']}")
        lib.close()


if __name__ == "__main__":
    main()
