"""The web app's tables: accounts, login attempts (rate limiting) and interface settings.

Migration 0007 creates them. Times are ISO strings in UTC, as in the study tables.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table

from sobes.store.schema import cards, metadata

users = Table(
    "web_users",
    metadata,
    Column("username", String, primary_key=True),
    Column("password_hash", String, nullable=False),
    Column("is_admin", Boolean, nullable=False, default=False),
    Column("created_at", String, nullable=False),
)

# One row per failed login; old rows only matter inside the rate-limit window.
login_attempts = Table(
    "web_login_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String, nullable=False),
    Column("at", String, nullable=False),
    Index("ix_web_login_attempts_key_at", "key", "at"),
)

# Per-user interface settings (the study settings live with study).
ui_settings = Table(
    "web_settings",
    metadata,
    Column("user", String, primary_key=True),
    Column("lang", String, nullable=False),
    Column("updated_at", String, nullable=False),
)

# Small server-wide values, e.g. the secret that signs session cookies (kept so that a
# restart or a second worker process accepts the same cookies).
web_meta = Table(
    "web_meta",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", String, nullable=False),
)


# The library page lists cards filtered by one field in source order; without these the
# database sorts every matching row for each page (~15 ms at 10,000 cards instead of <1 ms).
ORDERED_FILTERS = ("topic", "level", "lang", "kind")
for _column in ORDERED_FILTERS:
    Index(f"ix_cards_{_column}_order", cards.c[_column], cards.c.source_key, cards.c.position)
