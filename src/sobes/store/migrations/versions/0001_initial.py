"""The first schema: sources, cards, card tags.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("format", sa.String(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("cards", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.String(), nullable=False),
    )
    op.create_table(
        "cards",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("source_key", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text()),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("lang", sa.String(), nullable=False),
        sa.Column("topic", sa.String(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("level", sa.String()),
        sa.Column("level_source", sa.String()),
        sa.Column("topic_source", sa.String(), nullable=False),
        sa.Column("topic_confidence", sa.Float(), nullable=False),
        sa.Column("section", sa.Text()),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("reactions", sa.Text(), nullable=False),
        sa.Column("duplicate_of", sa.String()),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("source_name", sa.String(), nullable=False),
        sa.Column("source_format", sa.String(), nullable=False),
        sa.Column("source_line", sa.Integer()),
        sa.Column("source_message_id", sa.Integer()),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
    )
    op.create_index("ix_cards_source", "cards", ["source_key", "position"])
    op.create_index("ix_cards_topic", "cards", ["topic"])
    op.create_index("ix_cards_level", "cards", ["level"])
    op.create_index("ix_cards_lang", "cards", ["lang"])
    op.create_table(
        "card_tags",
        sa.Column("card_id", sa.String(), primary_key=True),
        sa.Column("tag", sa.String(), primary_key=True),
    )
    op.create_index("ix_card_tags_tag", "card_tags", ["tag"])


def downgrade() -> None:
    op.drop_table("card_tags")
    op.drop_table("cards")
    op.drop_table("sources")
