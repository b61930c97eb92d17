"""Finding duplicate questions: near neighbours by vector, confirmed by concepts.

Cosines of E5 question vectors sit in a narrow band (0.75–0.97 for any two DS
questions), so a fixed cut-off either merges neighbours or misses translations. A pair
is a duplicate when it is (1) among each other's nearest neighbours, (2) far above what
is usual for both cards (a z-score against each card's own similarities), (3) above a
floor that is a little lower across languages (translations embed less tightly), and
(4) about the same concepts (``sobes.enrich.concepts.relation``). Pairs that share no
specific concept but contradict nothing ("how do you judge a model" vs "which quality
metrics do you know") need a much closer, more unusual similarity, unless both are vague
questions naming exactly the same facets ("a project that failed" twice), when the floor
and a clear z-score do. A pair whose cards are each other's nearest among the cards of
the other's language, and stand out against that language's cards (``Pair.zl``), passes a
lower floor when the concepts agree exactly: translations sit below every same-language
similarity, so a z-score against all cards undersells them. Two same-language cards that
are each other's nearest and name exactly the same concepts pass a floor a little below
MIN_SIM_SAME for the same reason: a free rewording embeds less tightly than a repost. Cards that
are each other's nearest and differ only in a follow-up sentence (``same_opening``) pass too. Identical or
reordered normalised text is always a duplicate (reposts), which is also all that works
without embeddings. Groups are merged best pair first and only when every member of one
is compatible with every member of the other, so chains cannot glue different questions.

Everything here is plain functions over numpy arrays: no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from sobes.enrich.concepts import DIFFERENT, FACETS, SAME, concepts, relation

TOP_K = 12
CROSS_BONUS = 0.03
BLOCK = 1024
# Calibrated on our labels of the seeds and devsets/understand_dev.jsonl (`sobes understand-eval`);
# devsets/understand_dups2.jsonl is held out.
MIN_SIM_SAME = 0.88
MIN_SIM_CROSS = 0.845
MIN_Z = 1.6
# A pair this close may differ by one extra specific concept ("overfitting" vs "over- and underfitting").
MIN_SIM_EXTRA = 0.93
MIN_SIM_WEAK = 0.925
MIN_Z_WEAK = 3.0
# Two vague questions naming exactly the same generic concepts and facets ("tell me about a
# project that failed" / "was there a project of yours that flopped"): the floor and a clear z-score,
# for a translation against the cards of the other's language (``Pair.zl``), among which it stands out.
MIN_Z_VAGUE = 3.0
# A translation naming exactly the same concepts, each card the other's nearest among the
# cards of its language (gap 0) and standing out among them (z within the language).
MIN_SIM_MUTUAL_CROSS = 0.83
# The same for a rewording in the same language ("Что такое p-value?" / "Объясните
# p-значение менеджеру"): wordings that far apart miss MIN_SIM_SAME, yet are each other's nearest.
MIN_SIM_MUTUAL_SAME = 0.86
MIN_ZL = 1.6
MAX_GAP = 0.0
# Every two members of a group must be nearly as close as a pair that may start one.
GROUP_SLACK = 0.04


@dataclass(frozen=True)
class Item:
    """What duplicate detection needs to know about one card."""

    id: str
    lang: str
    question: str
    norm: str  # normalised question text (lowercase words)
    kind: str = "qa"


@dataclass(frozen=True)
class Pair:
    a: int
    b: int
    sim: float
    z: float
    # The z-score against each card's similarities to cards in the other card's language
    # only: a translation stands out among that language's cards even when every
    # cross-language similarity sits below the same-language ones.
    zl: float = 0.0
    # How far the pair falls below either card's best match in the other card's language
    # (0: each is the other's nearest among the cards of its language).
    gap: float = 1.0


def _joint(q: np.ndarray, p: np.ndarray | None) -> np.ndarray:
    """One matrix whose row products are the mean of the "q" and "p" cosines."""
    if p is None:
        return np.ascontiguousarray(q, dtype=np.float32)
    return np.ascontiguousarray(np.hstack([q, p]) * np.float32(np.sqrt(0.5)), dtype=np.float32)


def _block_stats(s: np.ndarray, rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean and spread of each row of a similarity block, its own column left out."""
    own = s[np.arange(len(rows)), rows]
    total = s.sum(axis=1, dtype=np.float64) - own
    squares = np.einsum("ij,ij->i", s, s, dtype=np.float64) - own.astype(np.float64) ** 2
    count = max(n - 1, 1)
    mean = total / count
    std = np.sqrt(np.maximum(squares / count - mean**2, 0.0))
    return mean, np.maximum(std, 1e-3)


