"""Cards around the one being graded: the answers of its duplicate group (extra material for
key points) and the cards to review next (nearest to the key points the answer missed)."""

from __future__ import annotations

import numpy as np
from sqlalchemy import Engine, and_, or_, select

from sobes.embed.encoder import Encoder
from sobes.grade.keypoints import KeyPoints
from sobes.model import Card
from sobes.search import semantic
from sobes.store.schema import cards

RELATED = 3


def _group_ids(engine: Engine, card: Card) -> tuple[str, list[tuple[str, str | None]]]:
    canonical = card.duplicate_of or card.id
    q = select(cards.c.id, cards.c.answer).where(
        and_(or_(cards.c.id == canonical, cards.c.duplicate_of == canonical), cards.c.retired.is_(False))
    )
    with engine.connect() as conn:
        return canonical, [(r.id, r.answer) for r in conn.execute(q)]


def group_answers(engine: Engine, card: Card) -> list[str]:
    """Reference answers of the card's duplicates (not the card's own)."""
    _, members = _group_ids(engine, card)
    return [a for cid, a in sorted(members) if cid != card.id and a]


def _topical(engine: Engine, topic: str) -> set[str]:
    """Ids of the live cards whose primary topic is `topic` (secondary topics are too loose:
    half the library touches deep learning somewhere)."""
    q = select(cards.c.id).where(and_(cards.c.topic == topic, cards.c.kind != "case", cards.c.retired.is_(False)))
    with engine.connect() as conn:
        return {r.id for r in conn.execute(q)}


def related_cards(engine: Engine, card: Card, kp: KeyPoints, missed: list[str], encoder: Encoder | None) -> list[str]:
    """Up to three other cards on the card's topic, closest to what the answer missed.

    The target blends the card's own question with the missed key points: key points alone
    are long, generic sentences whose nearest questions can be anywhere in the library
    (dropout's points sit near Q-learning), and the topic keeps the advice on the subject."""
    if encoder is None or kp.point_vectors is None:
        return []
    # The search's matrix: kept in memory across calls, reloaded only when vectors change.
    found = semantic.vectors(engine, encoder.name)
    ids, matrix = found.ids, found.mixed
    if not ids:
        return []
    _, members = _group_ids(engine, card)
    skip = {cid for cid, _ in members} | {card.id}
    rows = [i for i, p in enumerate(kp.points) if p in missed] or list(range(len(kp.points)))
    if not rows:
        return []
    target = _unit(kp.point_vectors[rows].mean(axis=0))
    if card.id in found.positions:
        target = target + _unit(matrix[found.positions[card.id]])
    on_topic = _topical(engine, str(card.topic))
    scores = matrix @ target
    out: list[str] = []
    for i in np.argsort(-scores):
        cid = ids[int(i)]
        if cid not in skip and cid in on_topic:
            out.append(cid)
        if len(out) == RELATED:
            break
    return out


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v
