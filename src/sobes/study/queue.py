"""What to study next: due reviews first (most overdue first), then new cards up to the
user's daily limit of new cards. Only canonical, live cards are queued."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, and_, exists, func, select, tuple_

from sobes.filters import CardFilter
from sobes.model import Card
from sobes.store.cards import filter_conditions, row_to_card
from sobes.store.schema import cards
from sobes.study.reviews import load_settings
from sobes.study.tables import iso, review_log, study_state


def day_start(now: datetime) -> datetime:
    """Midnight UTC of ``now``'s day: the daily new-card limit counts from there."""
    return datetime.combine(now.date(), time(0), tzinfo=now.tzinfo)


def new_introduced_today(conn: Connection, user: str, now: datetime) -> int:
    """New cards first rated today."""
    q = select(func.count()).select_from(review_log).where(
        review_log.c.user == user,
        review_log.c.reviewed_at >= iso(day_start(now)),
        review_log.c.reviewed_at < iso(day_start(now) + timedelta(days=1)),
        review_log.c.introduced.is_(True),
        review_log.c.undone.is_(False),
    )
    return int(conn.execute(q).scalar_one())


def _unseen(user: str) -> Any:
    return ~exists().where(study_state.c.user == user, study_state.c.card_id == cards.c.id)


def due_cards(conn: Connection, user: str, now: datetime, limit: int, f: CardFilter) -> list[Card]:
    """Due reviews (most overdue first), then new cards while today's new quota lasts."""
    if limit <= 0:
        return []
    reviews = conn.execute(
        select(cards)
        .join(study_state, and_(study_state.c.card_id == cards.c.id, study_state.c.user == user))
        .where(study_state.c.due <= iso(now), *filter_conditions(f))
        .order_by(study_state.c.due, cards.c.id)
        .limit(limit)
    ).all()
    out = [row_to_card(r) for r in reviews]
    room = limit - len(out)
    if room > 0:
        quota = load_settings(conn, user).new_per_day - new_introduced_today(conn, user, now)
        take = min(room, quota)
        if take > 0:
            out += new_cards(conn, user, take, f)
    return out


def new_cards(conn: Connection, user: str, take: int, f: CardFilter) -> list[Card]:
    """Unseen cards in source order, starting after the last card introduced.

    Starting there (then wrapping round) keeps this fast when many cards are seen already:
    the scan does not walk over every seen card before reaching the first unseen one.
    """
    order = (cards.c.source_key, cards.c.position)
    base = select(cards).where(_unseen(user), *filter_conditions(f)).order_by(*order)
    hint = last_introduced(conn, user)
    if hint is None:
        return [row_to_card(r) for r in conn.execute(base.limit(take))]
    after = conn.execute(base.where(tuple_(*order) > tuple_(*hint)).limit(take)).all()
    rest = take - len(after)
    before = conn.execute(base.where(tuple_(*order) <= tuple_(*hint)).limit(rest)).all() if rest > 0 else []
    return [row_to_card(r) for r in [*after, *before]]


def last_introduced(conn: Connection, user: str) -> tuple[str, int] | None:
    """(source_key, position) of the card whose first rating is the user's latest."""
    card_id = conn.execute(
        select(review_log.c.reviewed_card_id)
        .where(review_log.c.user == user, review_log.c.introduced.is_(True), review_log.c.undone.is_(False))
        .order_by(review_log.c.id.desc())
        .limit(1)
    ).scalar()
    if card_id is None:
        return None
    row = conn.execute(select(cards.c.source_key, cards.c.position).where(cards.c.id == card_id)).first()
    return (row.source_key, row.position) if row else None


@dataclass
class DueCounts:
    """How much is waiting: reviews due now, new cards available today, cards never seen."""

    due: int
    new_today: int
    unseen: int

    def to_dict(self) -> dict[str, int]:
        return {"due": self.due, "new_today": self.new_today, "unseen": self.unseen}


def due_counts(conn: Connection, user: str, now: datetime, f: CardFilter) -> DueCounts:
    due = conn.execute(
        select(func.count())
        .select_from(cards.join(study_state, and_(study_state.c.card_id == cards.c.id, study_state.c.user == user)))
        .where(study_state.c.due <= iso(now), *filter_conditions(f))
    ).scalar_one()
    unseen_query = select(func.count()).select_from(cards).where(_unseen(user), *filter_conditions(f))
    unseen = conn.execute(unseen_query).scalar_one()
    quota = max(0, load_settings(conn, user).new_per_day - new_introduced_today(conn, user, now))
    return DueCounts(int(due), min(quota, int(unseen)), int(unseen))
