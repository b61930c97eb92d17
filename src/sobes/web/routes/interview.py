"""Mock interview pages: choose, answer question by question against a timer, the report."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sobes.errors import NotFoundError
from sobes.library import Library
from sobes.model import Level, Topic
from sobes.study.interview import Interview
from sobes.web.accounts import User
from sobes.web.context import check_csrf, current_user, lib_of, now, page

router = APIRouter(include_in_schema=False)


def owned_interview(lib: Library, interview_id: str, user: User) -> Interview:
    """The interview, if it is this user's (someone else's is 'not found', not 'forbidden')."""
    session = lib.interview(interview_id)
    if session.user != user.name:
        raise NotFoundError(f"no interview with id '{interview_id}'")
    return session


@router.get("/interview", response_class=HTMLResponse)
def interview_start_page(request: Request, user: Annotated[User, Depends(current_user)]) -> HTMLResponse:
    data: dict[str, Any] = {
        "levels": [str(v) for v in Level],
        "topics": [str(t) for t in Topic],
        "recent": lib_of(request).interviews(user=user.name, limit=10),
        "nav": "interview",
    }
    return page(request, "interview_start.html", data)


@router.post("/interview")
def interview_start(
    request: Request,
    user: Annotated[User, Depends(current_user)],
    level: Annotated[str, Form(max_length=20)] = "middle",
    topics: Annotated[list[str] | None, Form()] = None,
    minutes: Annotated[int, Form(ge=1, le=240)] = 20,
    csrf_token: Annotated[str, Form()] = "",
) -> RedirectResponse:
    check_csrf(request, csrf_token)
    session = lib_of(request).start_interview(level, topics or [], minutes, now(request), user=user.name)
    return RedirectResponse(f"/interview/{session.id}", status_code=303)


@router.get("/interview/{interview_id}", response_class=HTMLResponse)
def interview_question(
    request: Request, interview_id: str, user: Annotated[User, Depends(current_user)]
) -> Response:
    session = owned_interview(lib_of(request), interview_id, user)
    if session.finished_at is not None:
        return RedirectResponse(f"/interview/{session.id}/report", status_code=303)
    pending = [c for c in session.cards if c.id not in session.answers]
    data: dict[str, Any] = {
        "session": session,
        "card": pending[0] if pending else None,
        "number": len(session.cards) - len(pending) + 1,
        "total": len(session.cards),
        "seconds_left": max(0, int((session.ends_at - now(request)).total_seconds())),
        "nav": "interview",
    }
    return page(request, "interview.html", data)


@router.post("/interview/{interview_id}/answer")
def interview_answer(
    request: Request,
    interview_id: str,
    user: Annotated[User, Depends(current_user)],
    card_id: Annotated[str, Form(max_length=200)],
    text: Annotated[str, Form(max_length=20_000)] = "",
    self_rating: Annotated[int | None, Form(ge=1, le=4)] = None,
    seconds: Annotated[float, Form(ge=0, le=86_400)] = 0.0,
    spoken: Annotated[bool, Form()] = False,
    skip: Annotated[bool, Form()] = False,
    csrf_token: Annotated[str, Form()] = "",
) -> RedirectResponse:
    check_csrf(request, csrf_token)
    lib = lib_of(request)
    owned_interview(lib, interview_id, user)
    if skip:  # not answered: it counts as "Again" and comes back soon
        text, self_rating, spoken = "", None, False
    lib.record_interview_answer(interview_id, card_id, text or None, spoken, seconds, self_rating, now(request))
    return RedirectResponse(f"/interview/{interview_id}", status_code=303)


@router.post("/interview/{interview_id}/finish")
def interview_finish(
    request: Request,
    interview_id: str,
    user: Annotated[User, Depends(current_user)],
    csrf_token: Annotated[str, Form()] = "",
) -> RedirectResponse:
    check_csrf(request, csrf_token)
    lib = lib_of(request)
    owned_interview(lib, interview_id, user)
    lib.finish_interview(interview_id, now(request))
    return RedirectResponse(f"/interview/{interview_id}/report", status_code=303)


@router.get("/interview/{interview_id}/report", response_class=HTMLResponse)
def interview_report(
    request: Request, interview_id: str, user: Annotated[User, Depends(current_user)]
) -> Response:
    lib = lib_of(request)
    if owned_interview(lib, interview_id, user).finished_at is None:
        return RedirectResponse(f"/interview/{interview_id}", status_code=303)
    report = lib.finish_interview(interview_id, now(request))  # finished: the stored report
    return page(request, "interview_report.html", {"report": report, "data": report.to_dict(), "nav": "interview"})
