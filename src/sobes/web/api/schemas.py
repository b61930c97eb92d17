"""Response shapes for the OpenAPI schema: the card and search hit JSON of DESIGN.md.

Fields not listed here still pass through (``extra="allow"``), so the API returns exactly
``Card.to_dict()`` / ``Hit.to_dict()``; these models only document and check the shape.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class SourceOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    format: str
    line: int | None = None
    message_id: int | None = None


class CardOut(BaseModel):
    """A card, as `sobes show ID --format json` prints it."""

    model_config = ConfigDict(extra="allow")

    id: str
    question: str
    answer: str | None
    kind: str
    lang: str
    topic: str
    topics: list[str]
    level: str | None
    section: str | None
    tags: list[str]
    reactions: dict[str, int]
    duplicate_of: str | None
    source: SourceOut
    created_at: str
    updated_at: str


class HitOut(BaseModel):
    """A search hit, as `sobes search QUERY --format json` prints it."""

    model_config = ConfigDict(extra="allow")

    card: CardOut
    score: float
    snippet: str
    also_in: list[dict[str, str | None]]
