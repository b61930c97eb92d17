"""The study tables: review state, the append-only review log, settings and mock interviews.

Every table is keyed by ``user`` (the web app has accounts; the CLI is "local"). Times are
stored as fixed-width ISO strings in UTC (see ``iso``), so string order is time order and
the tables work the same on SQLite and PostgreSQL. Migration 0005 creates them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, Column, Float, Index, Integer, String, Table, Text

from sobes.store.schema import metadata

# Current FSRS state of one (user, card). Reviews of a duplicate group are kept under the
# group's canonical card id, so the group is studied once.
study_state = Table(
    "study_state",
    metadata,
    Column("user", String, primary_key=True),
    Column("card_id", String, primary_key=True),
    Column("state", Integer, nullable=False),
    Column("step", Integer),
    Column("stability", Float),
    Column("difficulty", Float),
    Column("due", String, nullable=False),
    Column("last_review", String),
    Column("reps", Integer, nullable=False, default=0),
    Column("lapses", Integer, nullable=False, default=0),
    Index("ix_study_state_due", "user", "due"),
)

# Every rating ever given. Rows are never deleted: undo marks a row ``undone`` and puts
# back ``prev_state`` (the exact state before the rating, JSON; NULL for a new card).
# ``uid`` is a global identity so merging a backup never duplicates a row.
review_log = Table(
    "review_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", String, nullable=False, unique=True),
    Column("user", String, nullable=False),
    Column("card_id", String, nullable=False),
    Column("reviewed_card_id", String, nullable=False),
    Column("rating", Integer, nullable=False),
    Column("reviewed_at", String, nullable=False),
    Column("duration_s", Float),
    Column("answer", Text),
    Column("origin", String, nullable=False, default="study"),
    Column("prev_state", Text),
    Column("new_state", Text, nullable=False),
    Column("introduced", Boolean, nullable=False, default=False),  # this rating introduced a new card
    Column("undone", Boolean, nullable=False, default=False),
    Index("ix_review_log_user_time", "user", "reviewed_at"),
    Index("ix_review_log_user_card", "user", "card_id"),
    Index("ix_review_log_undo", "user", "undone", "id"),  # undo finds the latest live row at once
    Index("ix_review_log_new", "user", "introduced", "undone", "id"),  # where new cards resume
)

study_settings = Table(
    "study_settings",
    metadata,
    Column("user", String, primary_key=True),
    Column("retention", Float, nullable=False),
    Column("new_per_day", Integer, nullable=False),
    Column("parameters", Text),  # optimised FSRS weights (JSON list) or NULL for the defaults
    Column("updated_at", String, nullable=False),
)

interviews = Table(
    "interviews",
    metadata,
    Column("id", String, primary_key=True),
    Column("user", String, nullable=False),
    Column("level", String, nullable=False),
    Column("topics", Text, nullable=False),  # JSON list
    Column("minutes", Integer, nullable=False),
    Column("card_ids", Text, nullable=False),  # JSON list, in asking order
    Column("started_at", String, nullable=False),
    Column("finished_at", String),
    Column("report", Text),  # JSON of the InterviewReport once finished
    Index("ix_interviews_user", "user", "started_at"),
)

interview_answers = Table(
    "interview_answers",
    metadata,
    Column("interview_id", String, primary_key=True),
    Column("card_id", String, primary_key=True),
    Column("text", Text),
    Column("spoken", Boolean, nullable=False, default=False),
    Column("seconds", Float, nullable=False, default=0.0),
    Column("self_rating", Integer),
    Column("grade", Integer),
    Column("feedback", Text),  # JSON of the grader's Feedback, when there was one
    Column("rating", Integer),  # the rating that went to FSRS
    Column("answered_at", String, nullable=False),
)


def iso(dt: datetime) -> str:
    """A fixed-width UTC timestamp: string order equals time order."""
    return dt.astimezone(UTC).isoformat(timespec="microseconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def utc(now: datetime | None) -> datetime:
    """``now`` in UTC (naive datetimes are taken as UTC); the current time when None.

    Only the adapters pass None; the core gets its clock from them, so tests fix it."""
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        return now.replace(tzinfo=UTC)
    return now.astimezone(UTC)
