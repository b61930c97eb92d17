"""Mock interviews: a balanced pick of questions, the session with its answers, the report.

The pick respects the level (adjacent levels only when the level runs out, cards of unknown
level last), balances topics and kinds, leaves out cards studied in the last day, and asks
each duplicate group at most once (only canonical cards are candidates). Every answer is
rated (self-rating, or the grade of a typed answer) and that rating goes to FSRS, so weak
answers come due soon.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, or_, select, update

from sobes.errors import BadInputError, NotFoundError, SobesError
from sobes.model import Card, Kind, Level, Topic
from sobes.store.cards import row_to_card
from sobes.store.schema import cards
from sobes.study.reviews import check_rating, record_review
from sobes.study.scheduler import RATING_NAMES
from sobes.study.tables import interview_answers, interviews, iso, parse_iso, review_log

LEVELS = [str(v) for v in Level]
ASKED_KINDS = (str(Kind.QA), str(Kind.QUESTION), str(Kind.PROBLEM))  # a take-home case is not asked live
MINUTES_PER_QUESTION = 4  # "roughly minutes/3-5 questions"
WEAK_GRADE = 60  # a graded answer below this counts as weak

Grader = Callable[[str, str], Any]


@dataclass
class Interview:
    """A mock interview session: the questions in asking order and the answers so far."""

    id: str
    user: str
    level: str
    topics: list[str]
    minutes: int
    started_at: datetime
    cards: list[Card]
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    finished_at: datetime | None = None

    @property
    def ends_at(self) -> datetime:
        return self.started_at + timedelta(minutes=self.minutes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "user": self.user, "level": self.level, "topics": self.topics, "minutes": self.minutes,
            "started_at": iso(self.started_at), "ends_at": iso(self.ends_at),
            "finished_at": iso(self.finished_at) if self.finished_at else None,
            "cards": [c.to_dict() for c in self.cards],
            "answers": [self.answers[c.id] for c in self.cards if c.id in self.answers],
        }


@dataclass
class QuestionResult:
    card_id: str
    question: str
    reference: str | None
    topic: str
    level: str | None
    kind: str
    answered: bool
    seconds: float
    text: str | None
    spoken: bool
    self_rating: int | None
    grade: int | None
    rating: int | None
    rating_name: str | None
    feedback: dict[str, Any] | None

    @property
    def weak(self) -> bool:
        return not self.answered or (self.rating or 0) <= 2 or (self.grade is not None and self.grade < WEAK_GRADE)


@dataclass
class InterviewReport:
    """What the session showed: per question time, reference, rating/grade; topics to review."""

    interview_id: str
    level: str
    topics: list[str]
    minutes: int
    started_at: str
    finished_at: str
    questions: list[QuestionResult]
    topics_to_review: list[str]

    @property
    def answered(self) -> int:
        return sum(q.answered for q in self.questions)

    @property
    def total_seconds(self) -> float:
        return sum(q.seconds for q in self.questions)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["answered"] = self.answered
        d["total_seconds"] = round(self.total_seconds, 1)
        grades = [q.grade for q in self.questions if q.grade is not None]
        d["mean_grade"] = round(sum(grades) / len(grades)) if grades else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> InterviewReport:
        keep = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        keep["questions"] = [QuestionResult(**q) for q in d["questions"]]
        return cls(**keep)


# -- choosing the questions ---------------------------------------------------------
def parse_topics(topics: list[str] | str | None) -> list[str]:
    items = topics.split(",") if isinstance(topics, str) else list(topics or [])
    names = [t.strip().lower() for t in items if t and t.strip()]
    allowed = [str(t) for t in Topic]
    bad = [t for t in names if t not in allowed]
    if bad:
        raise BadInputError(f"unknown topic '{bad[0]}'; use one or more of: {', '.join(allowed)}")
    return list(dict.fromkeys(names)) or allowed


def level_tiers(level: str) -> list[list[str | None]]:
    """The level itself, then its neighbours, then cards whose level is unknown."""
    i = LEVELS.index(level)
    neighbours: list[str | None] = [LEVELS[j] for j in (i - 1, i + 1) if 0 <= j < len(LEVELS)]
    return [[level], neighbours, [None]]


def question_count(minutes: int) -> int:
    return max(1, round(minutes / MINUTES_PER_QUESTION))


def balanced_pick(candidates: list[Card], topics: list[str], level: str, n: int, rng: random.Random) -> list[Card]:
    """Round-robin over topics; inside a topic take the kind asked least so far."""
    chosen: list[Card] = []
    kinds_used: Counter[str] = Counter()
    for tier in level_tiers(level):
        pools: dict[str, dict[str, list[Card]]] = {t: {} for t in topics}
        for card in candidates:
            lvl = str(card.level) if card.level else None
            if lvl in tier and str(card.topic) in pools:
                pools[str(card.topic)].setdefault(str(card.kind), []).append(card)
        for by_kind in pools.values():
            for pool in by_kind.values():
                rng.shuffle(pool)
        while len(chosen) < n and any(any(p) for p in (pools[t].values() for t in topics)):
            for topic in topics:
                if len(chosen) >= n:
                    break
                live = [k for k, pool in pools[topic].items() if pool]
                if not live:
                    continue
                kind = min(live, key=lambda k: (kinds_used[k], k))
                chosen.append(pools[topic][kind].pop())
                kinds_used[kind] += 1
        if len(chosen) >= n:
            break
    return chosen


def recently_studied(conn: Connection, user: str, since: datetime) -> set[str]:
    rows = conn.execute(
        select(review_log.c.card_id, review_log.c.reviewed_card_id).where(
            review_log.c.user == user, review_log.c.reviewed_at >= iso(since), review_log.c.undone.is_(False)
        )
    )
    return {cid for row in rows for cid in row}


def start(
    conn: Connection, user: str, level: str, topics: list[str] | str, minutes: int, now: datetime, seed: int | None
) -> Interview:
    if level not in LEVELS:
        raise BadInputError(f"unknown level '{level}'; use one of: {', '.join(LEVELS)}")
    if not 1 <= int(minutes) <= 240:
        raise BadInputError(f"an interview lasts 1 to 240 minutes, not {minutes}")
    names = parse_topics(topics)
    recent = recently_studied(conn, user, now - timedelta(days=1))
    rows = conn.execute(
        select(cards).where(
            cards.c.retired.is_(False), cards.c.duplicate_of.is_(None), cards.c.topic.in_(names),
            cards.c.kind.in_(ASKED_KINDS), or_(cards.c.level.in_(LEVELS), cards.c.level.is_(None)),
        ).order_by(cards.c.id)
    )
    candidates = [c for c in map(row_to_card, rows) if c.id not in recent]
    rng = random.Random(seed if seed is not None else iso(now) + user)
    chosen = balanced_pick(candidates, names, level, question_count(int(minutes)), rng)
    if not chosen:
        raise BadInputError(
            f"no {level} questions on {', '.join(names)} to ask (cards studied in the last day are left out); "
            "import more questions or choose other --topics"
        )
    session = Interview(uuid.uuid4().hex[:16], user, level, names, int(minutes), now, chosen)
    conn.execute(
        insert(interviews).values(
            id=session.id, user=user, level=level, topics=json.dumps(names), minutes=session.minutes,
            card_ids=json.dumps([c.id for c in chosen]), started_at=iso(now),
        )
    )
    return session


# -- the session ----------------------------------------------------------------------
def load(conn: Connection, interview_id: str) -> Interview:
    row = conn.execute(select(interviews).where(interviews.c.id == interview_id)).first()
    if row is None:
        raise NotFoundError(f"no interview with id '{interview_id}'")
    ids = json.loads(row.card_ids)
    by_id = {r.id: row_to_card(r) for r in conn.execute(select(cards).where(cards.c.id.in_(ids)))}
    answers = {
        a.card_id: _answer_dict(a)
        for a in conn.execute(select(interview_answers).where(interview_answers.c.interview_id == interview_id))
    }
    return Interview(
        row.id, row.user, row.level, json.loads(row.topics), row.minutes, parse_iso(row.started_at),
        [by_id[i] for i in ids if i in by_id], answers, parse_iso(row.finished_at) if row.finished_at else None,
    )


def recent(conn: Connection, user: str, limit: int) -> list[Interview]:
    ids = conn.execute(
        select(interviews.c.id).where(interviews.c.user == user).order_by(interviews.c.started_at.desc()).limit(limit)
    ).scalars()
    return [load(conn, i) for i in list(ids)]


def _answer_dict(row: Any) -> dict[str, Any]:
    return {
        "card_id": row.card_id, "text": row.text, "spoken": bool(row.spoken), "seconds": row.seconds,
        "self_rating": row.self_rating, "grade": row.grade, "rating": row.rating,
        "feedback": json.loads(row.feedback) if row.feedback else None, "answered_at": row.answered_at,
    }


def grade_answer(grader: Grader, card_id: str, text: str | None) -> Any:
    """The grader's feedback on a typed answer, or None when there is nothing to grade (no
    text, or a card the grader refuses, e.g. without a reference): the answer is then self-rated."""
    if not text or not text.strip():
        return None
    try:
        return grader(card_id, text)
    except SobesError:
        return None


def rating_from_grade(score: int) -> int:
    return 1 if score < 40 else 2 if score < WEAK_GRADE else 3 if score < 85 else 4


def record_answer(
    conn: Connection,
    interview_id: str,
    card_id: str,
    text: str | None,
    spoken: bool,
    seconds: float,
    self_rating: int | None,
    now: datetime,
    feedback: Any = None,
) -> dict[str, Any]:
    session = load(conn, interview_id)
    if session.finished_at is not None:
        raise BadInputError(f"interview {interview_id} is finished; start a new one")
    matches = [c for c in session.cards if c.id == card_id] or [c for c in session.cards if c.id.startswith(card_id)]
    if len(matches) != 1:
        raise NotFoundError(f"card '{card_id}' is not a question of interview {interview_id}")
    card = matches[0]
    answered = bool(text and text.strip()) or spoken
    grade = int(feedback.score) if feedback is not None else None
    if self_rating is not None:
        rating: int | None = check_rating(self_rating)
    elif grade is not None:
        rating = rating_from_grade(grade)
    elif not answered:
        rating = 1  # skipped: not known yet, so it should come back soon
    else:
        raise BadInputError("rate the answer 1 (Again) to 4 (Easy): there is no grade for it")
    seconds = max(0.0, float(seconds))
    values: dict[str, Any] = {
        "text": text, "spoken": bool(spoken), "seconds": seconds, "self_rating": self_rating,
        "grade": grade, "rating": rating, "answered_at": iso(now),
        "feedback": json.dumps(feedback.to_dict(), ensure_ascii=False) if feedback is not None else None,
    }
    where = (interview_answers.c.interview_id == interview_id, interview_answers.c.card_id == card.id)
    if card.id in session.answers:  # a corrected answer replaces the first; FSRS saw the first rating
        conn.execute(update(interview_answers).where(*where).values(**values))
    else:
        conn.execute(insert(interview_answers).values(interview_id=interview_id, card_id=card.id, **values))
        assert rating is not None
        record_review(conn, session.user, card, rating, now, duration_s=seconds, answer=text,
                      origin="interview")
    row = conn.execute(select(interview_answers).where(*where)).one()
    return _answer_dict(row)


def finish(conn: Connection, interview_id: str, now: datetime) -> InterviewReport:
    row = conn.execute(select(interviews).where(interviews.c.id == interview_id)).first()
    if row is None:
        raise NotFoundError(f"no interview with id '{interview_id}'")
    if row.report:
        return InterviewReport.from_dict(json.loads(row.report))
    session = load(conn, interview_id)
    results = [_result(card, session.answers.get(card.id)) for card in session.cards]
    weak = Counter(q.topic for q in results if q.weak)
    report = InterviewReport(
        session.id, session.level, session.topics, session.minutes, iso(session.started_at), iso(now), results,
        [t for t, _ in weak.most_common()],
    )
    conn.execute(
        update(interviews).where(interviews.c.id == interview_id).values(
            finished_at=iso(now), report=json.dumps(report.to_dict(), ensure_ascii=False)
        )
    )
    return report


def _result(card: Card, answer: dict[str, Any] | None) -> QuestionResult:
    a = answer or {}
    answered = bool((a.get("text") or "").strip()) or bool(a.get("spoken"))
    return QuestionResult(
        card_id=card.id, question=card.question, reference=card.answer, topic=str(card.topic),
        level=str(card.level) if card.level else None, kind=str(card.kind), answered=answered,
        seconds=float(a.get("seconds") or 0.0), text=a.get("text"), spoken=bool(a.get("spoken")),
        self_rating=a.get("self_rating"), grade=a.get("grade"), rating=a.get("rating"),
        rating_name=RATING_NAMES.get(a.get("rating") or 0), feedback=a.get("feedback"),
    )
