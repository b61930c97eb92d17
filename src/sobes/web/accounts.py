"""Accounts for a shared server: sign-up, password check, login rate limiting, UI settings.

Passwords are hashed with argon2 (argon2-cffi). Failed logins are counted per username
and per client address inside a sliding window; past the limit a login is refused
before the password is even checked, so guessing stays slow.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from sobes.errors import BadInputError, SobesError
from sobes.web.tables import login_attempts, ui_settings, users, web_meta

USERNAME = re.compile(r"^[a-z0-9_.-]{3,32}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 256
MAX_FAILURES = 5  # per username
MAX_FAILURES_PER_ADDRESS = 20  # per client address (higher: people behind one office NAT)
WINDOW = timedelta(minutes=10)
LANGS = ("en", "ru", "uk")

_hasher = PasswordHasher()
# Checked when the username does not exist, so a wrong name takes as long as a wrong password
# (the answer time does not tell which usernames exist).
_DUMMY_HASH = _hasher.hash("sobes: not a real password")


class AuthError(SobesError):
    """Wrong username or password, or not allowed to do this."""

    http_status = 401


class ForbiddenError(SobesError):
    """Logged in, but this needs an administrator."""

    http_status = 403


class TooManyAttemptsError(SobesError):
    """Too many failed logins in a short time."""

    http_status = 429


@dataclass(frozen=True)
class User:
    name: str
    is_admin: bool


LOCAL_USER = User("local", True)


def _iso(now: datetime) -> str:
    return now.astimezone(UTC).isoformat(timespec="seconds")


def normalize_username(name: str) -> str:
    return name.strip().lower()


def create_user(engine: Engine, username: str, password: str, now: datetime) -> User:
    """Sign up; the first account becomes the administrator."""
    name = normalize_username(username)
    if not USERNAME.match(name):
        raise BadInputError("username: 3-32 characters, latin letters, digits, '_', '.' or '-'")
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise BadInputError(f"password: at least {MIN_PASSWORD} characters (at most {MAX_PASSWORD})")
    if name == LOCAL_USER.name:
        raise BadInputError("username 'local' is reserved; choose another")
    hashed = _hasher.hash(password)
    with engine.begin() as conn:
        if conn.execute(select(users.c.username).where(users.c.username == name)).first():
            raise BadInputError(f"username '{name}' is taken; choose another or log in")
        first = conn.execute(select(func.count()).select_from(users)).scalar_one() == 0
        conn.execute(insert(users).values(username=name, password_hash=hashed, is_admin=first, created_at=_iso(now)))
    return User(name, first)


def get_user(engine: Engine, username: str) -> User | None:
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == normalize_username(username))).first()
    return User(row.username, bool(row.is_admin)) if row else None


def check_login(engine: Engine, username: str, password: str, client: str, now: datetime) -> User:
    """The user when the password is right; counts failures and refuses past the limit."""
    name = normalize_username(username)
    keys = [f"user:{name}", f"ip:{client}"]
    since = _iso(now - WINDOW)
    with engine.begin() as conn:
        conn.execute(delete(login_attempts).where(login_attempts.c.at < since))
        for key, limit in zip(keys, (MAX_FAILURES, MAX_FAILURES_PER_ADDRESS), strict=True):
            failures = conn.execute(
                select(func.count()).where(login_attempts.c.key == key, login_attempts.c.at >= since)
            ).scalar_one()
            if failures >= limit:
                minutes = int(WINDOW.total_seconds() // 60)
                raise TooManyAttemptsError(f"too many failed logins; wait {minutes} minutes and try again")
        row = conn.execute(select(users).where(users.c.username == name)).first()
        if _verify(row.password_hash if row is not None else _DUMMY_HASH, password) and row is not None:
            conn.execute(delete(login_attempts).where(login_attempts.c.key == keys[0]))
            return User(row.username, bool(row.is_admin))
        conn.execute(insert(login_attempts), [{"key": k, "at": _iso(now)} for k in keys])
    raise AuthError("wrong username or password")


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def interface_lang(engine: Engine, user: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(ui_settings.c.lang).where(ui_settings.c.user == user)).scalar()


def set_interface_lang(engine: Engine, user: str, lang: str, now: datetime) -> None:
    if lang not in LANGS:
        raise BadInputError(f"unknown interface language '{lang}'; use one of: {', '.join(LANGS)}")
    with engine.begin() as conn:
        values = {"lang": lang, "updated_at": _iso(now)}
        if conn.execute(select(ui_settings.c.user).where(ui_settings.c.user == user)).first():
            conn.execute(update(ui_settings).where(ui_settings.c.user == user).values(**values))
        else:
            conn.execute(insert(ui_settings).values(user=user, **values))


def ensure_tables(engine: Engine) -> None:
    """Create the web tables if missing: libraries migrated to revision 0007 by development
    builds, before the web tables were part of it, would otherwise fail on the first page."""
    from sobes.web.tables import metadata

    metadata.create_all(engine, tables=[users, login_attempts, ui_settings, web_meta], checkfirst=True)


def server_secret(engine: Engine) -> str:
    """The secret that signs cookies: made once, kept in the library."""
    query = select(web_meta.c.value).where(web_meta.c.key == "secret")
    try:
        with engine.begin() as conn:
            value = conn.execute(query).scalar()
            if value is None:
                value = secrets.token_urlsafe(32)
                conn.execute(insert(web_meta).values(key="secret", value=value))
    except IntegrityError:  # another worker process made it at the same moment
        with engine.connect() as conn:
            value = conn.execute(query).scalar_one()
    return str(value)
