"""JSON API for studying: due cards, ratings, undo, progress, settings, mock interviews.

Everything here is the logged-in user's own state; another user's interview is "not found".
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from sobes.web import accounts
from sobes.web.accounts import User
from sobes.web.context import csrf_header, current_user, lib_of, now, ui_lang
from sobes.web.routes.interview import owned_interview

router = APIRouter(prefix="/api", tags=["study"], dependencies=[Depends(csrf_header)])
Filter = Annotated[str | None, Query(max_length=50)]
CurrentUser = Annotated[User, Depends(current_user)]


@router.get("/study/due", summary="What to study next, and how much is waiting")
def api_due(
    request: Request,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    topic: Filter = None,
    level: Filter = None,
    lang: Filter = None,
    kind: Filter = None,
    source: Filter = None,
    tag: Filter = None,
) -> dict[str, Any]:
    lib = lib_of(request)
    given = {"topic": topic, "level": level, "lang": lang, "kind": kind, "source": source, "tag": tag}
    filters = {k: v for k, v in given.items() if v}
    at = now(request)
    cards = lib.due(at, limit=limit, user=user.name, **filters)
    return {"counts": lib.due_counts(at, user=user.name, **filters).to_dict(), "cards": [c.to_dict() for c in cards]}


class ReviewIn(BaseModel):
    card_id: str = Field(min_length=1, max_length=200)
    rating: int = Field(ge=1, le=4, description="1 Again, 2 Hard, 3 Good, 4 Easy")
    duration_s: float | None = Field(default=None, ge=0, le=86_400)
    answer: str | None = Field(default=None, max_length=20_000)


@router.post("/study/review", summary="Rate a card; returns when it comes back")
def api_review(request: Request, body: ReviewIn, user: CurrentUser) -> dict[str, Any]:
    schedule = lib_of(request).review(
        body.card_id, body.rating, now(request), user=user.name, duration_s=body.duration_s, answer=body.answer
    )
    return schedule.to_dict()


@router.post("/study/undo", summary="Undo the latest rating (null when there is nothing to undo)")
def api_undo(request: Request, user: CurrentUser) -> dict[str, Any] | None:
    schedule = lib_of(request).undo(user=user.name)
    return schedule.to_dict() if schedule else None


@router.get("/progress", summary="Progress by topic and level, reviews per day, streak, forecast")
def api_progress(request: Request, user: CurrentUser) -> dict[str, Any]:
    return lib_of(request).progress(now(request), user=user.name).to_dict()


class SettingsIn(BaseModel):
    retention: float | None = Field(default=None, ge=0, le=1)
    new_per_day: int | None = Field(default=None, ge=0, le=10_000)
    ui_lang: str | None = Field(default=None, max_length=5)


def _settings(request: Request, user: User) -> dict[str, Any]:
    return {**lib_of(request).study_settings(user.name).to_dict(), "ui_lang": ui_lang(request)}


@router.get("/settings", summary="Study settings and the interface language")
def api_settings(request: Request, user: CurrentUser) -> dict[str, Any]:
    return _settings(request, user)


@router.post("/settings", summary="Change study settings and/or the interface language")
def api_settings_update(request: Request, body: SettingsIn, user: CurrentUser) -> dict[str, Any]:
    lib = lib_of(request)
    if body.ui_lang is not None:
        accounts.set_interface_lang(lib.engine, user.name, body.ui_lang, now(request))
        request.state.lang = body.ui_lang
    if body.retention is not None or body.new_per_day is not None:
        lib.update_study_settings(user.name, retention=body.retention, new_per_day=body.new_per_day, now=now(request))
    return _settings(request, user)


class InterviewIn(BaseModel):
    level: str = Field(default="middle", max_length=20)
    topics: list[str] = Field(default_factory=list, max_length=20)
    minutes: int = Field(default=20, ge=1, le=240)


@router.post("/interview", summary="Start a mock interview")
def api_interview_start(request: Request, body: InterviewIn, user: CurrentUser) -> dict[str, Any]:
    session = lib_of(request).start_interview(body.level, body.topics, body.minutes, now(request), user=user.name)
    return session.to_dict()


@router.get("/interview/{interview_id}", summary="An interview session with its answers so far")
def api_interview(request: Request, interview_id: str, user: CurrentUser) -> dict[str, Any]:
    return owned_interview(lib_of(request), interview_id, user).to_dict()


class AnswerIn(BaseModel):
    card_id: str = Field(min_length=1, max_length=200)
    text: str | None = Field(default=None, max_length=20_000)
    spoken: bool = False
    seconds: float = Field(default=0.0, ge=0, le=86_400)
    self_rating: int | None = Field(default=None, ge=1, le=4)


@router.post("/interview/{interview_id}/answer", summary="Save one answer of an interview")
def api_interview_answer(request: Request, interview_id: str, body: AnswerIn, user: CurrentUser) -> dict[str, Any]:
    lib = lib_of(request)
    owned_interview(lib, interview_id, user)
    return lib.record_interview_answer(
        interview_id, body.card_id, body.text, body.spoken, body.seconds, body.self_rating, now(request)
    )


@router.post("/interview/{interview_id}/finish", summary="Finish an interview; returns its report")
def api_interview_finish(request: Request, interview_id: str, user: CurrentUser) -> dict[str, Any]:
    lib = lib_of(request)
    owned_interview(lib, interview_id, user)
    return lib.finish_interview(interview_id, now(request)).to_dict()
