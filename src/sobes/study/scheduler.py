"""FSRS scheduling: the only module that imports ``fsrs``.

Works on ``CardState`` (a plain dataclass that maps to a ``study_state`` row) and always
takes the time as an argument, in UTC; fuzzing is off so the same reviews give the same
schedule (tests use a fixed clock).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from sobes.study.tables import iso, parse_iso

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
STATE_NAMES = {int(State.Learning): "learning", int(State.Review): "review", int(State.Relearning): "relearning"}
DEFAULT_RETENTION = 0.9
REVIEW_STATE = int(State.Review)


@dataclass
class CardState:
    """The FSRS memory state of one card for one user; times are ISO strings in UTC."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: str
    last_review: str | None
    reps: int = 0
    lapses: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CardState:
        return cls(**json.loads(text))

    @property
    def state_name(self) -> str:
        return STATE_NAMES.get(self.state, "learning")


@dataclass
class Settings:
    """A user's study settings."""

    retention: float = DEFAULT_RETENTION
    new_per_day: int = 20
    parameters: list[float] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"retention": self.retention, "new_per_day": self.new_per_day, "optimized": self.parameters is not None}


# One short learning step: Again/Hard bring a card back within minutes, Good on a new card
# already moves it to days (an interview bank has many cards; two steps feel slow).
LEARNING_STEPS = (timedelta(minutes=10),)


def make_scheduler(settings: Settings) -> Scheduler:
    kwargs: dict[str, Any] = {
        "desired_retention": settings.retention,
        "enable_fuzzing": False,
        "learning_steps": LEARNING_STEPS,
        "relearning_steps": LEARNING_STEPS,
    }
    if settings.parameters:
        kwargs["parameters"] = tuple(settings.parameters)
    return Scheduler(**kwargs)


def _to_fsrs(state: CardState | None, now: datetime) -> FsrsCard:
    if state is None:
        return FsrsCard(card_id=0, due=now)
    return FsrsCard(
        card_id=0,
        state=State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=parse_iso(state.due),
        last_review=parse_iso(state.last_review) if state.last_review else None,
    )


def review(
    state: CardState | None, rating: int, now: datetime, settings: Settings, duration_s: float | None = None
) -> CardState:
    """The state after rating a card (1 Again .. 4 Easy) at ``now`` (UTC)."""
    card = _to_fsrs(state, now)
    duration_ms = int(duration_s * 1000) if duration_s is not None else None
    after, _ = make_scheduler(settings).review_card(
        card, Rating(rating), review_datetime=now, review_duration=duration_ms
    )
    reps = (state.reps if state else 0) + 1
    lapses = (state.lapses if state else 0) + (1 if rating == 1 and state and state.state == int(State.Review) else 0)
    return CardState(
        state=int(after.state),
        step=after.step,
        stability=after.stability,
        difficulty=after.difficulty,
        due=iso(after.due),
        last_review=iso(after.last_review) if after.last_review else iso(now),
        reps=reps,
        lapses=lapses,
    )


def preview(state: CardState | None, now: datetime, settings: Settings) -> dict[int, datetime]:
    """When the card would come back for each rating (for the rating prompt)."""
    return {r: parse_iso(review(state, r, now, settings).due) for r in RATING_NAMES}


def recall_curve(settings: Settings) -> Callable[[float, float], float]:
    """``f(elapsed_days, stability)`` = FSRS retrievability, without building fsrs Cards
    (progress evaluates it for every card the user has seen)."""
    scheduler = make_scheduler(settings)
    decay = -float(scheduler.parameters[20])
    factor = 0.9 ** (1 / decay) - 1

    def recall(elapsed_days: float, stability: float) -> float:
        return float((1 + factor * max(0.0, elapsed_days) / stability) ** decay)

    return recall


def interval_text(delta: timedelta) -> str:
    """A human interval: "1 min", "10 min", "5 h", "1 day", "3 days", "4 months"."""
    seconds = max(0, round(delta.total_seconds()))
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 86400:
        return f"{round(seconds / 3600)} h"
    days = round(seconds / 86400)
    if days < 60:
        return "1 day" if days == 1 else f"{days} days"
    if days < 730:
        return f"{round(days / 30)} months"
    return f"{days / 365:.1f} years"


def optimizer_available() -> str | None:
    """None when the FSRS optimizer can run; otherwise what to install."""
    try:
        import torch  # noqa: F401
    except ImportError:
        return "install torch==2.13.0 to optimise (then `pip install \"fsrs[optimizer]\"`)"
    return None


def optimize_parameters(reviews: list[tuple[int, int, datetime, float | None]]) -> list[float]:
    """Fit FSRS weights to ``(card_number, rating, reviewed_at, duration_s)`` rows (needs torch)."""
    from fsrs import Optimizer, ReviewLog

    logs = [
        ReviewLog(card_id=c, rating=Rating(r), review_datetime=t, review_duration=int(d * 1000) if d else None)
        for c, r, t, d in reviews
    ]
    return [float(w) for w in Optimizer(logs).compute_optimal_parameters()]
