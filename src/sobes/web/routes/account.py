"""Sign-up, login, logout (with --users) and the settings page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sobes.errors import SobesError
from sobes.web import accounts
from sobes.web.accounts import LANGS, User
from sobes.web.context import check_csrf, config, current_user, lib_of, now, page, session_of, ui_lang

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only local paths: a login link must not bounce the user to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next_: Annotated[str, Query(alias="next", max_length=500)] = "/") -> Response:
    if not config(request).users:
        return RedirectResponse("/", status_code=303)
    return page(request, "login.html", {"mode": "login", "next": safe_next(next_), "error": None, "username": ""})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    next_: Annotated[str, Form(alias="next", max_length=500)] = "/",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    if not config(request).users:
        return RedirectResponse("/", status_code=303)
    try:
        user = accounts.check_login(lib_of(request).engine, username, password, client_address(request), now(request))
    except SobesError as exc:
        data = {"mode": "login", "next": safe_next(next_), "error": str(exc), "username": username}
        return page(request, "login.html", data, status_code=exc.http_status)
    session_of(request).login(user.name)
    return RedirectResponse(safe_next(next_), status_code=303)


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request) -> Response:
    if not config(request).users:
        return RedirectResponse("/", status_code=303)
    return page(request, "login.html", {"mode": "signup", "next": "/", "error": None, "username": ""})


@router.post("/signup", response_class=HTMLResponse)
def signup(
    request: Request,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    if not config(request).users:
        return RedirectResponse("/", status_code=303)
    try:
        user = accounts.create_user(lib_of(request).engine, username, password, now(request))
    except SobesError as exc:
        data = {"mode": "signup", "next": "/", "error": str(exc), "username": username}
        return page(request, "login.html", data, status_code=exc.http_status)
    session_of(request).login(user.name)
    return RedirectResponse("/", status_code=303)


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> RedirectResponse:
    check_csrf(request, csrf_token)
    session_of(request).logout()
    return RedirectResponse("/login" if config(request).users else "/", status_code=303)


def settings_data(request: Request, user: User, saved: bool = False, error: str | None = None) -> dict[str, Any]:
    return {
        "study": lib_of(request).study_settings(user.name),
        "ui_lang": ui_lang(request),
        "langs": LANGS,
        "saved": saved,
        "error": error,
        "nav": "settings",
    }


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, user: Annotated[User, Depends(current_user)]) -> HTMLResponse:
    return page(request, "settings.html", settings_data(request, user, saved=request.query_params.get("saved") == "1"))


@router.post("/settings", response_class=HTMLResponse)
def settings_save(
    request: Request,
    user: Annotated[User, Depends(current_user)],
    retention: Annotated[float, Form(ge=0, le=1)],
    new_per_day: Annotated[int, Form(ge=0, le=10_000)],
    ui_lang_: Annotated[str, Form(alias="ui_lang", max_length=5)] = "en",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    lib = lib_of(request)
    try:
        lib.update_study_settings(user.name, retention=retention, new_per_day=new_per_day, now=now(request))
        accounts.set_interface_lang(lib.engine, user.name, ui_lang_, now(request))
    except SobesError as exc:
        return page(request, "settings.html", settings_data(request, user, error=str(exc)), status_code=exc.http_status)
    return RedirectResponse("/settings?saved=1", status_code=303)

