"""Fitting FSRS parameters to a user's own review log.

FSRS's optimizer needs torch (heavy, not a dependency of sobes) and enough reviews of cards
seen on an earlier day; without either it says what is missing instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from sobes.errors import BadInputError
from sobes.study.scheduler import optimize_parameters, optimizer_available
from sobes.study.tables import parse_iso, review_log

# FSRS optimises on reviews of cards last seen on an earlier day; below one mini-batch of
# them (fsrs uses 512) it keeps the default parameters, so we ask for at least that many.
MIN_REVIEWS = 512


@dataclass
class OptimizeResult:
    reviews: int
    parameters: list[float]

    def to_dict(self) -> dict[str, Any]:
        return {"reviews": self.reviews, "parameters": self.parameters}


Review = tuple[str, int, datetime, float | None]


def collect(conn: Connection, user: str) -> list[Review]:
    q = (
        select(review_log.c.card_id, review_log.c.rating, review_log.c.reviewed_at, review_log.c.duration_s)
        .where(review_log.c.user == user, review_log.c.undone.is_(False))
        .order_by(review_log.c.reviewed_at)
    )
    return [(r.card_id, r.rating, parse_iso(r.reviewed_at), r.duration_s) for r in conn.execute(q)]


def usable_reviews(reviews: list[Review]) -> int:
    """Reviews of a card on a later day than its previous review (what FSRS learns from)."""
    last: dict[str, datetime] = {}
    n = 0
    for card_id, _, at, _ in reviews:
        if card_id in last and (at - last[card_id]).days > 0:
            n += 1
        last[card_id] = at
    return n


def fit(reviews: list[Review]) -> OptimizeResult:
    usable = usable_reviews(reviews)
    if usable < MIN_REVIEWS:
        raise BadInputError(
            f"too few reviews to optimise: {usable} of the needed {MIN_REVIEWS} "
            f"(reviews of a card on a later day than its previous one); keep studying and try again"
        )
    missing = optimizer_available()
    if missing:
        raise BadInputError(missing)
    numbers: dict[str, int] = {}
    rows = [(numbers.setdefault(c, len(numbers) + 1), r, t, d) for c, r, t, d in reviews]
    return OptimizeResult(usable, optimize_parameters(rows))
