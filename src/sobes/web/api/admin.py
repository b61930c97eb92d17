"""JSON API for accounts, imports (administrators) and the electrolysis case."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from pydantic import BaseModel, Field

from sobes.errors import BadInputError, SobesError
from sobes.web import accounts
from sobes.web.accounts import User
from sobes.web.context import admin_user, config, csrf_header, current_user, lib_of, now, optional_user, session_of
from sobes.web.routes.account import client_address
from sobes.web.uploads import TooLargeError, import_upload, safe_name

router = APIRouter(prefix="/api", tags=["admin"], dependencies=[Depends(csrf_header)])
CHUNK = 1024 * 1024


@router.get("/session", summary="Who is logged in, and the CSRF token for non-JSON writes")
def api_session(request: Request) -> dict[str, Any]:
    user = optional_user(request)
    return {
        "user": user.name if user else None,
        "is_admin": bool(user and user.is_admin),
        "users": config(request).users,
        "csrf_token": config(request).codec.csrf_token(session_of(request)),
    }


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


@router.post("/signup", summary="Create an account (with --users); the first one is the administrator")
def api_signup(request: Request, body: Credentials) -> dict[str, Any]:
    if not config(request).users:
        raise BadInputError("accounts are off: this server runs without --users")
    user = accounts.create_user(lib_of(request).engine, body.username, body.password, now(request))
    session_of(request).login(user.name)
    return {"user": user.name, "is_admin": user.is_admin}


@router.post("/login", summary="Log in (with --users); sets the session cookie")
def api_login(request: Request, body: Credentials) -> dict[str, Any]:
    if not config(request).users:
        raise BadInputError("accounts are off: this server runs without --users")
    user = accounts.check_login(lib_of(request).engine, body.username, body.password, client_address(request),
                                now(request))
    session_of(request).login(user.name)
    return {"user": user.name, "is_admin": user.is_admin}


@router.post("/logout", summary="Log out")
def api_logout(request: Request) -> dict[str, Any]:
    session_of(request).logout()
    return {"user": None}


@router.post("/import", summary="Import an uploaded question bank (administrators); returns the import report")
async def api_import(
    request: Request,
    file: Annotated[list[UploadFile], File(description="One file, or several parts of one export")],
    user: Annotated[User, Depends(admin_user)],
) -> dict[str, Any]:
    report = await import_upload(lib_of(request), file, config(request).max_upload)
    config(request).stats.clear()
    return report.to_dict()


@router.post("/cases/electrolysis/predict", summary="Alumina predictions for an uploaded 3-minute sensor CSV")
async def api_electrolysis_predict(
    request: Request, file: Annotated[UploadFile, File()], user: Annotated[User, Depends(current_user)]
) -> dict[str, Any]:
    from starlette.concurrency import run_in_threadpool

    limit = config(request).max_upload
    with tempfile.TemporaryDirectory(prefix="sobes-case-") as folder:
        path = Path(folder) / safe_name(file.filename or "series.csv")
        size = 0
        with path.open("wb") as out:
            while chunk := await file.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TooLargeError(f"the series is larger than {limit / 1024 / 1024:g} MB")
                out.write(chunk)
        rows = await run_in_threadpool(_predict, path)
    return {"predictions": rows, "count": len(rows)}


def _predict(path: Path) -> list[dict[str, Any]]:
    from sobes.cases.electrolysis import predict

    try:
        frame = predict(path)
    except SobesError:
        raise
    except Exception as exc:  # noqa: BLE001 - pandas/numpy errors on a bad file are the user's input problem
        raise BadInputError(
            f"cannot read the sensor series ({exc.__class__.__name__}: {str(exc)[:200]}); "
            "upload the 3-minute CSV in the case's format"
        ) from None
    return [
        {"timestamp": str(ts), "prediction": None if value != value else float(value)}
        for ts, value in zip(frame["timestamp"], frame["prediction"], strict=True)
    ]
