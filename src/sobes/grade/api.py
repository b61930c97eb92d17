"""Library methods for grading typed answers (the logic lives in the modules beside this)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from sobes.errors import BadInputError, NotFoundError
from sobes.grade import problems
from sobes.grade.eval import EvalReport, evaluate
from sobes.grade.feedback import Feedback
from sobes.grade.grader import EMPTY_NOTE, grade_text
from sobes.grade.keypoints import KeyPoints, load, save_user_points
from sobes.grade.llm import combine, config_from_env
from sobes.grade.related import group_answers, related_cards
from sobes.model import Card, Kind
from sobes.store import cards as store

MAX_POINT_CHARS = 400


class GradeAPI:
    engine: Engine

    def _grade_card(self, card_id: str) -> Card:
        if not isinstance(card_id, str) or not card_id.strip():
            raise BadInputError("give a card id (see `sobes list`)")
        with self.engine.connect() as conn:
            found = store.get_card(conn, card_id.strip())
        if len(found) != 1:
            what = "no card" if not found else "more than one card"
            raise NotFoundError(f"{what} with id '{card_id}'; see `sobes list` for ids")
        return found[0]

    def _keypoints_of(self, card: Card) -> KeyPoints:
        from sobes.embed import get_encoder

        return load(self.engine, card, group_answers(self.engine, card), get_encoder())

    def keypoints(self, card_id: str) -> list[str]:
        """The 3–7 key points a good answer to this card must contain (the user's own when
        edited); empty for a card without a reference answer."""
        card = self._grade_card(card_id)
        if not card.answer:
            return []
        return list(self._keypoints_of(card).points)

    def set_keypoints(self, card_id: str, points: list[str], now: datetime | None = None) -> list[str]:
        """Replace the card's key points with the user's; an empty list restores the derived
        ones. User key points win over derived ones and survive re-imports."""
        card = self._grade_card(card_id)
        clean = [" ".join(str(p).split()) for p in points]
        clean = [p for p in clean if p]
        if any(len(p) > MAX_POINT_CHARS for p in clean):
            raise BadInputError(f"a key point is a short statement: keep each under {MAX_POINT_CHARS} characters")
        if len(clean) > 15:
            raise BadInputError("give at most 15 key points (a good answer has 3–7)")
        save_user_points(self.engine, card.id, clean, now)
        return self.keypoints(card.id)

    def grade(self, card_id: str, answer_text: str) -> Feedback:
        """Grade a typed answer: score 0–100, covered/missed key points, wrong statements,
        related cards; problems are checked exactly and get their worked solution."""
        card = self._grade_card(card_id)
        if not isinstance(answer_text, str):
            raise BadInputError("the answer must be text")
        if not card.answer:
            raise BadInputError(
                f"card {card.id} has no reference answer to grade against; rate yourself in `sobes study` instead"
            )
        if card.kind == Kind.PROBLEM:
            exact = problems.check(card.id, card.answer, answer_text)
            if exact is not None:
                return exact
        kp = self._keypoints_of(card)
        from sobes.embed import get_encoder

        encoder = get_encoder()
        feedback = grade_text(card.id, card.question, kp, answer_text, encoder)
        feedback.related = related_cards(self.engine, card, kp, feedback.missed, encoder)
        config = config_from_env()
        if config is not None and EMPTY_NOTE not in feedback.notes:
            feedback = combine(feedback, kp.points, card.question, answer_text, config)
        return feedback

    def grade_eval(self, path: str | Path) -> EvalReport:
        """Grade a JSON Lines file of labelled answers and measure agreement with the labels
        (Spearman, fluent-but-wrong below partial, excellent above partial)."""
        from sqlalchemy import select

        from sobes.store.schema import cards as cards_table

        with self.engine.connect() as conn:
            ids = [r.id for r in conn.execute(select(cards_table.c.id).where(cards_table.c.retired.is_(False)))]
            cards = [c for cid in ids for c in store.get_card(conn, cid) if c.id == cid]
        return evaluate(Path(path), cards, self._grade_card, lambda cid, text: self.grade(cid, text).score)
