"""Search tables. The plain ones are SQLAlchemy tables on the shared metadata; the FTS5
virtual tables (SQLite only) are created by migration 0004 and, should a database predate
it, again on first use (``CREATE ... IF NOT EXISTS``).

On other databases (PostgreSQL) there is no FTS5: the lexical part then runs over an
in-memory index built from the same words and lemmas (see ``sobes.search.memory``).
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, Integer, String, Table, Text, text
from sqlalchemy.exc import OperationalError

from sobes.store.schema import metadata

# One row per indexed card; `doc` is the FTS5 rowid, `content_hash` tells a changed card.
search_docs = Table(
    "search_docs",
    metadata,
    Column("doc", Integer, primary_key=True, autoincrement=True),
    Column("card_id", String, nullable=False, unique=True),
    Column("content_hash", String, nullable=False),
)

# Small key/value facts about the index, e.g. the fingerprint of the cards it reflects.
search_meta = Table(
    "search_meta",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

# Every distinct word seen (for typo correction); the trigram FTS5 table indexes them.
search_terms = Table(
    "search_terms",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("term", String, nullable=False, unique=True),
)

# Change counters bumped by triggers on `cards` and `card_vectors` (SQLite): reading one row
# tells a search whether its index or its cached matrix is stale, at any library size.
search_changes = Table(
    "search_changes",
    metadata,
    Column("name", String, primary_key=True),
    Column("version", Integer, nullable=False),
)

WATCHED = ("cards", "card_vectors")
TRIGGER_DDL = tuple(
    f"CREATE TRIGGER IF NOT EXISTS search_watch_{table}_{event.lower()} AFTER {event} ON {table} "
    f"BEGIN UPDATE search_changes SET version = version + 1 WHERE name = '{table}'; END"
    for table in WATCHED for event in ("INSERT", "UPDATE", "DELETE")
)

FTS_DDL = (
    # Question words, answer words, question lemmas, answer lemmas: a match in the question
    # weighs more than one deep in a long answer.
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "qwords, awords, qlemmas, alemmas, tokenize = 'unicode61')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_vocab USING fts5vocab(search_fts, 'row')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_trigrams USING fts5("
    "term, content = 'search_terms', content_rowid = 'id', tokenize = 'trigram')",
)
FTS_DROP = ("DROP TABLE IF EXISTS search_trigrams", "DROP TABLE IF EXISTS search_vocab",
            "DROP TABLE IF EXISTS search_fts")


def ensure_fts(conn: Connection) -> None:
    """Create the FTS5 tables if a database lacks them (SQLite only)."""
    for ddl in FTS_DDL:
        conn.execute(text(ddl))


def ensure_tables(conn: Connection) -> bool:
    """Create the search tables if missing: a library migrated while 0004 was still empty
    has none, and the index is derived data, so building it on first use is safe.
    Returns whether the change counters were already being kept (all triggers in place), i.e.
    whether they can be trusted to tell every change since the index was last synced."""
    from sobes.search.matrix import search_matrix  # defined beside the code that fills it

    metadata.create_all(conn, tables=[search_docs, search_meta, search_terms, search_changes, search_matrix],
                        checkfirst=True)
    if conn.dialect.name != "sqlite":
        return False
    ensure_fts(conn)
    present = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                "AND name LIKE 'search_watch_%'")).scalar()
    for name in WATCHED:
        conn.execute(text("INSERT OR IGNORE INTO search_changes(name, version) VALUES (:n, 0)"), {"n": name})
    for ddl in TRIGGER_DDL:
        conn.execute(text(ddl))
    return present == len(TRIGGER_DDL)


def versions(conn: Connection) -> dict[str, int]:
    """The change counters (SQLite); empty elsewhere."""
    if conn.dialect.name != "sqlite":
        return {}
    try:
        return {r.name: r.version for r in conn.execute(text("SELECT name, version FROM search_changes"))}
    except OperationalError:  # tables not created yet: callers fall back to full fingerprints
        return {}
