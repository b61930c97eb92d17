"""`sobes grade-eval`: how well the grader agrees with labelled answers.

A labelled file is JSON Lines, one answer per line: the card (``card`` = a card id such as
``starter-ml-01``, or ``source`` = the source file name plus ``question_contains`` = a
distinctive piece of its question), ``answer``, ``label`` (0–100, as a strict interviewer
would score it) and ``category`` (excellent / good / partial / fluent_wrong / wrong /
off_topic / keyword_stuffing / question_echo / empty ...)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sobes.errors import BadInputError, NotFoundError
from sobes.model import Card
from sobes.reading import json_objects

_CARD_KEYS = ("card", "card_id", "id")
_SOURCE_KEYS = ("source", "source_name", "file")
_QUESTION_KEYS = ("question_contains", "question", "question_substring")
_ANSWER_KEYS = ("answer", "answer_text", "text")
_LABEL_KEYS = ("label", "score", "grade")


@dataclass
class Row:
    line: int
    ref: str
    answer: str
    label: float
    category: str
    card_id: str | None = None
    score: int | None = None


@dataclass
class EvalReport:
    rows: list[Row]
    unresolved: list[str] = field(default_factory=list)

    def _scored(self) -> list[Row]:
        return [r for r in self.rows if r.score is not None]

    @property
    def spearman(self) -> float | None:
        rows = self._scored()
        if len(rows) < 3:
            return None
        return spearman([r.label for r in rows], [float(r.score or 0) for r in rows])

    def _pairwise(self, low: str, high: str) -> tuple[int, int]:
        """(cards where every ``low`` answer scores below every ``high`` one, cards with both)."""
        by_card: dict[str, dict[str, list[int]]] = {}
        for r in self._scored():
            by_card.setdefault(r.card_id or r.ref, {}).setdefault(r.category, []).append(r.score or 0)
        wins = total = 0
        for cats in by_card.values():
            if cats.get(low) and cats.get(high):
                total += 1
                wins += max(cats[low]) < min(cats[high])
        return wins, total

    def to_dict(self) -> dict[str, Any]:
        fw, fw_n = self._pairwise("fluent_wrong", "partial")
        ex, ex_n = self._pairwise("partial", "excellent")
        by_cat: dict[str, list[int]] = {}
        for r in self._scored():
            by_cat.setdefault(r.category, []).append(r.score or 0)
        rho = self.spearman
        return {
            "answers": len(self._scored()),
            "cards": len({r.card_id for r in self._scored()}),
            "spearman": None if rho is None else round(rho, 3),
            "fluent_wrong_below_partial": {"share": _share(fw, fw_n), "cards": fw_n},
            "excellent_above_partial": {"share": _share(ex, ex_n), "cards": ex_n},
            "mean_score_by_category": {k: round(sum(v) / len(v), 1) for k, v in sorted(by_cat.items())},
            "unresolved": self.unresolved,
            "rows": [
                {"line": r.line, "card": r.card_id, "category": r.category, "label": r.label, "score": r.score}
                for r in self.rows
            ],
        }


def _share(wins: int, total: int) -> float | None:
    return round(wins / total, 3) if total else None


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1  # ties share their mean rank
        i = j + 1
    return ranks


def spearman(x: list[float], y: list[float]) -> float:
    """Spearman's rank correlation (Pearson on ranks, ties averaged)."""
    rx, ry = _ranks(x), _ranks(y)
    n = len(x)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return 0.0 if vx == 0 or vy == 0 else cov / (vx * vy)


def _first(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((data[k] for k in keys if data.get(k) not in (None, "")), None)


def read_rows(path: Path) -> list[tuple[Row, dict[str, Any]]]:
    out = []
    for n, data in json_objects(path, '"answer" and "label"'):
        answer, label = _first(data, _ANSWER_KEYS), _first(data, _LABEL_KEYS)
        if answer is None and "answer" in data:
            answer = ""
        if not isinstance(answer, str) or isinstance(label, bool) or not isinstance(label, int | float):
            raise BadInputError(f'{path.name}:{n}: needs "answer" (text) and "label" (0-100)')
        ref = str(_first(data, _CARD_KEYS) or f"{_first(data, _SOURCE_KEYS)}: {_first(data, _QUESTION_KEYS)}")
        out.append((Row(n, ref, answer, float(label), str(data.get("category") or "unlabelled")), data))
    if not out:
        raise BadInputError(f"{path.name} has no labelled answers")
    return out


def _fold(text: str) -> str:
    """Lower case, single spaces, ё as е, plain quotes: how a hand-typed substring still matches."""
    text = text.lower().replace("ё", "е").replace("’", "'").replace("«", '"').replace("»", '"')
    return " ".join(text.replace("“", '"').replace("”", '"').split())


def _same_source(name: str, given: str) -> bool:
    """A source named as stored, by a path to it, or by a prefix of its name ("004")."""
    given = Path(given.strip()).name
    return bool(given) and (name == given or name.startswith(given) or Path(name).stem == Path(given).stem)


def resolve(data: dict[str, Any], cards: list[Card], by_id: Callable[[str], Card]) -> Card:
    card_id = _first(data, _CARD_KEYS)
    if card_id:
        return by_id(str(card_id))
    source, needle = _first(data, _SOURCE_KEYS), _first(data, _QUESTION_KEYS)
    if not source or not needle:
        raise NotFoundError('no card reference: give "card", or "source" and "question_contains"')
    needle_l = _fold(str(needle))
    found = [c for c in cards if _same_source(c.source.name, str(source)) and needle_l in _fold(c.question)]
    if not found:
        raise NotFoundError(f"no card from {source} whose question contains '{needle}'")
    return sorted(found, key=lambda c: (c.duplicate_of is not None, c.id))[0]


def evaluate(
    path: Path,
    cards: list[Card],
    by_id: Callable[[str], Card],
    grade: Callable[[str, str], int],
) -> EvalReport:
    """Grade every labelled answer; answers whose card is missing are listed, not fatal."""
    report = EvalReport([])
    for row, data in read_rows(path):
        try:
            card = resolve(data, cards, by_id)
        except NotFoundError as exc:
            report.unresolved.append(f"line {row.line}: {exc}")
            report.rows.append(row)
            continue
        row.card_id = card.id
        row.score = grade(card.id, row.answer)
        report.rows.append(row)
    if not report._scored():
        raise BadInputError(
            "none of the labelled answers refer to a card in this library; import the starter bank and the seeds first"
        )
    return report
