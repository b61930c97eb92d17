"""Signed session cookies and CSRF tokens.

The cookie holds a random session id and the logged-in username, signed (itsdangerous)
with the app's secret, so it cannot be forged; it is HttpOnly and SameSite=Lax. Every
form carries a CSRF token: an HMAC of the session id, so a page on another site can
neither read nor guess it. A pure ASGI middleware loads the session before the route and
sets the cookie afterwards only when it changed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sobes.errors import SobesError

COOKIE = "sobes_session"
MAX_AGE = 30 * 24 * 3600


class CsrfError(SobesError):
    """A form or request came without a valid CSRF token."""

    http_status = 403


@dataclass
class Session:
    sid: str
    user: str | None = None
    changed: bool = False

    def login(self, user: str) -> None:
        # A new id on login: a session id planted before login is worthless afterwards.
        self.sid, self.user, self.changed = secrets.token_urlsafe(18), user, True

    def logout(self) -> None:
        self.sid, self.user, self.changed = secrets.token_urlsafe(18), None, True


class SessionCodec:
    def __init__(self, secret: str) -> None:
        self.secret = secret.encode()
        self.serializer = URLSafeTimedSerializer(secret, salt="sobes-session")

    def load(self, value: str | None) -> Session:
        if value:
            try:
                data: Any = self.serializer.loads(value, max_age=MAX_AGE)
                if isinstance(data, dict) and isinstance(data.get("sid"), str):
                    user = data.get("u")
                    return Session(data["sid"], user if isinstance(user, str) else None)
            except BadSignature:
                pass
        return Session(secrets.token_urlsafe(18), None, changed=True)

    def dump(self, session: Session) -> str:
        return self.serializer.dumps({"sid": session.sid, "u": session.user})

    def csrf_token(self, session: Session) -> str:
        return hmac.new(self.secret, b"csrf:" + session.sid.encode(), hashlib.sha256).hexdigest()

    def check_csrf(self, session: Session, token: str | None) -> None:
        if not token or not hmac.compare_digest(token, self.csrf_token(session)):
            raise CsrfError("the form expired or came from another site; reload the page and try again")


class SessionMiddleware:
    """Puts ``request.state.session`` in place and writes the cookie back when it changed."""

    def __init__(self, app: ASGIApp, codec: SessionCodec) -> None:
        self.app = app
        self.codec = codec

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = self.codec.load(_cookie(scope))
        scope.setdefault("state", {})["session"] = session
        secure = scope.get("scheme") == "https"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and session.changed:
                cookie = f"{COOKIE}={self.codec.dump(session)}; Path=/; Max-Age={MAX_AGE}; HttpOnly; SameSite=Lax"
                MutableHeaders(scope=message).append("set-cookie", cookie + ("; Secure" if secure else ""))
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _cookie(scope: Scope) -> str | None:
    """Our cookie's value. Parsed by hand: the standard parser gives up on the whole header
    when another app on localhost set a cookie it dislikes, which would lose the session."""
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, found = part.strip().partition("=")
                if key == COOKIE:
                    return found.strip().strip('"')
    return None
