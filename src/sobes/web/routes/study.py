"""Study (FSRS, keyboard ratings), answer checking during study, and the progress page."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from sobes.model import Level, Topic
from sobes.study.scheduler import interval_text
from sobes.web import charts
from sobes.web.accounts import User
from sobes.web.context import check_csrf, current_user, lib_of, now, page
from sobes.web.views import try_grade

router = APIRouter(include_in_schema=False)
Filter = Annotated[str | None, Query(max_length=50)]


def study_data(request: Request, user: User, topic: str | None, level: str | None) -> dict[str, Any]:
    lib = lib_of(request)
    at = now(request)
    filters = {"topic": topic or None, "level": level or None}
    cards = lib.due(at, limit=1, user=user.name, **filters)
    card = cards[0] if cards else None
    intervals: dict[int, str] = {}
    if card is not None:
        intervals = {r: interval_text(due - at) for r, due in lib.preview(card.id, at, user=user.name).items()}
    return {
        "card": card,
        "counts": lib.due_counts(at, user=user.name, **filters),
        "intervals": intervals,
        "has_keypoints": bool(card and card.answer),
        "topic": topic or "",
        "level": level or "",
        "topics": [str(t) for t in Topic],
        "levels": [str(v) for v in Level],
        "feedback": None,
        "answer_text": "",
        "revealed": False,
        "last": request.query_params.get("last"),
        "nav": "study",
    }


@router.get("/study", response_class=HTMLResponse)
def study(
    request: Request, user: Annotated[User, Depends(current_user)], topic: Filter = None, level: Filter = None
) -> HTMLResponse:
    return page(request, "study.html", study_data(request, user, topic, level))


@router.post("/study/review")
def study_review(
    request: Request,
    user: Annotated[User, Depends(current_user)],
    card_id: Annotated[str, Form(max_length=200)],
    rating: Annotated[int, Form(ge=1, le=4)],
    duration_s: Annotated[float | None, Form(ge=0, le=86_400)] = None,
    answer: Annotated[str, Form(max_length=20_000)] = "",
    topic: Annotated[str, Form(max_length=50)] = "",
    level: Annotated[str, Form(max_length=50)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> RedirectResponse:
    check_csrf(request, csrf_token)
    schedule = lib_of(request).review(
        card_id, rating, now(request), user=user.name, duration_s=duration_s, answer=answer or None
    )
    query = urlencode({"last": schedule.interval, **{k: v for k, v in (("topic", topic), ("level", level)) if v}})
    return RedirectResponse(f"/study?{query}", status_code=303)


@router.post("/study/check", response_class=HTMLResponse)
def study_check(
    request: Request,
    user: Annotated[User, Depends(current_user)],
    card_id: Annotated[str, Form(max_length=200)],
    answer: Annotated[str, Form(max_length=20_000)] = "",
    topic: Annotated[str, Form(max_length=50)] = "",
    level: Annotated[str, Form(max_length=50)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """Grade the typed answer, then show the reference and the rating buttons."""
    check_csrf(request, csrf_token)
    lib = lib_of(request)
    data = study_data(request, user, topic, level)
    card = lib.card(card_id)
    at = now(request)
    data.update(card=card, revealed=True, answer_text=answer, has_keypoints=bool(card.answer))
    data["intervals"] = {r: interval_text(d - at) for r, d in lib.preview(card.id, at, user=user.name).items()}
    data["feedback"] = try_grade(lib, card, answer)
    return page(request, "study.html", data)


@router.post("/study/undo")
def study_undo(
    request: Request, user: Annotated[User, Depends(current_user)], csrf_token: Annotated[str, Form()] = ""
) -> RedirectResponse:
    check_csrf(request, csrf_token)
    lib_of(request).undo(user=user.name)
    return RedirectResponse("/study", status_code=303)


def progress_data(request: Request, user: User) -> dict[str, Any]:
    progress = lib_of(request).progress(now(request), user=user.name)
    data = progress.to_dict()
    per_day = [charts.Bar(day[5:], n) for day, n in progress.reviews_per_day.items()]
    forecast = [charts.Bar(day[5:], n) for day, n in progress.forecast.items()]
    by_topic: dict[str, list[int]] = {}
    for row in progress.rows:
        seen = by_topic.setdefault(row.topic, [0, 0])
        seen[0] += row.mastered
        seen[1] += row.cards
    mastery = [charts.Bar(topic, m, total) for topic, (m, total) in sorted(by_topic.items(), key=lambda kv: -kv[1][1])]
    data["charts"] = {
        "reviews": charts.column_chart(per_day, "reviews per day", label_every=5),
        "forecast": charts.column_chart(forecast, "due per day", label_every=2),
        "mastery": charts.share_bars(mastery, "mastered per topic"),
    }
    data["nav"] = "progress"
    return data


@router.get("/progress", response_class=HTMLResponse)
def progress_page(request: Request, user: Annotated[User, Depends(current_user)]) -> HTMLResponse:
    return page(request, "progress.html", progress_data(request, user))
