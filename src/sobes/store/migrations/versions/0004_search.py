"""Tables for search: the full-text index (FTS5 over words and lemmas) and its bookkeeping.

FTS5 virtual tables exist only on SQLite; on other databases only the plain tables are
created and lexical search runs over an in-memory index instead.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "qwords, awords, qlemmas, alemmas, tokenize = 'unicode61')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_vocab USING fts5vocab(search_fts, 'row')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_trigrams USING fts5("
    "term, content = 'search_terms', content_rowid = 'id', tokenize = 'trigram')",
)


_WATCHED = ("cards", "card_vectors")


def upgrade() -> None:
    op.create_table(
        "search_docs",
        sa.Column("doc", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("card_id", sa.String(), nullable=False, unique=True),
        sa.Column("content_hash", sa.String(), nullable=False),
    )
    op.create_table(
        "search_meta",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "search_terms",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("term", sa.String(), nullable=False, unique=True),
    )
    op.create_table(
        "search_matrix",  # the card vectors as a few large blobs (a fast first search)
        sa.Column("chunk", sa.Integer(), primary_key=True),
        sa.Column("ids", sa.Text(), nullable=False),
        sa.Column("langs", sa.Text(), nullable=False),
        sa.Column("vectors", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "search_changes",
        sa.Column("name", sa.String(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        for ddl in _FTS_DDL:
            op.execute(ddl)
        # Change counters: one row read tells a search whether its index is stale.
        for table in _WATCHED:
            op.execute(f"INSERT INTO search_changes(name, version) VALUES ('{table}', 0)")
            for event in ("INSERT", "UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER IF NOT EXISTS search_watch_{table}_{event.lower()} AFTER {event} ON {table} "
                    f"BEGIN UPDATE search_changes SET version = version + 1 WHERE name = '{table}'; END"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in _WATCHED:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS search_watch_{table}_{event}")
        for name in ("search_trigrams", "search_vocab", "search_fts"):
            op.execute(f"DROP TABLE IF EXISTS {name}")
    op.drop_table("search_changes")
    op.drop_table("search_matrix")
    op.drop_table("search_terms")
    op.drop_table("search_meta")
    op.drop_table("search_docs")
