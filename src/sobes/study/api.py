"""Library methods for studying: FSRS reviews, settings, mock interviews, progress, backup.

All review state is per user (``user="local"`` for the CLI). ``now`` is a UTC datetime the
adapter passes in (None means the current time). The logic lives in the modules of this
package; these methods open a transaction and wire.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from sobes.errors import NotFoundError
from sobes.filters import CardFilter
from sobes.model import Card
from sobes.store.cards import get_card
from sobes.study import backup, progress, queue, reviews
from sobes.study import interview as mock_interview
from sobes.study import optimize as optimizer
from sobes.study.interview import Interview, InterviewReport
from sobes.study.optimize import OptimizeResult
from sobes.study.progress import Progress
from sobes.study.queue import DueCounts
from sobes.study.reviews import Schedule
from sobes.study.scheduler import Settings, preview
from sobes.study.tables import utc

LOCAL = "local"


class StudyAPI:
    engine: Engine

    if TYPE_CHECKING:
        from sobes.grade.feedback import Feedback

        def grade(self, card_id: str, answer_text: str) -> Feedback: ...

    # -- spaced repetition ----------------------------------------------------
    def due(self, now: datetime | None = None, limit: int = 20, *, user: str = LOCAL, **filters: Any) -> list[Card]:
        """What to study next: due reviews (most overdue first), then new cards up to the
        daily limit. Filters: topic, level, lang, kind, source, tag."""
        f = CardFilter.of(filters)
        with self.engine.connect() as conn:
            return queue.due_cards(conn, user, utc(now), limit, f)

    def due_counts(self, now: datetime | None = None, *, user: str = LOCAL, **filters: Any) -> DueCounts:
        """How many reviews are due, how many new cards are available today."""
        f = CardFilter.of(filters)
        with self.engine.connect() as conn:
            return queue.due_counts(conn, user, utc(now), f)

    def review(
        self,
        card_id: str,
        rating: int,
        now: datetime | None = None,
        *,
        user: str = LOCAL,
        duration_s: float | None = None,
        answer: str | None = None,
    ) -> Schedule:
        """Rate a card 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy); returns when it comes back.

        A review of any member of a duplicate group counts for the whole group."""
        reviews.check_rating(rating)
        with self.engine.begin() as conn:
            card = _one_card(conn, card_id)
            return reviews.record_review(conn, user, card, rating, utc(now), duration_s=duration_s, answer=answer)

    def undo(self, *, user: str = LOCAL) -> Schedule | None:
        """Undo the user's latest rating (the state before it comes back exactly); None when
        there is nothing to undo. The log keeps the row, marked undone."""
        with self.engine.begin() as conn:
            return reviews.undo_last(conn, user)

    def preview(self, card_id: str, now: datetime | None = None, *, user: str = LOCAL) -> dict[int, datetime]:
        """When the card would come back for each rating 1..4 (nothing is saved)."""
        with self.engine.connect() as conn:
            card = _one_card(conn, card_id)
            state = reviews.load_state(conn, user, reviews.group_key(card))
            return preview(state, utc(now), reviews.load_settings(conn, user))

    def study_settings(self, user: str = LOCAL) -> Settings:
        """The user's desired retention, daily new-card limit and FSRS parameters."""
        with self.engine.connect() as conn:
            return reviews.load_settings(conn, user)

    def update_study_settings(
        self,
        user: str = LOCAL,
        *,
        retention: float | None = None,
        new_per_day: int | None = None,
        now: datetime | None = None,
    ) -> Settings:
        """Change the desired retention (0.70-0.99) and/or the daily limit of new cards."""
        with self.engine.begin() as conn:
            settings = reviews.load_settings(conn, user)
            if retention is not None:
                settings.retention = float(retention)
            if new_per_day is not None:
                settings.new_per_day = int(new_per_day)
            reviews.save_settings(conn, user, settings, utc(now))
            return settings

    # -- progress ---------------------------------------------------------------
    def progress(self, now: datetime | None = None, *, user: str = LOCAL) -> Progress:
        """Per topic and level: seen, mastered, due, weakest; reviews per day, streak, forecast."""
        with self.engine.connect() as conn:
            return progress.compute(conn, user, utc(now))

    # -- mock interviews --------------------------------------------------------
    def start_interview(
        self,
        level: str,
        topics: list[str] | str,
        minutes: int = 30,
        now: datetime | None = None,
        *,
        user: str = LOCAL,
        seed: int | None = None,
    ) -> Interview:
        """Pick a balanced set of questions for a mock interview and save the session."""
        with self.engine.begin() as conn:
            return mock_interview.start(conn, user, level, topics, minutes, utc(now), seed)

    def interview(self, interview_id: str) -> Interview:
        """A saved interview session with its answers so far."""
        with self.engine.connect() as conn:
            return mock_interview.load(conn, interview_id)

    def record_interview_answer(
        self,
        interview_id: str,
        card_id: str,
        text: str | None = None,
        spoken: bool = False,
        seconds: float = 0.0,
        self_rating: int | None = None,
        now: datetime | None = None,
    ) -> dict[str, Any]:
        """Save one answer; the grade (typed answers, when grading exists) or the self-rating
        goes to FSRS, so weak answers come due soon. Returns the saved answer as a dict."""
        # Grade first, outside the write transaction (the grader reads the library itself).
        feedback = mock_interview.grade_answer(self.grade, card_id, text)
        with self.engine.begin() as conn:
            return mock_interview.record_answer(
                conn, interview_id, card_id, text, spoken, seconds, self_rating, utc(now), feedback
            )

    def finish_interview(self, interview_id: str, now: datetime | None = None) -> InterviewReport:
        """Close the session and build its report (finishing twice returns the same report)."""
        with self.engine.begin() as conn:
            return mock_interview.finish(conn, interview_id, utc(now))

    def interviews(self, *, user: str = LOCAL, limit: int = 20) -> list[Interview]:
        """The user's latest interview sessions, newest first."""
        with self.engine.connect() as conn:
            return mock_interview.recent(conn, user, limit)

    # -- backup and optimiser -----------------------------------------------------
    def export_reviews(self, path: str | os.PathLike[str], now: datetime | None = None) -> dict[str, int]:
        """Write every user's review state, log, settings and interviews to a JSON file."""
        with self.engine.connect() as conn:
            return backup.export_to(conn, Path(path), utc(now))

    def import_reviews(self, path: str | os.PathLike[str]) -> dict[str, int]:
        """Merge a backup written by ``export_reviews``: log rows are never duplicated, so
        importing twice changes nothing. Returns what was added or updated."""
        data = backup.read(Path(path))
        with self.engine.begin() as conn:
            return backup.merge(conn, data)

    def optimize(self, *, user: str = LOCAL, now: datetime | None = None) -> OptimizeResult:
        """Fit FSRS parameters to the user's own review log (needs torch and enough reviews)."""
        with self.engine.connect() as conn:
            reviews_ = optimizer.collect(conn, user)
        result = optimizer.fit(reviews_)
        with self.engine.begin() as conn:
            settings = reviews.load_settings(conn, user)
            settings.parameters = result.parameters
            reviews.save_settings(conn, user, settings, utc(now))
        return result


def _one_card(conn: Any, card_id: str) -> Card:
    found = get_card(conn, str(card_id).strip())
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFoundError(f"no card with id '{card_id}'")
    raise NotFoundError(f"'{card_id}' is ambiguous: {', '.join(c.id for c in found)}")
