"""The result of grading one typed answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Feedback:
    """What an interviewer would say about an answer.

    ``score`` is 0–100; ``covered``/``missed`` are the card's key points; ``wrong`` quotes the
    answer's statements that contradict the reference (with the reason); ``related`` are card
    ids worth reviewing next; ``notes`` explain anything unusual (empty answer, stuffing, the
    LLM judge's state); ``solution`` is the worked solution of a problem card.
    """

    card_id: str
    score: int
    covered: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    solution: str | None = None
    method: str = "offline"  # offline | exact | offline+llm

    def to_dict(self) -> dict[str, Any]:
        return {
            "card_id": self.card_id,
            "score": self.score,
            "covered": list(self.covered),
            "missed": list(self.missed),
            "wrong": list(self.wrong),
            "related": list(self.related),
            "notes": list(self.notes),
            "solution": self.solution,
            "method": self.method,
        }
