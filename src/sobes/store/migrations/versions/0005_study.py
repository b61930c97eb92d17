"""Tables for study: review state, review log, settings, mock interviews.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "study_state",
        sa.Column("user", sa.String(), primary_key=True),
        sa.Column("card_id", sa.String(), primary_key=True),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer()),
        sa.Column("stability", sa.Float()),
        sa.Column("difficulty", sa.Float()),
        sa.Column("due", sa.String(), nullable=False),
        sa.Column("last_review", sa.String()),
        sa.Column("reps", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("lapses", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index("ix_study_state_due", "study_state", ["user", "due"])
    # Finding the other members of a card's duplicate group (their review state) quickly.
    # Partial, so the planner never picks it for the common "duplicate_of IS NULL" filter.
    only_variants = sa.text("duplicate_of IS NOT NULL")
    op.create_index(
        "ix_cards_variants", "cards", ["duplicate_of"], sqlite_where=only_variants, postgresql_where=only_variants
    )
    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("uid", sa.String(), nullable=False, unique=True),
        sa.Column("user", sa.String(), nullable=False),
        sa.Column("card_id", sa.String(), nullable=False),
        sa.Column("reviewed_card_id", sa.String(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.String(), nullable=False),
        sa.Column("duration_s", sa.Float()),
        sa.Column("answer", sa.Text()),
        sa.Column("origin", sa.String(), nullable=False, server_default="study"),
        sa.Column("prev_state", sa.Text()),
        sa.Column("new_state", sa.Text(), nullable=False),
        sa.Column("introduced", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("undone", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_review_log_user_time", "review_log", ["user", "reviewed_at"])
    op.create_index("ix_review_log_user_card", "review_log", ["user", "card_id"])
    op.create_index("ix_review_log_undo", "review_log", ["user", "undone", "id"])
    op.create_index("ix_review_log_new", "review_log", ["user", "introduced", "undone", "id"])
    op.create_table(
        "study_settings",
        sa.Column("user", sa.String(), primary_key=True),
        sa.Column("retention", sa.Float(), nullable=False),
        sa.Column("new_per_day", sa.Integer(), nullable=False),
        sa.Column("parameters", sa.Text()),
        sa.Column("updated_at", sa.String(), nullable=False),
    )
    op.create_table(
        "interviews",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("user", sa.String(), nullable=False),
        sa.Column("level", sa.String(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("card_ids", sa.Text(), nullable=False),
        sa.Column("started_at", sa.String(), nullable=False),
        sa.Column("finished_at", sa.String()),
        sa.Column("report", sa.Text()),
    )
    op.create_index("ix_interviews_user", "interviews", ["user", "started_at"])
    op.create_table(
        "interview_answers",
        sa.Column("interview_id", sa.String(), primary_key=True),
        sa.Column("card_id", sa.String(), primary_key=True),
        sa.Column("text", sa.Text()),
        sa.Column("spoken", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("seconds", sa.Float(), nullable=False, server_default="0"),
        sa.Column("self_rating", sa.Integer()),
        sa.Column("grade", sa.Integer()),
        sa.Column("feedback", sa.Text()),
        sa.Column("rating", sa.Integer()),
        sa.Column("answered_at", sa.String(), nullable=False),
    )


def downgrade() -> None:
    op.drop_index("ix_cards_variants", "cards")
    for name in ("interview_answers", "interviews", "study_settings", "review_log", "study_state"):
        op.drop_table(name)
