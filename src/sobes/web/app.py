"""The FastAPI application: pages and their JSON twins over one Library.

``create_app(lib_or_db, users=False)`` builds it; ``sobes serve`` runs it with uvicorn.
Errors never show a stack trace: a SobesError becomes its HTTP status with a readable
page, or ``{"error": "..."}`` under /api/.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import sobes
from sobes.errors import SobesError
from sobes.library import Library
from sobes.web import accounts, i18n
from sobes.web.context import TEMPLATES, LoginRequired, WebConfig, page
from sobes.web.render import inline_html, markdown_html, pygments_css, snippet_html
from sobes.web.session import SessionCodec, SessionMiddleware
from sobes.web.views import related_cards, short

STATIC = Path(__file__).parent / "static"
DEFAULT_MAX_UPLOAD = 25 * 1024 * 1024
log = logging.getLogger("sobes.web")


def create_app(
    lib_or_db: Library | str | os.PathLike[str] | None = None,
    users: bool = False,
    *,
    max_upload: int = DEFAULT_MAX_UPLOAD,
    secret: str | None = None,
    clock: Callable[[], datetime] | None = None,
) -> FastAPI:
    """The web app over a Library (or the library at a path/URL; None: the default one).

    ``users=True`` turns on accounts: sign-up, login, per-user review state, imports only
    for the administrator (the first account). ``clock`` lets tests fix the time.
    """
    lib = lib_or_db if isinstance(lib_or_db, Library) else sobes.open(None if lib_or_db is None else str(lib_or_db))
    accounts.ensure_tables(lib.engine)
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.globals.update(
        render_md=lambda text: Markup(markdown_html(text)),
        render_inline=lambda text: Markup(inline_html(text)),
        render_snippet=lambda text: Markup(snippet_html(text)),
        short=short,
        related_cards=lambda ids: related_cards(lib, list(ids)),
    )
    codec = SessionCodec(secret or os.environ.get("SOBES_SECRET") or accounts.server_secret(lib.engine))
    app = FastAPI(
        title="sobes",
        version=getattr(sobes, "__version__", "0.1.0"),
        description="Interview question library: cards, search, study (FSRS), grading, mock interviews.",
    )
    app.state.web = WebConfig(lib, users, codec, templates, max_upload, clock or (lambda: datetime.now(UTC)))
    app.add_middleware(UploadLimit, max_bytes=max_upload)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(SessionMiddleware, codec=codec)
    app.add_middleware(HeadAsGet)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    _add_error_handlers(app)
    code_css = pygments_css()

    @app.get("/code.css", include_in_schema=False)
    def code_styles() -> Response:
        return Response(code_css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})

    from sobes.web.api import admin as api_admin
    from sobes.web.api import cards as api_cards
    from sobes.web.api import study as api_study
    from sobes.web.routes import account, importing, interview, library, study

    for module in (library, study, interview, importing, account, api_cards, api_study, api_admin):
        app.include_router(module.router)
    return app


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def error_response(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    if status == 401 and request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)
    try:
        return page(request, "error.html", {"status": status, "message": message}, status_code=status)
    except Exception:  # noqa: BLE001 - the error page itself failed: plain text, still no trace
        log.exception("error page failed")
        return HTMLResponse(f"<h1>{status}</h1>", status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SobesError)
    async def sobes_error(request: Request, exc: SobesError) -> Response:
        status = exc.http_status if 400 <= exc.http_status < 600 else 400
        if isinstance(exc, LoginRequired) and not wants_json(request):
            status = 401
        return error_response(request, status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "form"))
            problems.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
        return error_response(request, 422, "; ".join(problems) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            message = i18n.translator(i18n.from_accept_language(request.headers.get("accept-language")))(
                "error.not_found"
            )
        else:
            message = str(exc.detail)
        response = error_response(request, exc.status_code, message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(request, 500, "internal error; the details are in the server log")


class UploadLimit:
    """Refuse a request body over the limit before it is read (by its Content-Length)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            length = dict(scope["headers"]).get(b"content-length")
            if length and length.isdigit() and int(length) > self.max_bytes + 64 * 1024:
                mb = self.max_bytes / 1024 / 1024
                message = f"the upload is too large: at most {mb:g} MB; split the file or raise the limit"
                body: Any = (
                    JSONResponse({"error": message}, status_code=413)
                    if scope["path"].startswith("/api/")
                    else HTMLResponse(f"<!doctype html><title>413</title><h1>413</h1><p>{message}</p>"
                                      '<p><a href="/import">back</a></p>', status_code=413)
                )
                await body(scope, receive, send)
                return
        await self.app(scope, receive, send)


class HeadAsGet:
    """HEAD answers like GET without the body (uptime checks, `curl -I`): FastAPI's GET
    routes would otherwise say 405."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
_SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """A second line of defence: even if markup slipped through, the browser runs no inline
    or foreign script (CSP), and pages cannot be framed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + _SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)
