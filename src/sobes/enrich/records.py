"""Reading and writing what analysis needs (the cards' text and derived columns, the
analysis state, a person's links). The only module of sobes.enrich that sees rows."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from sobes.enrich.tables import card_analysis, card_links
from sobes.store.schema import cards, sources

# Formats whose rows are our own card records: their topic and level are the file's.
RECORD_FORMATS = frozenset({"jsonl", "csv"})


@dataclass
class Analysed:
    """One live card as analysis sees it, with the derived values it may change."""

    id: str
    question: str
    answer: str | None
    lang: str
    kind: str
    topic: str
    topics: list[str]
    topic_source: str
    topic_confidence: float
    level: str | None
    level_source: str | None
    section: str | None
    tags: list[str]
    reactions: dict[str, int]
    duplicate_of: str | None
    content_hash: str
    created_at: str
    order: tuple[str, int]
    from_record: bool = False  # our own card record that states its topic: keep it
    changed: set[str] = field(default_factory=set)


def load_cards(conn: Connection) -> list[Analysed]:
    record_keys = {
        r.key for r in conn.execute(select(sources.c.key, sources.c.format)) if r.format in RECORD_FORMATS
    }
    q = select(cards).where(cards.c.retired.is_(False)).order_by(cards.c.source_key, cards.c.position)
    out = []
    for r in conn.execute(q):
        out.append(Analysed(
            id=r.id, question=r.question, answer=r.answer, lang=r.lang, kind=r.kind, topic=r.topic,
            topics=json.loads(r.topics), topic_source=r.topic_source, topic_confidence=r.topic_confidence,
            level=r.level, level_source=r.level_source, section=r.section, tags=json.loads(r.tags),
            reactions=json.loads(r.reactions), duplicate_of=r.duplicate_of, content_hash=r.content_hash,
            created_at=r.created_at, order=(r.source_key, r.position),
            from_record=r.source_key in record_keys and r.topic_source == "source",
        ))
    return out


def load_state(conn: Connection) -> dict[str, tuple[str, str]]:
    """card id -> (content hash, analysis version) it was last analysed at."""
    return {r.card_id: (r.content_hash, r.version) for r in conn.execute(select(card_analysis))}


def load_links(conn: Connection) -> dict[str, str | None]:
    """A person's corrections: card id -> canonical id (None: 'stands alone')."""
    return {r.card_id: r.canonical_id for r in conn.execute(select(card_links))}


def save_link(conn: Connection, card_id: str, canonical_id: str | None, now: str) -> None:
    conn.execute(delete(card_links).where(card_links.c.card_id == card_id))
    conn.execute(insert(card_links).values(card_id=card_id, canonical_id=canonical_id, created_at=now))


def save(conn: Connection, changed: Sequence[Analysed], analysed: Iterable[Analysed], version: str) -> None:
    """Write the changed derived columns and mark cards as analysed at their content hash."""
    # One executemany per set of changed columns: a statement per card costs ~10x more.
    batches: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for card in changed:
        names = tuple(sorted(card.changed))
        if names:
            values = {f"v_{n}": json.dumps(getattr(card, n)) if n == "topics" else getattr(card, n) for n in names}
            batches.setdefault(names, []).append({"card": card.id, **values})
    for names, rows in batches.items():
        stmt = update(cards).where(cards.c.id == bindparam("card")).values({n: bindparam(f"v_{n}") for n in names})
        conn.execute(stmt, rows)
    done = list(analysed)
    ids = [c.id for c in done]
    for start in range(0, len(ids), 500):
        conn.execute(delete(card_analysis).where(card_analysis.c.card_id.in_(ids[start:start + 500])))
    if done:
        conn.execute(insert(card_analysis), [
            {"card_id": c.id, "content_hash": c.content_hash, "version": version} for c in done
        ])


def group_rows(conn: Connection, head: str) -> list[Any]:
    """The rows of a duplicate group: its canonical card and every card pointing to it."""
    q = select(cards).where((cards.c.id == head) | (cards.c.duplicate_of == head))
    return list(conn.execute(q.order_by(cards.c.source_key, cards.c.position)))
