"""Misconceptions the reference warns about: "it is NOT the probability that H0 is true",
"неправильно казати «параметр лежить у цьому інтервалі з імовірністю 95%»". An answer that
states such a claim without the negation repeats the very mistake the card is about."""

from __future__ import annotations

import re

from sobes.grade.claims import lexicon
from sobes.grade.text import clauses, content_lemmas, tokens

_MARKER = re.compile(
    r"\b(неправильно|неверно|ошибочно|помилково|хибно|wrong to|incorrect|misconception|myth|миф|міф|"
    r"не означа\w*|не значит\w*|не значить|does not mean|doesn't mean|is not|isn't|это не|це не|не є|не является)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[«“\"]([^»”\"]{10,200})[»”\"]")
_MARKER_WORDS = frozenset({"неправильно", "неверно", "ошибочно", "помилково", "хибно", "казати", "говорить", "say"})
MIN_LEMMAS = 3
COVER = 0.75  # share of the warned claim's words the answer clause repeats


def _negated(text: str) -> bool:
    negations = lexicon().negations
    return any(t in negations for t in tokens(text))


def warnings(reference_units: list[str]) -> tuple[list[tuple[str, set[str]]], list[set[str]]]:
    """(the warned claim, its lemmas) for every reference clause that rejects a claim, and
    the lemmas of the reference's other (positive) units."""
    out: list[tuple[str, set[str]]] = []
    positive: list[set[str]] = []
    for unit in reference_units:
        # Only explicit rejections: a bare "features are not needed" is said of a subject
        # the clause may not name, and would catch correct answers about something else.
        if not _MARKER.search(unit):
            positive.append(content_lemmas(unit))
            continue
        quoted = _QUOTED.findall(unit)
        parts = quoted or [p for p in clauses(unit) if _MARKER.search(p)]
        for part in parts:
            lem = content_lemmas(part) - _MARKER_WORDS - lexicon().negations
            if len(lem) >= MIN_LEMMAS:
                out.append((part.strip(), lem))
    return out, positive


def repeated(answer_units: list[str], reference_units: list[str]) -> list[tuple[int, str]]:
    """(answer unit, reason) for answer clauses that assert a claim the reference rejects."""
    warned, positive = warnings(reference_units)
    out: list[tuple[int, str]] = []
    if not warned:
        return out
    for n, unit in enumerate(answer_units):
        if _MARKER.search(unit) or _negated(unit):
            continue  # "it does not mean that ...": the negation may sit in another clause
        whole = content_lemmas(unit)
        # An answer that follows the reference's own definition more closely than the
        # warning ("the probability, assuming H0 is true, of data this extreme") is not it.
        agrees = max((len(whole & p) for p in positive), default=0)
        for part in clauses(unit) + ([unit] if len(clauses(unit)) > 1 else []):
            lem = content_lemmas(part)
            hit = next(
                (text for text, w in warned if len(w & lem) >= COVER * len(w) and agrees < len(w & whole) + 2), None
            )
            if hit is not None:
                out.append((n, f"states what the reference calls a mistake: “{hit[:120]}”"))
                break
    return out