def _lang_stats(s: np.ndarray, rows: np.ndarray, onehot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and spread of each row of a similarity block per language of the other card
    (rows × languages), its own column left out: two small matrix products, no loop."""
    own = s[np.arange(len(rows)), rows].astype(np.float64)
    mine = onehot[rows].astype(np.float64)
    count = np.maximum(onehot.sum(axis=0, dtype=np.float64)[None, :] - mine, 1.0)
    total = (s @ onehot).astype(np.float64) - own[:, None] * mine
    squares = (np.square(s) @ onehot).astype(np.float64) - (own**2)[:, None] * mine
    mean = total / count
    std = np.sqrt(np.maximum(squares / count - mean**2, 0.0))
    return mean, np.maximum(std, 1e-3)


def _lang_best(s: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Each row's highest similarity per language (rows × languages); the row's own column
    must already be -inf."""
    out = np.full((s.shape[0], int(codes.max()) + 1), -np.inf, dtype=np.float32)
    for lang in np.unique(codes).tolist():
        out[:, lang] = s[:, codes == lang].max(axis=1)
    return out


def row_stats(
    x: np.ndarray, rows: np.ndarray, codes: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Mean and spread of each row's similarity to every other card; with language
    ``codes`` also the mean, spread and best similarity per language (else empty)."""
    means, stds = np.zeros(len(rows)), np.ones(len(rows))
    width = 0 if codes is None else int(codes.max()) + 1
    lmeans, lstds = np.zeros((len(rows), width)), np.ones((len(rows), width))
    lbest = np.zeros((len(rows), width), dtype=np.float32)
    for start in range(0, len(rows), BLOCK):
        r = rows[start:start + BLOCK]
        s = x[r] @ x.T
        end = start + len(r)
        means[start:end], stds[start:end] = _block_stats(s, r, x.shape[0])
        if codes is not None:
            lmeans[start:end], lstds[start:end] = _lang_stats(s, r, _onehot(codes))
            s[np.arange(len(r)), r] = -np.inf
            lbest[start:end] = _lang_best(s, codes)
    return means, stds, lmeans, lstds, lbest


def _onehot(codes: np.ndarray) -> np.ndarray:
    return np.eye(int(codes.max()) + 1, dtype=np.float32)[codes]


def neighbour_pairs(
    q: np.ndarray, p: np.ndarray | None, rows: Sequence[int], k: int = TOP_K, langs: Sequence[str] | None = None
) -> list[Pair]:
    """Candidate pairs: each given row with its k nearest cards, scored by similarity and by
    the lower of the two cards' z-scores. Works block by block (memory ~ BLOCK × n).

    With ``langs``, cards in another language get a small head start when the k nearest
    are picked (translations embed a little less tightly than same-language rewordings,
    and in a big library would otherwise drown); decisions still use the real similarity."""
    n = q.shape[0]
    if n < 2 or not len(rows):
        return []
    x = _joint(q, p)
    codes = np.unique(np.asarray(langs if langs is not None else [""] * n), return_inverse=True)[1]
    onehot = _onehot(codes)
    rows_arr = np.asarray(rows, dtype=np.int64)
    k = min(k, n - 1)
    found: list[tuple[int, int, float]] = []
    mean_of: dict[int, tuple[float, float, list[float], list[float], list[float]]] = {}
    for start in range(0, len(rows_arr), BLOCK):
        r = rows_arr[start:start + BLOCK]
        s = x[r] @ x.T
        means, stds = _block_stats(s, r, n)
        lmeans, lstds = _lang_stats(s, r, onehot)
        s[np.arange(len(r)), r] = -np.inf
        lbest = _lang_best(s, codes)
        pick = s + np.float32(CROSS_BONUS) * (codes[r][:, None] != codes[None, :])
        top = np.argpartition(pick, n - k, axis=1)[:, n - k:]
        sims = np.take_along_axis(s, top, axis=1)
        for i, row in enumerate(r.tolist()):
            mean_of[row] = (float(means[i]), float(stds[i]), lmeans[i].tolist(), lstds[i].tolist(), lbest[i].tolist())
            found += zip([row] * k, top[i].tolist(), sims[i].tolist(), strict=True)
    partners = np.array(sorted({j for _, j, _ in found if j not in mean_of}), dtype=np.int64)
    if len(partners):
        pm, ps, plm, pls, plb = row_stats(x, partners, codes)
        for t, j in enumerate(partners.tolist()):
            mean_of[j] = (float(pm[t]), float(ps[t]), plm[t].tolist(), pls[t].tolist(), plb[t].tolist())
    best: dict[tuple[int, int], Pair] = {}
    for i, j, sim in found:
        (mi, si, lmi, lsi, lbi), (mj, sj, lmj, lsj, lbj) = mean_of[i], mean_of[j]
        ci, cj = int(codes[i]), int(codes[j])
        z = min((sim - mi) / si, (sim - mj) / sj)
        zl = min((sim - lmi[cj]) / lsi[cj], (sim - lmj[ci]) / lsj[ci])
        gap = max(lbi[cj] - sim, lbj[ci] - sim, 0.0)
        key = (min(i, j), max(i, j))
        best[key] = Pair(key[0], key[1], sim, z, zl, gap)
    return list(best.values())


def same_kind(a: Item, b: Item) -> bool:
    """A task to solve (a problem, a take-home case) and a question about the same subject are
    different things to study: "write ROC AUC without sklearn" is not "what is ROC AUC"."""
    tasks = ("problem", "case")
    return a.kind == b.kind or (a.kind not in tasks and b.kind not in tasks)


def is_duplicate(a: Item, b: Item, pair: Pair) -> bool:
    """The decision for one candidate pair (see the module docstring)."""
    if a.norm and near_exact_key(a.norm) == near_exact_key(b.norm):
        return True
    if not same_kind(a, b):
        return False
    ca, cb = concepts(a.question), concepts(b.question)
    cross = a.lang != b.lang
    mutual_floor = MIN_SIM_MUTUAL_CROSS if cross else MIN_SIM_MUTUAL_SAME
    if pair.gap <= MAX_GAP and pair.sim >= mutual_floor and pair.zl >= MIN_ZL:
        if relation(ca, cb, 0) == SAME:
            return True
    floor = MIN_SIM_SAME if a.lang == b.lang else MIN_SIM_CROSS
    if pair.sim < floor or pair.z < MIN_Z:
        return False
    extra = 1 if pair.sim >= MIN_SIM_EXTRA else 0
    rel = relation(ca, cb, extra)
    if rel == SAME:
        return True
    if rel == DIFFERENT:
        return pair.gap <= MAX_GAP and same_opening(a.question, b.question)
    # Nothing specific in common (wordings like "how do you judge a model" vs "which
    # quality metrics do you know"): only a very close, very unusual pair counts, unless
    # both are vague questions with the very same facets.
    if ca == cb and ca:  # (no concepts at all may just be a subject the lexicon does not know)
        return (pair.zl if cross else pair.z) >= MIN_Z_VAGUE
    if (ca ^ cb) & FACETS:  # "prerequisites of a project" is not "should this be an ML project"
        return False
    return pair.sim >= MIN_SIM_WEAK and pair.z >= MIN_Z_WEAK


_SENTENCE_END_RE = re.compile(r"[?!](?=\s|$)|\.(?=\s+[A-ZА-ЯІЇЄҐ])")


def opening(question: str) -> str:
    """The question's first sentence: "Що таке p-value?" of "Що таке p-value? Чи можете
    пояснити його на прикладі A/B-тесту?"."""
    first = question.strip().split("\n", 1)[0]
    m = _SENTENCE_END_RE.search(first)
    return first[:m.end()] if m else first


def same_opening(a: str, b: str) -> bool:
    """Whether two questions ask the same in their first sentences. Documents like Notion
    pages add a follow-up ("…and how did you track it in production?") whose concepts would
    otherwise make the pair "a narrower question"; callers require the cards to be each other's
    nearest as well."""
    ca, cb = concepts(opening(a)), concepts(opening(b))
    return ca == cb and relation(ca, cb, 0) == SAME


def near_exact_key(norm: str) -> str:
    """The question's words (but one-letter particles) as a set: a repost with the words
    reordered or a particle changed has the same key. Short questions keep their text."""
    words = sorted({w for w in norm.split() if len(w) > 1})
    return " ".join(words) if len(words) >= 3 else norm


def exact_pairs(items: Sequence[Item], rows: Iterable[int] | None = None) -> list[tuple[int, int]]:
    """Pairs with the same (near-)exact question text (reposts): needs no embeddings."""
    by_text: dict[str, list[int]] = {}
    for i, it in enumerate(items):
        if it.norm:
            by_text.setdefault(near_exact_key(it.norm), []).append(i)
    wanted = None if rows is None else set(rows)
    out = []
    for members in by_text.values():
        if len(members) > 1 and (wanted is None or wanted & set(members)):
            out += [(members[0], m) for m in members[1:]]
    return out


def find_pairs(
    items: Sequence[Item], q: np.ndarray | None, p: np.ndarray | None, rows: Sequence[int] | None = None
) -> list[tuple[int, int, float]]:
    """Duplicate pairs (index pairs into ``items``, with their similarity, best first) that
    involve one of ``rows`` (all when None)."""
    todo = list(range(len(items))) if rows is None else list(rows)
    pairs = {(a, b): 1.0 for a, b in exact_pairs(items, todo)}
    if q is not None and len(items) > 1:
        for cand in neighbour_pairs(q, p, todo, langs=[it.lang for it in items]):
            if is_duplicate(items[cand.a], items[cand.b], cand):
                pairs.setdefault((cand.a, cand.b), cand.sim)
    return sorted(((a, b, s) for (a, b), s in pairs.items()), key=lambda t: -t[2])


def cluster(
    items: Sequence[Item], pairs: Iterable[tuple[int, int, float]],
    q: np.ndarray | None = None, p: np.ndarray | None = None,
) -> UnionFind:
    """Groups from accepted pairs, best pair first, merging two groups only when every
    member of one is about the same concepts as every member of the other and, given the
    vectors, close to it (so a chain "A≈B, B≈C" cannot glue two different questions A and
    C together: a group is a clique, not a path)."""
    uf = UnionFind()
    members: dict[str, list[int]] = {}
    x = _joint(q, p) if q is not None else None
    for a, b, _ in pairs:
        ra, rb = uf.find(items[a].id), uf.find(items[b].id)
        if ra == rb:
            continue
        ga, gb = members.get(ra, [a]), members.get(rb, [b])
        exact = near_exact_key(items[a].norm) == near_exact_key(items[b].norm)
        if not exact and not all(_compatible(items, i, j, x) for i in ga for j in gb):
            continue
        uf.union(items[a].id, items[b].id)
        members[uf.find(items[a].id)] = ga + gb
    return uf


def _compatible(items: Sequence[Item], i: int, j: int, x: np.ndarray | None) -> bool:
    a, b = items[i], items[j]
    if a.norm and near_exact_key(a.norm) == near_exact_key(b.norm):
        return True
    if not same_kind(a, b):
        return False
    if x is not None and float(x[i] @ x[j]) < (MIN_SIM_SAME if a.lang == b.lang else MIN_SIM_CROSS) - GROUP_SLACK:
        return False
    if relation(concepts(a.question), concepts(b.question), generic_conflicts=False) != DIFFERENT:
        return True
    return same_opening(a.question, b.question)


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[str]]:
        out: dict[str, list[str]] = {}
        for x in self.parent:
            out.setdefault(self.find(x), []).append(x)
        return [sorted(g) for g in out.values() if len(g) > 1]
