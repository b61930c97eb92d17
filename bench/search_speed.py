"""Search speed on synthetic libraries, each case in a fresh process.

    .venv/bin/python bench/search_speed.py               # 10k and 100k cards, first query, seeds embedding
    .venv/bin/python bench/search_speed.py --sizes 10000 # one size only
    .venv/bin/python bench/search_speed.py --skip-embed  # without the (slow) seeds embedding case

A synthetic library has generated questions and answers in EN/RU/UK built from a DS
vocabulary plus rare made-up words (so the word index has a realistic long tail). Its vectors
are random unit rows written straight into the vector table, because embedding 100,000
cards would take an hour and the matrix product costs the same for any numbers; queries are
embedded with the real encoder. Timings are of `lib.search(query, limit=10)` end to end.
"First query" is a new process searching a library that has been searched before (its
vector matrix is kept in the library); the very first search after new vectors builds that
matrix once (a few seconds at 100,000 cards; `lib.prepare_search()` does it ahead).

On a shared machine wall times grow with the load (printed beside them); CPU times, which
do not, show what an idle machine would do.

Targets (issue 4): warm p95 ≤ 50 ms at 10,000 cards and ≤ 150 ms at 100,000; first query
after process start ≤ 1.5 s; embedding the five seeds from scratch ≤ 30 s.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
PY = sys.executable

TERMS = {
    "en": ["dropout", "gradient boosting", "overfitting", "regularization", "attention", "embedding", "k-means",
           "logistic regression", "cross-validation", "precision", "recall", "batch normalization", "learning rate",
           "decision tree", "random forest", "transformer", "tokenizer", "p-value", "confidence interval",
           "feature store", "data drift", "docker", "hash table", "binary search", "generator", "decorator"],
    "ru": ["переобучение", "градиентный бустинг", "регуляризация", "механизм внимания", "эмбеддинги",
           "кластеризация", "логистическая регрессия", "кросс-валидация", "точность", "полнота",
           "нормализация батча", "скорость обучения", "решающее дерево", "случайный лес", "трансформер",
           "доверительный интервал", "дрейф данных", "контейнеризация", "хеш-таблица", "генератор"],
    "uk": ["перенавчання", "градієнтний бустинг", "регуляризація", "механізм уваги", "ембедінги",
           "кластеризація", "логістична регресія", "крос-валідація", "точність", "повнота",
           "нормалізація батчу", "швидкість навчання", "дерево рішень", "випадковий ліс", "трансформер",
           "довірчий інтервал", "дрейф даних", "контейнеризація", "хеш-таблиця", "генератор"],
}
TEMPLATES = {
    "en": ["What is {a} and how does it relate to {b}?", "Explain {a}.", "When would you use {a} instead of {b}?",
           "How do you tune {a} in practice?"],
    "ru": ["Что такое {a} и как это связано с {b}?", "Объясните {a}.", "Когда стоит использовать {a} вместо {b}?",
           "Как настраивать {a} на практике?"],
    "uk": ["Що таке {a} і як це пов'язано з {b}?", "Поясніть {a}.", "Коли варто використовувати {a} замість {b}?",
           "Як налаштовувати {a} на практиці?"],
}
QUERIES = ["dropout", "затухающий градиент", "l1 l2 різниця", "how do I pick k in k-means", "q lerning",
           "перобучение", "bagging vs boosting", "confidence interval", "хеш-таблица", "трансформер уваги"]


PART = 20_000  # cards per file (imports refuse files over 64 MB)


def synthetic_bank(folder: Path, n: int, seed: int = 0) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for start in range(0, n, PART):
        path = folder / f"part{start // PART:03d}.jsonl"
        paths.append(path)
        with path.open("w", encoding="utf-8") as f:
            _write(f, rng, range(start, min(n, start + PART)), n)
    return paths


def _write(f: Any, rng: random.Random, numbers: range, n: int) -> None:
    for i in numbers:
        lang = rng.choice(["en", "ru", "uk"])
        a, b = rng.sample(TERMS[lang], 2)
        rare = f"{rng.choice('abcdefghk')}{rng.randrange(n * 3)}x"  # a long tail of distinct words
        question = rng.choice(TEMPLATES[lang]).format(a=a, b=b) + f" ({rare})"
        answer = " ".join(rng.choice(TERMS[lang]) for _ in range(rng.randint(15, 45))) + "."
        f.write(json.dumps({"id": f"syn-{i}", "question": question, "answer": answer, "kind": "qa",
                            "lang": lang, "topic": "ml", "topics": ["ml"], "tags": []},
                           ensure_ascii=False) + "\n")


def build(db: Path, n: int) -> dict[str, float]:
    """A library of n synthetic cards with random vectors and a synced search index."""
    import numpy as np

    import sobes
    from sobes.embed import field_text, get_encoder
    from sobes.search import index
    from sobes.store.schema import card_vectors

    parts = synthetic_bank(db.with_suffix(".bank"), n)
    lib = sobes.open(db)
    t = time.perf_counter()
    for part in parts:
        lib.import_path(part, format="jsonl", analyze=False)
    t_import = time.perf_counter() - t
    encoder = get_encoder()
    assert encoder is not None, lib.embedding_problem()
    rng = np.random.default_rng(0)
    rows = []
    for card in lib.cards():
        for field in ("q", "p"):
            v = rng.standard_normal(encoder.dim).astype(np.float32)
            v /= np.linalg.norm(v)
            h = hashlib.sha1(field_text(field, card.question, card.answer).encode()).hexdigest()
            rows.append({"card_id": card.id, "field": field, "model": encoder.name, "text_hash": h,
                         "vector": v.tobytes()})
    with lib.engine.begin() as conn:
        for i in range(0, len(rows), 5000):
            conn.execute(card_vectors.insert(), rows[i:i + 5000])
    t = time.perf_counter()
    index.sync(lib.engine)
    t_index = time.perf_counter() - t
    lib.close()
    return {"import_s": t_import, "index_s": t_index}


def warm(db: Path, rounds: int) -> dict[str, float]:
    import sobes

    lib = sobes.open(db)
    lib.search("warm up", limit=10)
    rng = random.Random(1)
    times, cpu = [], []
    for i in range(rounds):
        # Distinct query strings, so the encoder's memory cache never answers.
        lang = rng.choice(["en", "ru", "uk"])
        q = f"{rng.choice(QUERIES)} {rng.choice(TERMS[lang])} {i}"
        t, c = time.perf_counter(), time.process_time()
        lib.search(q, limit=10)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    times.sort()
    cpu.sort()
    return {"p50_ms": 1000 * statistics.median(times), "p95_ms": 1000 * times[int(0.95 * len(times)) - 1],
            "max_ms": 1000 * times[-1], "cpu_p95_ms": 1000 * cpu[int(0.95 * len(cpu)) - 1]}


def first(db: Path) -> dict[str, float]:
    t = time.perf_counter()
    import sobes

    lib = sobes.open(db)
    lib.search("how do I pick k in k-means", limit=10)
    return {"first_query_s": time.perf_counter() - t}


def embed_seeds(db: Path) -> dict[str, float]:
    import sobes

    lib = sobes.open(db)
    for path in sorted(SEEDS.glob("*.txt")):
        lib.import_path(path, analyze=False)
    t, c = time.perf_counter(), time.process_time()
    n = lib.embed()
    return {"vectors": n, "cards": lib.count(), "embed_s": time.perf_counter() - t, "cpu_s": time.process_time() - c}


def _load() -> str:
    """The machine's load: wall times on a shared machine grow with it (CPU times do not)."""
    try:
        return f" [load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores]"
    except OSError:
        return ""


