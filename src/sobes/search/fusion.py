"""Hybrid ranking: semantic similarity is the backbone, lexical evidence a calibrated boost.

Cosines from E5 sit in a narrow band (0.7–1.0) that shifts with the query, so they are
turned into z-scores over the whole library: "how far above the crowd is this card". The
lexical side adds at most ``LEX_WEIGHT`` standard deviations, scaled by its bm25 relative to
the best lexical hit and by how many of the query's words the card contains, so a card
that has every word of the query is lifted, and one sharing a stray word barely moves.
Three parameters (with the q/p mix), tuned on devsets/search_queries.jsonl (see bench/search_quality.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sobes.search.lexical import LexHit
from sobes.search.semantic import Q_WEIGHT

LEX_WEIGHT = 1.0
SHRINK_CARDS = 20  # per-language statistics count as much as this many library-wide cards
SEMANTIC_POOL = 200  # best semantic candidates that enter fusion


@dataclass(frozen=True)
class Weights:
    lex: float = LEX_WEIGHT  # most standard deviations the lexical side may add
    coverage_power: float = 1.0  # how strongly a partial word match is discounted
    q: float = Q_WEIGHT  # share of question↔question similarity (vs query→passage)
    per_language: bool = True  # calibrate similarities per card language


def zscores(sims: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Similarities as z-scores. With `groups` (the cards' languages) each language is
    calibrated on its own: E5 rates any text in the query's own language a little closer,
    which otherwise pushes an English query's hits towards English cards whatever they say."""
    if sims.size == 0:
        return sims
    if groups is None:
        spread = float(sims.std())
        return (sims - float(sims.mean())) / (spread if spread > 1e-6 else 1.0)
    counts = np.bincount(groups).astype(np.float64)
    sums = np.bincount(groups, weights=sims)
    squares = np.bincount(groups, weights=sims.astype(np.float64) ** 2)
    present = counts > 0
    mean = np.where(present, sums / np.maximum(counts, 1), 0.0)
    std = np.sqrt(np.maximum(np.where(present, squares / np.maximum(counts, 1), 0.0) - mean**2, 0.0))
    # A language with few cards has noisy statistics: lean on the library-wide ones.
    mean_all, std_all = float(sims.mean()), float(sims.std())
    k = SHRINK_CARDS
    mean = (counts * mean + k * mean_all) / (counts + k)
    std = (counts * std + k * std_all) / (counts + k)
    std = np.where(std > 1e-6, std, 1.0)
    out = ((sims - mean[groups]) / std[groups]).astype(np.float32)
    return out


def fuse(ids: list[str], sims: np.ndarray | None, lex: list[LexHit], mask: np.ndarray | None = None,
         weights: Weights = Weights(), pool: int = SEMANTIC_POOL,
         groups: np.ndarray | None = None, positions: dict[str, int] | None = None) -> list[tuple[str, float]]:
    """Card ids with fused scores, best first. `sims` is None without embeddings; `mask`
    (aligned with `ids`) keeps only the cards that pass the filters."""
    scores: dict[str, float] = {}
    if sims is not None and sims.size:
        z = zscores(sims, groups if weights.per_language else None)
        if mask is not None:
            z = np.where(mask, z, -np.inf)
        k = min(pool, z.size)
        top = np.argpartition(-z, k - 1)[:k] if k < z.size else np.arange(z.size)
        scores = {ids[i]: float(z[i]) for i in top.tolist() if np.isfinite(z[i])}
        at = positions if positions is not None else {cid: i for i, cid in enumerate(ids)}
        finite = z[top][np.isfinite(z[top])]
        floor = float(finite.min()) if finite.size else 0.0
    best = max((h.score for h in lex), default=0.0)
    for h in lex:
        boost = weights.lex * (h.score / best if best > 0 else 0.0) * h.coverage ** weights.coverage_power
        if sims is None or not sims.size:
            scores[h.card_id] = boost + 1e-3 * h.score  # lexical only: bm25 breaks ties
            continue
        i = at.get(h.card_id)
        if i is None:  # a card without vectors yet: it competes from the pool's floor
            base = floor
        elif mask is not None and not mask[i]:
            continue
        else:
            base = float(z[i])
        scores[h.card_id] = base + boost
    return sorted(scores.items(), key=lambda kv: -kv[1])
