"""What every route needs: the library, the current user, the clock, CSRF checks and
rendering a page with the shared context (translations, navigation, the CSRF token)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from sobes.errors import SobesError
from sobes.filters import CardFilter
from sobes.library import Library
from sobes.web import accounts, i18n
from sobes.web.accounts import LOCAL_USER, ForbiddenError, User
from sobes.web.session import Session, SessionCodec
from sobes.web.views import StatsCache

TEMPLATES = Path(__file__).parent / "templates"


class LoginRequired(SobesError):
    """This needs a logged-in user."""

    http_status = 401


@dataclass
class WebConfig:
    lib: Library
    users: bool
    codec: SessionCodec
    templates: Jinja2Templates
    max_upload: int
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    stats: StatsCache = field(default_factory=StatsCache)


FilterParam = Annotated[str | None, Query(max_length=200)]


def card_filter(
    topic: FilterParam = None,
    level: FilterParam = None,
    lang: FilterParam = None,
    kind: FilterParam = None,
    source: FilterParam = None,
    tag: FilterParam = None,
) -> CardFilter:
    """The card filters of a page or API query string (a dependency: one declaration for all)."""
    return CardFilter(topic, level, lang, kind, source, tag)


def config(request: Request) -> WebConfig:
    cfg: WebConfig = request.app.state.web
    return cfg


def lib_of(request: Request) -> Library:
    return config(request).lib


def session_of(request: Request) -> Session:
    session: Session = request.state.session
    return session


def now(request: Request) -> datetime:
    return config(request).clock()


def optional_user(request: Request) -> User | None:
    """The logged-in user (always "local" without --users); None when nobody is."""
    cfg = config(request)
    if not cfg.users:
        return LOCAL_USER
    if hasattr(request.state, "user"):
        cached: User | None = request.state.user
        return cached
    name = session_of(request).user
    user = accounts.get_user(cfg.lib.engine, name) if name else None
    request.state.user = user
    return user


def current_user(request: Request) -> User:
    """A FastAPI dependency: the user, or a 401 / redirect to the login page."""
    user = optional_user(request)
    if user is None:
        raise LoginRequired("log in first")
    return user


def admin_user(request: Request) -> User:
    user = current_user(request)
    if not user.is_admin:
        raise ForbiddenError("only an administrator can do this")
    return user


def check_csrf(request: Request, token: str | None) -> None:
    config(request).codec.check_csrf(session_of(request), token)


def csrf_header(request: Request) -> None:
    """API writes: JSON bodies are safe (a cross-site page cannot send them without a CORS
    preflight, which this app never answers); anything else needs the X-CSRF-Token header."""
    content_type = request.headers.get("content-type", "")
    if request.method in ("GET", "HEAD", "OPTIONS") or content_type.startswith("application/json"):
        return
    check_csrf(request, request.headers.get("x-csrf-token"))


def ui_lang(request: Request) -> str:
    cached = getattr(request.state, "lang", None)
    if cached:
        return str(cached)
    user = optional_user(request)
    lang = accounts.interface_lang(lib_of(request).engine, user.name) if user else None
    lang = lang or i18n.from_accept_language(request.headers.get("accept-language"))
    request.state.lang = lang
    return lang


# Searches embed the query on every core (OpenMP); several at once only fight over the
# cores and stall page requests too, so one runs at a time and the others queue.
search_slot = threading.BoundedSemaphore(1)


def page(request: Request, template: str, data: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """Render a full page: the route's data dict plus what every page shows."""
    cfg = config(request)
    lang = ui_lang(request)
    user = optional_user(request)
    context = {
        "request": request,
        "t": i18n.translator(lang),
        "lang": lang,
        "user": user,
        "users_mode": cfg.users,
        "csrf_token": cfg.codec.csrf_token(session_of(request)),
        "path": request.url.path,
        **data,
    }
    return cfg.templates.TemplateResponse(request, template, context, status_code=status_code)
