"""Reading and writing cards. Nothing outside store/ sees a row or a connection."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from sobes.cards import content_hash
from sobes.filters import CardFilter
from sobes.model import Card, Kind, Lang, Level, SourceRef, Topic
from sobes.store.schema import card_tags, cards, sources


def row_to_card(row: Any) -> Card:
    return Card(
        id=row.id,
        question=row.question,
        answer=row.answer,
        kind=Kind(row.kind),
        lang=Lang(row.lang),
        topic=Topic(row.topic),
        topics=[Topic(t) for t in json.loads(row.topics)],
        level=Level(row.level) if row.level else None,
        section=row.section,
        tags=json.loads(row.tags),
        reactions=json.loads(row.reactions),
        duplicate_of=row.duplicate_of,
        topic_source=row.topic_source,
        topic_confidence=row.topic_confidence,
        level_source=row.level_source,
        retired=bool(row.retired),
        source=SourceRef(row.source_name, row.source_format, row.source_line, row.source_message_id),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def card_values(card: Card, source_key: str, position: int) -> dict[str, Any]:
    return {
        "id": card.id,
        "source_key": source_key,
        "position": position,
        "question": card.question,
        "answer": card.answer,
        "kind": str(card.kind),
        "lang": str(card.lang),
        "topic": str(card.topic),
        "topics": json.dumps([str(t) for t in card.topics]),
        "level": str(card.level) if card.level else None,
        "level_source": card.level_source,
        "topic_source": card.topic_source,
        "topic_confidence": card.topic_confidence,
        "section": card.section,
        "tags": json.dumps(card.tags, ensure_ascii=False),
        "reactions": json.dumps(card.reactions, ensure_ascii=False),
        "duplicate_of": card.duplicate_of,
        "retired": card.retired,
        "source_name": card.source.name,
        "source_format": card.source.format,
        "source_line": card.source.line,
        "source_message_id": card.source.message_id,
        "content_hash": content_hash(card),
        "created_at": card.created_at,
        "updated_at": card.updated_at,
    }


@dataclass
class Existing:
    id: str
    source_key: str
    content_hash: str
    retired: bool
    created_at: str
    duplicate_of: str | None


def existing(conn: Connection, ids: Iterable[str], source_key: str) -> dict[str, Existing]:
    """Cards already stored that this import may touch: its own ids and its source's cards."""
    ids = list(ids)
    out: dict[str, Existing] = {}
    cols = (cards.c.id, cards.c.source_key, cards.c.content_hash, cards.c.retired, cards.c.created_at,
            cards.c.duplicate_of)

    def keep(row: Any) -> None:
        out[row.id] = Existing(
            row.id, row.source_key, row.content_hash, bool(row.retired), row.created_at, row.duplicate_of
        )

    for row in conn.execute(select(*cols).where(cards.c.source_key == source_key)):
        keep(row)
    for chunk in _chunks(ids, 500):
        for row in conn.execute(select(*cols).where(cards.c.id.in_(chunk))):
            keep(row)
    return out


def insert_cards(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(cards), list(rows))
        _set_tags(conn, rows)


def update_cards(conn: Connection, rows: Sequence[dict[str, Any]], keep_owner: bool) -> None:
    for row in rows:
        values = dict(row)
        card_id = values.pop("id")
        values.pop("created_at")
        if keep_owner:
            values.pop("source_key")
        conn.execute(update(cards).where(cards.c.id == card_id).values(**values))
    if rows:
        conn.execute(delete(card_tags).where(card_tags.c.card_id.in_([r["id"] for r in rows])))
        _set_tags(conn, rows)


def touch_positions(conn: Connection, positions: dict[str, int]) -> None:
    for card_id, position in positions.items():
        conn.execute(update(cards).where(cards.c.id == card_id).values(position=position))


def retire(conn: Connection, ids: Sequence[str], now: str) -> None:
    for chunk in _chunks(list(ids), 500):
        # Content hashes include the retired flag, so a retired card that comes back is "updated".
        for row in conn.execute(select(cards).where(cards.c.id.in_(chunk))):
            card = row_to_card(row)
            card.retired = True
            conn.execute(
                update(cards)
                .where(cards.c.id == card.id)
                .values(retired=True, updated_at=now, content_hash=content_hash(card))
            )


def _set_tags(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    tag_rows = [{"card_id": r["id"], "tag": t} for r in rows for t in dict.fromkeys(json.loads(r["tags"]))]
    if tag_rows:
        conn.execute(insert(card_tags), tag_rows)


def upsert_source(conn: Connection, values: dict[str, Any]) -> None:
    found = conn.execute(select(sources.c.key).where(sources.c.key == values["key"])).first()
    if found:
        conn.execute(update(sources).where(sources.c.key == values["key"]).values(**values))
    else:
        conn.execute(insert(sources).values(**values))


def filter_conditions(f: CardFilter) -> list[Any]:
    """The WHERE conditions that select the filter's cards."""
    conds: list[Any] = []
    if not f.include_retired:
        conds.append(cards.c.retired.is_(False))
    if not f.include_duplicates:
        conds.append(cards.c.duplicate_of.is_(None))
    for col, value in ((cards.c.topic, f.topic), (cards.c.level, f.level), (cards.c.lang, f.lang),
                       (cards.c.kind, f.kind)):
        if value:
            conds.append(col == value)
    if f.source:
        conds.append(cards.c.source_name.like(f"%{f.source}%"))
    if f.tag:
        sub = select(card_tags.c.card_id).where(card_tags.c.tag == f.tag.lstrip("#").lower())
        conds.append(cards.c.id.in_(sub))
    return conds


def list_cards(conn: Connection, f: CardFilter, limit: int | None = None, offset: int = 0) -> list[Card]:
    q = select(cards).where(and_(True, *filter_conditions(f))).order_by(cards.c.source_key, cards.c.position)
    if limit is not None:
        q = q.limit(limit).offset(offset)
    return [row_to_card(r) for r in conn.execute(q)]


def count_cards(conn: Connection, f: CardFilter) -> int:
    return conn.execute(select(func.count()).select_from(cards).where(and_(True, *filter_conditions(f)))).scalar_one()


def get_card(conn: Connection, card_id: str) -> list[Card]:
    """The card with this id, or every card whose id starts with it (for short ids)."""
    row = conn.execute(select(cards).where(cards.c.id == card_id)).first()
    if row:
        return [row_to_card(row)]
    rows = conn.execute(select(cards).where(cards.c.id.like(f"{card_id}%")).limit(5)).all()
    return [row_to_card(r) for r in rows]


def group_counts(conn: Connection, column: str, f: CardFilter) -> dict[str, int]:
    col = cards.c[column]
    q = select(col, func.count()).where(and_(True, *filter_conditions(f))).group_by(col)
    return {str(k) if k is not None else "none": v for k, v in conn.execute(q)}


def list_sources(conn: Connection) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(select(sources).order_by(sources.c.name))]


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
