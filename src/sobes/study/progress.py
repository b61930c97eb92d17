"""Progress: per topic and level what was seen, mastered and is due, the weakest cards,
reviews per day, the streak, and the load forecast for the next 14 days.

"Mastered" means the predicted recall probability (FSRS retrievability) is at least 0.9.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, func, select

from sobes.errors import BadInputError
from sobes.store.schema import cards
from sobes.study.reviews import load_settings
from sobes.study.scheduler import REVIEW_STATE, recall_curve
from sobes.study.tables import iso, parse_iso, review_log, study_state

MASTERED = 0.9
FORECAST_DAYS = 14
HISTORY_DAYS = 30
WEAKEST = 10
WEAKEST_PER_ROW = 3


@dataclass
class TopicLevel:
    topic: str
    level: str | None
    cards: int = 0
    seen: int = 0
    mastered: int = 0
    due: int = 0
    weakest: list[str] = field(default_factory=list)  # card ids, weakest first

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "level": self.level, "cards": self.cards, "seen": self.seen,
                "mastered": self.mastered, "due": self.due, "weakest": self.weakest}


@dataclass
class Progress:
    now: datetime
    rows: list[TopicLevel]
    weakest: list[dict[str, Any]]
    reviews_per_day: dict[str, int]  # last 30 days, oldest first, every day present
    streak: int
    forecast: dict[str, int]  # next 14 days from today; today includes what is overdue
    total_reviews: int
    totals: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "now": iso(self.now), "totals": self.totals, "by_topic_level": [r.to_dict() for r in self.rows],
            "weakest": self.weakest, "reviews_per_day": self.reviews_per_day, "streak": self.streak,
            "forecast": self.forecast, "total_reviews": self.total_reviews,
        }


def compute(conn: Connection, user: str, now: datetime) -> Progress:
    recall_of = recall_curve(load_settings(conn, user))
    live = and_(cards.c.retired.is_(False), cards.c.duplicate_of.is_(None))
    rows: dict[tuple[str, str | None], TopicLevel] = {}
    for topic, level, n in conn.execute(
        select(cards.c.topic, cards.c.level, func.count()).where(live).group_by(cards.c.topic, cards.c.level)
    ):
        rows[(topic, level)] = TopicLevel(topic, level, cards=n)
    q = (
        select(study_state.c.card_id, study_state.c.state, study_state.c.stability, study_state.c.due,
               study_state.c.last_review, study_state.c.lapses, cards.c.topic, cards.c.level)
        .join(cards, cards.c.id == study_state.c.card_id)
        .where(study_state.c.user == user, live)
    )
    now_iso, today = iso(now), now.date().isoformat()
    forecast = _days(now.date(), FORECAST_DAYS)
    scored: list[tuple[float, str, str, str | None, float, int]] = []
    for r in conn.execute(q):
        row = rows.setdefault((r.topic, r.level), TopicLevel(r.topic, r.level))
        row.seen += 1
        recall = 0.0
        if r.stability and r.last_review:
            recall = recall_of((now - parse_iso(r.last_review)).days, r.stability)
        # FSRS predicts recall per whole day, so a card failed minutes ago still scores 1.0:
        # only cards in the review state count as mastered, and learning ones rank weakest.
        settled = r.state == REVIEW_STATE
        row.mastered += settled and recall >= MASTERED
        row.due += r.due <= now_iso
        day = max(r.due[:10], today)
        if day in forecast:
            forecast[day] += 1
        weakness = recall if settled else -1.0 - r.lapses
        scored.append((weakness, r.card_id, r.topic, r.level, recall, r.lapses))
    scored.sort()
    for _w, card_id, topic, level, _r, _l in scored:
        tl = rows[(topic, level)]
        if len(tl.weakest) < WEAKEST_PER_ROW:
            tl.weakest.append(card_id)
    weakest = _weakest(conn, scored[:WEAKEST])
    days = _review_days(conn, user)
    history = _days(now.date() - timedelta(days=HISTORY_DAYS - 1), HISTORY_DAYS)
    for day, n in days.items():
        if day in history:
            history[day] = n
    ordered = sorted(rows.values(), key=lambda t: (t.topic, t.level or "~"))
    totals = {k: sum(getattr(t, k) for t in ordered) for k in ("cards", "seen", "mastered", "due")}
    return Progress(now, ordered, weakest, history, _streak(days, now.date()), forecast,
                    sum(days.values()), totals)


def _weakest(conn: Connection, scored: list[tuple[float, str, str, str | None, float, int]]) -> list[dict[str, Any]]:
    ids = [s[1] for s in scored]
    questions = dict(conn.execute(select(cards.c.id, cards.c.question).where(cards.c.id.in_(ids))).all())
    return [
        {"card_id": cid, "question": questions.get(cid, ""), "topic": topic, "level": level,
         "retrievability": round(recall, 3), "lapses": lapses}
        for _, cid, topic, level, recall, lapses in scored
    ]


def _days(first: date, n: int) -> dict[str, int]:
    return {(first + timedelta(days=i)).isoformat(): 0 for i in range(n)}


def _review_days(conn: Connection, user: str) -> Counter[str]:
    day = func.substr(review_log.c.reviewed_at, 1, 10)
    q = select(day, func.count()).where(review_log.c.user == user, review_log.c.undone.is_(False)).group_by(day)
    return Counter({d: n for d, n in conn.execute(q)})


def _streak(days: Counter[str], today: date) -> int:
    """Consecutive days with reviews, up to today (or up to yesterday when today is still empty)."""
    day = today if days.get(today.isoformat()) else today - timedelta(days=1)
    streak = 0
    while days.get(day.isoformat()):
        streak += 1
        day -= timedelta(days=1)
    return streak


def plot(progress: Progress, path: Path) -> None:
    """Write three charts to one PNG: reviews per day, the 14-day forecast, mastery by topic."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(3, 1, figsize=(9, 10), constrained_layout=True)
    hist_days = list(progress.reviews_per_day)
    axes[0].bar([d[5:] for d in hist_days], list(progress.reviews_per_day.values()), color="#4c72b0")
    axes[0].set_title(f"Reviews per day (streak: {progress.streak} days)")
    axes[0].tick_params(axis="x", labelrotation=90, labelsize=7)
    axes[1].bar([d[5:] for d in progress.forecast], list(progress.forecast.values()), color="#dd8452")
    axes[1].set_title("Cards due in the next 14 days (today includes overdue)")
    by_topic: dict[str, list[int]] = {}
    for r in progress.rows:
        t = by_topic.setdefault(r.topic, [0, 0, 0])
        t[0] += r.cards
        t[1] += r.seen
        t[2] += r.mastered
    names = list(by_topic)
    for i, (label, color) in enumerate((("cards", "#cccccc"), ("seen", "#8fbbd9"), ("mastered", "#55a868"))):
        axes[2].bar([x + (i - 1) * 0.27 for x in range(len(names))], [by_topic[n][i] for n in names], 0.27,
                    label=label, color=color)
    axes[2].set_xticks(range(len(names)), names)
    axes[2].set_title("Cards, seen and mastered by topic")
    axes[2].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    from matplotlib.ticker import MaxNLocator

    for ax in axes:
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=90, format="png")
    except OSError as exc:
        raise BadInputError(f"cannot write the charts to {path}: {exc.strerror or exc}") from None
    finally:
        plt.close(fig)
