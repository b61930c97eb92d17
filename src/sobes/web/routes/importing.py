"""The import page: upload a question bank, see the import report (administrators only
when accounts are on)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from sobes.errors import SobesError
from sobes.web.accounts import User
from sobes.web.context import check_csrf, config, current_user, lib_of, page
from sobes.web.uploads import import_upload

router = APIRouter(include_in_schema=False)


def _form_data(request: Request, user: User) -> dict[str, object]:
    return {"max_mb": round(config(request).max_upload / 1024 / 1024), "allowed": user.is_admin, "nav": "import",
            "report": None, "error": None}


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, user: Annotated[User, Depends(current_user)]) -> HTMLResponse:
    return page(request, "import.html", _form_data(request, user))


@router.post("/import", response_class=HTMLResponse)
async def import_post(
    request: Request,
    user: Annotated[User, Depends(current_user)],
    file: Annotated[list[UploadFile], File(description="One file, or several parts of one export")],
    csrf_token: Annotated[str, Form()] = "",
) -> HTMLResponse:
    check_csrf(request, csrf_token)
    data = _form_data(request, user)
    if not user.is_admin:
        return page(request, "import.html", data, status_code=403)
    try:
        report = await import_upload(lib_of(request), file, config(request).max_upload)
    except SobesError as exc:
        data["error"] = str(exc)
        return page(request, "import.html", data, status_code=exc.http_status)
    config(request).stats.clear()
    data["report"] = report
    return page(request, "import.html", data)
