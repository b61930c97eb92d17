"""Tables for web: users, login attempts, interface settings, server secret; indexes for the
library page's filtered listing.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


# The library page's filtered listing in source order (see sobes.web.tables).
ORDERED_FILTERS = ("topic", "level", "lang", "kind")


def upgrade() -> None:
    for column in ORDERED_FILTERS:
        op.create_index(f"ix_cards_{column}_order", "cards", [column, "source_key", "position"])
    op.create_table(
        "web_users",
        sa.Column("username", sa.String(), primary_key=True),
        sa.Column("password_hash", sa.String(), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.String(), nullable=False),
    )
    op.create_table(
        "web_login_attempts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
    )
    op.create_index("ix_web_login_attempts_key_at", "web_login_attempts", ["key", "at"])
    op.create_table(
        "web_settings",
        sa.Column("user", sa.String(), primary_key=True),
        sa.Column("lang", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
    )
    op.create_table(
        "web_meta",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )


def downgrade() -> None:
    for column in ORDERED_FILTERS:
        op.drop_index(f"ix_cards_{column}_order", table_name="cards")
    op.drop_table("web_meta")
    op.drop_table("web_settings")
    op.drop_index("ix_web_login_attempts_key_at", table_name="web_login_attempts")
    op.drop_table("web_login_attempts")
    op.drop_table("web_users")
