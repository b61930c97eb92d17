"""Analysis of the library: topic, level and duplicate groups, incremental by default.

A card is analysed again when its content hash or the analysis version changed since it
was last analysed (``card_analysis``). Its duplicate neighbours are then searched among
all live cards, so a new card joins an existing group. A person's links
(``card_links``) always win over the machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

import numpy as np
from sqlalchemy import Engine

from sobes.cards import normalize_question
from sobes.embed import Encoder, load_vectors
from sobes.enrich import records
from sobes.enrich.duplicates import Item, cluster, find_pairs
from sobes.enrich.level import estimate_level
from sobes.enrich.topic_model import TopicModel, classify
from sobes.model import Kind

# Bump when topic, level or duplicate logic changes: every card is then analysed again.
VERSION = "3.19"

AnalysisProgress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class AnalysisReport:
    """What one analysis run did."""

    cards: int = 0
    analysed: int = 0
    topics_changed: int = 0
    levels_estimated: int = 0
    groups: int = 0
    duplicates: int = 0
    links: int = 0
    regrouped: int = 0
    semantic: bool = True
    seconds: float = 0.0

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["seconds"] = round(self.seconds, 3)
        return out


def run(
    engine: Engine,
    encoder: Encoder | None,
    *,
    full: bool = False,
    recheck: Iterable[str] = (),
    progress: AnalysisProgress | None = None,
) -> AnalysisReport:
    """Analyse new and changed cards (all of them when ``full``), then regroup duplicates."""
    started = time.perf_counter()
    with engine.connect() as conn:
        cards = records.load_cards(conn)
        state = records.load_state(conn)
        links = records.load_links(conn)
    report = AnalysisReport(cards=len(cards), semantic=encoder is not None, links=len(links))
    index = {c.id: i for i, c in enumerate(cards)}
    dirty = [c for c in cards if full or state.get(c.id) != (c.content_hash, VERSION)]
    q, p = _vectors(engine, encoder, index)
    if progress:
        progress("topics", 0, len(dirty))
    model = TopicModel.load() if q is not None else None
    for card in dirty:
        at = index[card.id]
        _classify(card, q[at] if q is not None else None, p[at] if p is not None else None, model, report)
    if progress:
        progress("topics", len(dirty), len(dirty))
        progress("duplicates", 0, 1)
    recheck_ids = {c.id for c in dirty} | {r for r in recheck if r in index}
    _regroup(cards, index, q, p, recheck_ids, links, report)
    changed = [c for c in cards if c.changed]
    with engine.begin() as conn:
        records.save(conn, changed, dirty, VERSION)
    if progress:
        progress("duplicates", 1, 1)
    report.analysed = len(dirty)
    report.duplicates = sum(1 for c in cards if c.duplicate_of)
    report.groups = len({c.duplicate_of for c in cards if c.duplicate_of})
    report.seconds = time.perf_counter() - started
    return report


def _vectors(
    engine: Engine, encoder: Encoder | None, index: dict[str, int]
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The "q" and "p" vectors aligned with ``index`` (zero rows for cards without one)."""
    if encoder is None or not index:
        return None, None
    out: list[np.ndarray | None] = []
    for field in ("q", "p"):
        ids, matrix = load_vectors(engine, field, encoder.name)
        if not ids:
            out.append(None)
            continue
        aligned = np.zeros((len(index), matrix.shape[1]), dtype=np.float32)
        for cid, row in zip(ids, matrix, strict=True):
            i = index.get(cid)
            if i is not None:
                aligned[i] = row
        out.append(aligned)
    q, p = out
    if q is None:
        return None, None
    return q, p


def _classify(card: records.Analysed, vector: np.ndarray | None, passage: np.ndarray | None,
              model: TopicModel | None, report: AnalysisReport) -> None:
    if not card.from_record:
        topic, secondary, origin, confidence = classify(
            card.question, card.answer, card.section, card.tags, vector, model
        )
        new = {"topic": str(topic), "topics": [str(t) for t in [topic, *secondary]], "topic_source": origin,
               "topic_confidence": round(confidence, 3)}
        if new["topic"] != card.topic:
            report.topics_changed += 1
        for name, value in new.items():
            if getattr(card, name) != value:
                setattr(card, name, value)
                card.changed.add(name)
    if card.level_source != "source" and not (card.from_record and card.level):
        level = str(estimate_level(card.question, card.answer, Kind(card.kind), vector, passage))
        report.levels_estimated += 1
        if card.level != level or card.level_source != "estimated":
            card.level, card.level_source = level, "estimated"
            card.changed |= {"level", "level_source"}


def canonical_key(card: records.Analysed, targets: set[str], linked: set[str]) -> tuple[object, ...]:
    """Sort key whose smallest member is the group's canonical card.

    A card a person linked others to comes first, one they linked away never does. Then
    the most complete reference answer (a real answer beats none; longer beats shorter,
    up to 4,000 characters, past which length says nothing), then the most reactions,
    then the earliest imported (stable across runs).
    """
    answer = len(card.answer or "") if card.kind in ("qa", "problem") else 0
    return (
        card.id not in targets or card.id in linked,
        card.id in linked,
        answer == 0,
        -min(answer, 4000),
        -sum(card.reactions.values()),
        card.created_at,
        card.order,
    )


def _regroup(
    cards: list[records.Analysed],
    index: dict[str, int],
    q: np.ndarray | None,
    p: np.ndarray | None,
    recheck: set[str],
    links: dict[str, str | None],
    report: AnalysisReport,
) -> None:
    """Recompute duplicate groups around the cards to recheck; keep the others' groups."""
    members: dict[str, list[str]] = {}
    for c in cards:
        if c.duplicate_of:
            members.setdefault(c.duplicate_of, []).append(c.id)
    for c in cards:
        if c.duplicate_of and c.duplicate_of not in index:
            recheck.add(c.id)  # its canonical was retired: find it a new group
    for cid in list(recheck):
        head = cards[index[cid]].duplicate_of or cid
        if head in index:
            recheck.add(head)
        recheck.update(members.get(head, []))
    items = [Item(c.id, c.lang, c.question, normalize_question(c.question), str(c.kind)) for c in cards]
    alone = {cid for cid, target in links.items() if target is None}
    found = [
        (a, b, s) for a, b, s in find_pairs(items, q, p, sorted(index[r] for r in recheck))
        if cards[a].id not in alone and cards[b].id not in alone
    ]
    uf = cluster(items, found, q, p)
    for c in cards:
        keep = c.duplicate_of and c.id not in recheck and c.duplicate_of not in recheck
        if keep and c.duplicate_of in index and c.id not in alone and c.duplicate_of not in alone:
            uf.union(c.id, str(c.duplicate_of))
    for cid, target in links.items():
        if target and cid in index and target in index:
            uf.union(cid, target)
    targets = {t for t in links.values() if t}
    linked = {cid for cid, t in links.items() if t}
    new: dict[str, str | None] = {c.id: None for c in cards}
    for group in uf.groups():
        best = min((cards[index[m]] for m in group), key=lambda c: canonical_key(c, targets, linked))
        for m in group:
            if m != best.id:
                new[m] = best.id
    for c in cards:
        if c.duplicate_of != new[c.id]:
            c.duplicate_of = new[c.id]
            c.changed.add("duplicate_of")
            report.regrouped += 1
