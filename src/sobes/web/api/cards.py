"""JSON API for cards, search and grading (shapes = the CLI's --format json)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import AliasChoices, BaseModel, Field

from sobes.filters import CardFilter
from sobes.web.accounts import User
from sobes.web.api.schemas import CardOut, HitOut
from sobes.web.context import card_filter, config, csrf_header, current_user, lib_of, search_slot

router = APIRouter(prefix="/api", tags=["cards"], dependencies=[Depends(csrf_header)])


@router.get("/cards", summary="List cards (filters, paging); the total is in X-Total-Count",
            response_model=list[CardOut])
def api_cards(
    request: Request,
    response: Response,
    user: Annotated[User, Depends(current_user)],
    filters: Annotated[CardFilter, Depends(card_filter)],
    limit: Annotated[int, Query(ge=1, le=10_000)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    page: Annotated[int | None, Query(ge=1, le=1_000_000, description="Page number (as `sobes list --page`); "
                                      "overrides offset")] = None,
    all_: Annotated[bool, Query(alias="all", description="Include duplicates and retired cards "
                                "(as `sobes list --all`)")] = False,
) -> list[dict[str, Any]]:
    lib = lib_of(request)
    chosen: dict[str, Any] = {**filters.as_kwargs(), "include_retired": all_, "include_duplicates": all_}
    if page is not None:
        offset = (page - 1) * limit
    cards = lib.cards(**chosen, limit=limit, offset=offset)
    response.headers["X-Total-Count"] = str(lib.count(**chosen))
    return [c.to_dict() for c in cards]


@router.get("/cards/{card_id}", summary="One card (an id or a unique prefix)", response_model=CardOut)
def api_card(request: Request, card_id: str, user: Annotated[User, Depends(current_user)]) -> dict[str, Any]:
    return lib_of(request).card(card_id).to_dict()


@router.get("/cards/{card_id}/keypoints", summary="The key points a good answer to this card contains")
def api_keypoints(request: Request, card_id: str, user: Annotated[User, Depends(current_user)]) -> dict[str, Any]:
    lib = lib_of(request)
    card = lib.card(card_id)
    return {"card_id": card.id, "keypoints": lib.keypoints(card.id)}


@router.get("/cards/{card_id}/variants", summary="The other members of the card's duplicate group")
def api_variants(request: Request, card_id: str, user: Annotated[User, Depends(current_user)]) -> list[dict[str, Any]]:
    lib = lib_of(request)
    card = lib.card(card_id)
    return [v.to_dict() for v in lib.variants(card.id)]


@router.get("/stats", summary="Counts by topic, level, language, kind and source")
def api_stats(request: Request, user: Annotated[User, Depends(current_user)]) -> dict[str, Any]:
    return config(request).stats.get(lib_of(request))


@router.get("/search", summary="Search questions and answers (lexical + semantic)", response_model=list[HitOut])
def api_search(
    request: Request,
    user: Annotated[User, Depends(current_user)],
    q: Annotated[str, Query(min_length=1, max_length=500)],
    filters: Annotated[CardFilter, Depends(card_filter)],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[dict[str, Any]]:
    with search_slot:
        hits = lib_of(request).search(q, limit=limit, **filters.as_kwargs())
    return [h.to_dict() for h in hits]


class GradeIn(BaseModel):
    card_id: str = Field(min_length=1, max_length=200)
    answer: str = Field(
        min_length=1, max_length=20_000, validation_alias=AliasChoices("answer", "answer_text"),
        description="The typed answer (also accepted as answer_text, the Python API's name).",
    )


@router.post("/grade", summary="Feedback on a typed answer: score, covered, missed, wrong")
def api_grade(request: Request, body: GradeIn, user: Annotated[User, Depends(current_user)]) -> dict[str, Any]:
    return lib_of(request).grade(body.card_id, body.answer).to_dict()
