"""A search result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sobes.model import Card


@dataclass
class Hit:
    """One result: the card (the canonical of its duplicate group), how well it matched, a
    snippet (HTML-escaped text where only the matched words are wrapped in ``<mark>``), and
    the group's other variants."""

    card: Card
    score: float
    snippet: str
    also_in: list[dict[str, Any]] = field(default_factory=list)
    # The two halves of the snippet, for pages that show the question as a title: the marked
    # question, and the marked answer passage ("" when the question matched everything).
    title: str = ""
    passage: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"card": self.card.to_dict(), "score": round(self.score, 4), "snippet": self.snippet,
                "also_in": self.also_in}
