"""The library, search and card pages (and the feedback form on a card)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse

from sobes.filters import CardFilter
from sobes.web.accounts import User
from sobes.web.context import card_filter, check_csrf, config, current_user, lib_of, page, search_slot
from sobes.web.views import keypoints_of, library_data, short, variants_of

router = APIRouter(include_in_schema=False)
SEARCH_LIMIT = 10  # a page of hits, as the API and CLI default; snippets cost ~0.6 ms each


@router.get("/", response_class=HTMLResponse)
def library(
    request: Request,
    user: Annotated[User, Depends(current_user)],
    filters: Annotated[CardFilter, Depends(card_filter)],
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    data = library_data(lib_of(request), config(request).stats, filters, page_no)
    return page(request, "library.html", {**data, "short": short, "nav": "library"})


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    user: Annotated[User, Depends(current_user)],
    filters: Annotated[CardFilter, Depends(card_filter)],
    q: Annotated[str, Query(max_length=500)] = "",
) -> HTMLResponse:
    lib = lib_of(request)
    data: dict[str, Any] = {"q": q, "hits": [], "nav": "search", "filters": filters}
    if q.strip():
        with search_slot:
            data["hits"] = lib.search(q, limit=SEARCH_LIMIT, **filters.as_kwargs())
    return page(request, "search.html", data)


def card_data(request: Request, card_id: str) -> dict[str, Any]:
    lib = lib_of(request)
    card = lib.card(card_id)
    canonical = lib.card(card.duplicate_of) if card.duplicate_of else None
    return {
        "card": card,
        "canonical": canonical,
        "variants": variants_of(lib, card),
        "has_keypoints": bool(card.answer),
        "feedback": None,
        "answer_text": "",
        "nav": "library",
    }


@router.get("/cards/{card_id}", response_class=HTMLResponse)
def card(request: Request, card_id: str, user: Annotated[User, Depends(current_user)]) -> HTMLResponse:
    return page(request, "card.html", card_data(request, card_id))


@router.get("/cards/{card_id}/keypoints", response_class=HTMLResponse)
def card_keypoints(
    request: Request, card_id: str, user: Annotated[User, Depends(current_user)], fragment: bool = False
) -> HTMLResponse:
    """Key points load on demand: deriving them the first time embeds the answer (slow), so
    the card and study pages ask for them only when the reader opens them."""
    lib = lib_of(request)
    card = lib.card(card_id)
    data = {"card": card, "keypoints": keypoints_of(lib, card), "nav": "library"}
    return page(request, "keypoints_fragment.html" if fragment else "keypoints.html", data)


@router.post("/cards/{card_id}/feedback", response_class=HTMLResponse)
def card_feedback(
    request: Request,
    card_id: str,
    user: Annotated[User, Depends(current_user)],
    answer: Annotated[str, Form(max_length=20_000)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> HTMLResponse:
    check_csrf(request, csrf_token)
    data = card_data(request, card_id)
    data["answer_text"] = answer
    if answer.strip():
        data["feedback"] = lib_of(request).grade(data["card"].id, answer)
    return page(request, "card.html", data)
