"""Tables for understanding: a person's duplicate links and the analysis state per card.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_links",
        sa.Column("card_id", sa.String(), primary_key=True),
        sa.Column("canonical_id", sa.String()),
        sa.Column("created_at", sa.String(), nullable=False),
    )
    op.create_table(
        "card_analysis",
        sa.Column("card_id", sa.String(), primary_key=True),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("version", sa.String(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("card_analysis")
    op.drop_table("card_links")
