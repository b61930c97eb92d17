"""Tables for grading: key points.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "grade_keypoints",
        sa.Column("card_id", sa.String(), primary_key=True),
        sa.Column("ref_hash", sa.String(), nullable=False),
        sa.Column("points", sa.Text(), nullable=False),
        sa.Column("units", sa.Text(), nullable=False),
        sa.Column("encoder", sa.String()),
        sa.Column("vectors", sa.LargeBinary()),
        sa.Column("updated_at", sa.String(), nullable=False),
    )
    op.create_table(
        "grade_user_keypoints",
        sa.Column("card_id", sa.String(), primary_key=True),
        sa.Column("points", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("grade_user_keypoints")
    op.drop_table("grade_keypoints")
