"""The grading tables (migration 0006): derived key points per card, cached with the vectors
of the reference claims, and the user's own key points, which always win and survive
re-imports (cards keep their ids across re-imports)."""

from __future__ import annotations

from sqlalchemy import Column, LargeBinary, String, Table, Text

from sobes.store.schema import metadata

# Derived from the reference answer (and its duplicates'); rebuilt when ``ref_hash`` (a hash
# of those answers and the derivation version) changes. ``units`` is JSON: {"units": the
# reference sentences, "contrast": the masked reference clauses about each side a question
# contrasts}; ``vectors`` the encoder rows (float32) of the units, the key points, then those.
grade_keypoints = Table(
    "grade_keypoints",
    metadata,
    Column("card_id", String, primary_key=True),
    Column("ref_hash", String, nullable=False),
    Column("points", Text, nullable=False),
    Column("units", Text, nullable=False),
    Column("encoder", String),
    Column("vectors", LargeBinary),
    Column("updated_at", String, nullable=False),
)

# Key points written by the user (`sobes keypoints ID --edit`): never overwritten by imports.
grade_user_keypoints = Table(
    "grade_user_keypoints",
    metadata,
    Column("card_id", String, primary_key=True),
    Column("points", Text, nullable=False),
    Column("updated_at", String, nullable=False),
)
