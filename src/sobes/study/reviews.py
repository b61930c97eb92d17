"""Recording ratings and undoing them; loading a user's state and settings.

A rating writes the new ``study_state`` row and appends a ``review_log`` row holding the
state before and after, in one transaction: a crash or Ctrl-C never leaves one without the
other, and undo can put the previous state back exactly.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, or_, select, update

from sobes.errors import BadInputError
from sobes.model import Card
from sobes.store.schema import cards
from sobes.study.scheduler import DEFAULT_RETENTION, RATING_NAMES, CardState, Settings, interval_text
from sobes.study.scheduler import review as fsrs_review
from sobes.study.tables import iso, parse_iso, review_log, study_settings, study_state

DEFAULT_NEW_PER_DAY = 20


@dataclass
class Schedule:
    """When a card comes back after a rating (or after an undo)."""

    card_id: str
    due: datetime
    state: str  # new | learning | review | relearning
    interval: str  # human text, e.g. "10 min", "3 days"
    rating: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    reps: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "card_id": self.card_id,
            "due": iso(self.due),
            "state": self.state,
            "interval": self.interval,
            "rating": self.rating,
            "rating_name": RATING_NAMES.get(self.rating or 0),
            "stability": self.stability,
            "difficulty": self.difficulty,
            "reps": self.reps,
        }


def schedule_for(card_id: str, state: CardState, now: datetime, rating: int | None = None) -> Schedule:
    due = parse_iso(state.due)
    return Schedule(
        card_id=card_id, due=due, state=state.state_name, interval=interval_text(due - now), rating=rating,
        stability=state.stability, difficulty=state.difficulty, reps=state.reps,
    )


def group_key(card: Card) -> str:
    """Where a card's review state lives: the canonical card of its duplicate group."""
    return card.duplicate_of or card.id


def check_rating(rating: object) -> int:
    if isinstance(rating, bool) or not isinstance(rating, int) or rating not in RATING_NAMES:
        raise BadInputError(f"rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy), not {rating!r}")
    return rating


def load_state(conn: Connection, user: str, card_id: str) -> CardState | None:
    row = conn.execute(
        select(study_state).where(study_state.c.user == user, study_state.c.card_id == card_id)
    ).first()
    return state_from_row(row) if row else None


def state_from_row(row: Any) -> CardState:
    return CardState(
        state=row.state, step=row.step, stability=row.stability, difficulty=row.difficulty, due=row.due,
        last_review=row.last_review, reps=row.reps, lapses=row.lapses,
    )


def group_state(conn: Connection, user: str, card: Card, key: str) -> CardState | None:
    """The latest state kept under another member of the card's duplicate group (a group
    can change after reviews, when a later import finds a new canonical card), so the
    group's history carries on instead of starting over."""
    members = select(cards.c.id).where(or_(cards.c.duplicate_of == key, cards.c.id == card.id))
    row = conn.execute(
        select(study_state)
        .where(study_state.c.user == user, study_state.c.card_id.in_(members), study_state.c.card_id != key)
        .order_by(study_state.c.last_review.desc())
        .limit(1)
    ).first()
    return state_from_row(row) if row else None


def save_state(conn: Connection, user: str, card_id: str, state: CardState | None) -> None:
    """Write (or, for None, remove) the state of one card."""
    where = (study_state.c.user == user, study_state.c.card_id == card_id)
    if state is None:
        conn.execute(delete(study_state).where(*where))
        return
    values = {
        "state": state.state, "step": state.step, "stability": state.stability, "difficulty": state.difficulty,
        "due": state.due, "last_review": state.last_review, "reps": state.reps, "lapses": state.lapses,
    }
    if conn.execute(update(study_state).where(*where).values(**values)).rowcount == 0:
        conn.execute(insert(study_state).values(user=user, card_id=card_id, **values))


def load_settings(conn: Connection, user: str) -> Settings:
    row = conn.execute(select(study_settings).where(study_settings.c.user == user)).first()
    if row is None:
        return Settings(DEFAULT_RETENTION, DEFAULT_NEW_PER_DAY)
    params = json.loads(row.parameters) if row.parameters else None
    return Settings(row.retention, row.new_per_day, params)


def save_settings(conn: Connection, user: str, settings: Settings, now: datetime) -> None:
    if not 0.7 <= settings.retention <= 0.99:
        raise BadInputError(f"retention must be between 0.70 and 0.99 (0.9 is usual), not {settings.retention}")
    if not 0 <= settings.new_per_day <= 10000:
        raise BadInputError(f"new cards per day must be between 0 and 10000, not {settings.new_per_day}")
    values = {
        "retention": settings.retention,
        "new_per_day": settings.new_per_day,
        "parameters": json.dumps(settings.parameters) if settings.parameters else None,
        "updated_at": iso(now),
    }
    if conn.execute(update(study_settings).where(study_settings.c.user == user).values(**values)).rowcount == 0:
        conn.execute(insert(study_settings).values(user=user, **values))


def record_review(
    conn: Connection,
    user: str,
    card: Card,
    rating: int,
    now: datetime,
    *,
    duration_s: float | None = None,
    answer: str | None = None,
    origin: str = "study",
) -> Schedule:
    """Rate ``card`` at ``now``: new state plus one log row (the caller's transaction)."""
    rating = check_rating(rating)
    key = group_key(card)
    settings = load_settings(conn, user)
    stored = load_state(conn, user, key)
    before = stored or group_state(conn, user, card, key)
    after = fsrs_review(before, rating, now, settings, duration_s)
    save_state(conn, user, key, after)
    conn.execute(
        insert(review_log).values(
            uid=uuid.uuid4().hex, user=user, card_id=key, reviewed_card_id=card.id, rating=rating,
            reviewed_at=iso(now), duration_s=duration_s, answer=answer, origin=origin,
            prev_state=stored.to_json() if stored else None, new_state=after.to_json(),
            introduced=before is None, undone=False,
        )
    )
    return schedule_for(card.id, after, now, rating)


def undo_last(conn: Connection, user: str) -> Schedule | None:
    """Put back the state before the user's latest rating; the log row stays, marked undone."""
    row = conn.execute(
        select(review_log)
        .where(review_log.c.user == user, review_log.c.undone.is_(False))
        .order_by(review_log.c.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    before = CardState.from_json(row.prev_state) if row.prev_state else None
    save_state(conn, user, row.card_id, before)
    conn.execute(update(review_log).where(review_log.c.id == row.id).values(undone=True))
    reviewed_at = parse_iso(row.reviewed_at)
    if before is None:
        return Schedule(card_id=row.reviewed_card_id, due=reviewed_at, state="new", interval="now", rating=row.rating)
    sched = schedule_for(row.reviewed_card_id, before, reviewed_at)
    sched.rating = row.rating
    return sched
