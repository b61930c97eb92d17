"""Analysis tables on the shared metadata (migration 0003 creates them).

``card_links`` holds a person's corrections, which outrank the machine and are never
touched by import or analysis: a row with ``canonical_id`` says "this card is a variant
of that one" (``sobes link``), a row without it says "this card stands alone"
(``sobes unlink``). ``card_analysis`` remembers the content hash each card was analysed
at, so analysis after an import only looks at new and changed cards.
"""

from __future__ import annotations

from sqlalchemy import Column, String, Table

from sobes.store.schema import metadata

card_links = Table(
    "card_links",
    metadata,
    Column("card_id", String, primary_key=True),
    Column("canonical_id", String),
    Column("created_at", String, nullable=False),
)

card_analysis = Table(
    "card_analysis",
    metadata,
    Column("card_id", String, primary_key=True),
    Column("content_hash", String, nullable=False),
    Column("version", String, nullable=False),
)
