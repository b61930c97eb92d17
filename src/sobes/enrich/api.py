"""Library methods for understanding cards: analysis after import, duplicate groups,
a person's corrections."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from sobes.embed import get_encoder
from sobes.enrich import records
from sobes.enrich.analysis import AnalysisReport, run
from sobes.errors import BadInputError
from sobes.model import Card, ImportReport
from sobes.store.cards import row_to_card

AnalysisProgress = Callable[[str, int, int], None]


class AnalysisAPI:
    engine: Engine

    if TYPE_CHECKING:

        def card(self, card_id: str) -> Card: ...

    def analyze(self, progress: AnalysisProgress | None = None) -> AnalysisReport:
        """Analyse every card again: topic, level and duplicate groups (a person's links
        are kept and win)."""
        return run(self.engine, get_encoder(), full=True, progress=progress)

    def _analyze_after_import(self, report: ImportReport) -> None:
        """Analyse the new and changed cards of an import (incremental: the analysis state
        knows which cards changed, so the report is not needed)."""
        run(self.engine, get_encoder())

    def link(self, card_id: str, canonical_id: str, now: datetime | None = None) -> Card:
        """Mark ``card_id`` as a variant of ``canonical_id`` (a person's correction: it
        survives re-import and re-analysis). Returns the card as now stored."""
        card, target = self.card(card_id), self.card(canonical_id)
        if card.id == target.id:
            raise BadInputError("a card cannot be a duplicate of itself; name two different cards")
        # A variant's group is its canonical's: link to that, so the canonical stays.
        head = target.duplicate_of or target.id
        if head == card.id:
            # Linking a group's canonical to one of its variants: the variant leads now.
            head = target.id
        with self.engine.begin() as conn:
            records.save_link(conn, card.id, head, _stamp(now))
        run(self.engine, get_encoder(), recheck={card.id, target.id, head})
        return self.card(card.id)

    def unlink(self, card_id: str, now: datetime | None = None) -> Card:
        """Take a card out of its duplicate group for good (a person's correction)."""
        card = self.card(card_id)
        with self.engine.begin() as conn:
            records.save_link(conn, card.id, None, _stamp(now))
        run(self.engine, get_encoder(), recheck={card.id} | ({card.duplicate_of} if card.duplicate_of else set()))
        return self.card(card.id)

    def variants(self, card_id: str) -> list[Card]:
        """The other members of the card's duplicate group, canonical first."""
        card = self.card(card_id)
        head = card.duplicate_of or card.id
        with self.engine.connect() as conn:
            group = [row_to_card(r) for r in records.group_rows(conn, head)]
        group.sort(key=lambda c: c.id != head)
        return [c for c in group if c.id != card.id]


def _stamp(now: datetime | None) -> str:
    # Only a record of when a person made the correction; nothing depends on it.
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
