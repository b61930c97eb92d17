"""The library's tables (SQLAlchemy Core). Alembic migrations create and change them."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, Integer, LargeBinary, MetaData, String, Table, Text

# Bump together with a new file in migrations/versions. Feature packages (analysis,
# search, study, grading, web) define their own tables on `metadata` in their own
# modules and own one migration each: 0003 analysis, 0004 search, 0005 study,
# 0006 grading, 0007 web.
HEAD_REVISION = "0007"

metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("key", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("format", String, nullable=False),
    Column("path", Text, nullable=False),
    Column("sha256", String, nullable=False),
    Column("size", Integer, nullable=False),
    Column("cards", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
    Column("imported_at", String, nullable=False),
)

cards = Table(
    "cards",
    metadata,
    Column("id", String, primary_key=True),
    Column("source_key", String, nullable=False),
    Column("position", Integer, nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text),
    Column("kind", String, nullable=False),
    Column("lang", String, nullable=False),
    Column("topic", String, nullable=False),
    Column("topics", Text, nullable=False, default="[]"),
    Column("level", String),
    Column("level_source", String),
    Column("topic_source", String, nullable=False, default="model"),
    Column("topic_confidence", Float, nullable=False, default=0.0),
    Column("section", Text),
    Column("tags", Text, nullable=False, default="[]"),
    Column("reactions", Text, nullable=False, default="{}"),
    Column("duplicate_of", String),
    Column("retired", Boolean, nullable=False, default=False),
    Column("source_name", String, nullable=False),
    Column("source_format", String, nullable=False),
    Column("source_line", Integer),
    Column("source_message_id", Integer),
    Column("content_hash", String, nullable=False),
    Column("created_at", String, nullable=False),
    Column("updated_at", String, nullable=False),
    Index("ix_cards_source", "source_key", "position"),
    Index("ix_cards_topic", "topic"),
    Index("ix_cards_level", "level"),
    Index("ix_cards_lang", "lang"),
)

card_tags = Table(
    "card_tags",
    metadata,
    Column("card_id", String, primary_key=True),
    Column("tag", String, primary_key=True),
    Index("ix_card_tags_tag", "tag"),
)

# Embedding vectors, computed once per card text and model (see sobes.embed.vectors).
card_vectors = Table(
    "card_vectors",
    metadata,
    Column("card_id", String, primary_key=True),
    Column("field", String, primary_key=True),
    Column("model", String, primary_key=True),
    Column("text_hash", String, nullable=False),
    Column("vector", LargeBinary, nullable=False),
)