def run_case(case: str, *args: str) -> dict[str, float]:
    """One case in a fresh process (and, for the timings that matter, no shared vector cache)."""
    env = {k: v for k, v in os.environ.items() if k != "SOBES_EMBED_CACHE"}
    env["PYTHONPATH"] = str(ROOT / "src")
    out = subprocess.run([PY, __file__, "--case", case, *args], capture_output=True, text=True, env=env,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--skip-embed", action="store_true")
    ap.add_argument("--case", help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:
        cases = {"build": lambda: build(args.db, args.n), "warm": lambda: warm(args.db, args.rounds),
                 "first": lambda: first(args.db), "embed": lambda: embed_seeds(args.db)}
        print(json.dumps(cases[args.case]()))
        return
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            db = Path(tmp) / f"syn{n}.db"
            built = run_case("build", "--db", str(db), "--n", str(n))
            print(f"{n:>7} cards: import {built['import_s']:.1f} s, index {built['index_s']:.1f} s", flush=True)
            w = run_case("warm", "--db", str(db), "--rounds", str(args.rounds))
            print(f"{n:>7} cards: warm p50 {w['p50_ms']:.1f} ms, p95 {w['p95_ms']:.1f} ms, "
                  f"max {w['max_ms']:.1f} ms ({args.rounds} queries); CPU time p95 {w['cpu_p95_ms']:.1f} ms"
                  f"{_load()}", flush=True)
            f = run_case("first", "--db", str(db))
            print(f"{n:>7} cards: first query after process start {f['first_query_s']:.2f} s{_load()}", flush=True)
        if not args.skip_embed:
            e = run_case("embed", "--db", str(Path(tmp) / "seeds.db"))
            print(f"seeds: {int(e['vectors'])} vectors for {int(e['cards'])} cards embedded from scratch "
                  f"in {e['embed_s']:.1f} s (CPU time {e['cpu_s']:.1f} s on up to 2 threads){_load()}", flush=True)


if __name__ == "__main__":
    main()
