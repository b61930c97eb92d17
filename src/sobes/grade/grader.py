"""The offline grader: key-point coverage (multilingual embeddings + lemmas) times penalties
for contradictions, keyword stuffing and repeating the question.

Why this shape: an interviewer checks whether each key idea is present and whether anything
said is wrong. Coverage takes, for every key point, its best-matching answer sentence, so
length cannot add coverage; a sentence that contradicts the reference covers nothing and
costs a large share of the score, so a fluent answer that uses the right words to say wrong
things ends below a short correct one."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np

from sobes.embed.encoder import Encoder
from sobes.grade import contrast, misconceptions
from sobes.grade.claims import Claim, claim, claims_of, find_wrong
from sobes.grade.feedback import Feedback
from sobes.grade.keypoints import KeyPoints
from sobes.grade.swaps import Profiles, find_swaps, profiles
from sobes.grade.text import clean_answer, content_lemmas, looks_like_keyword_list, tokens, units


@dataclass(frozen=True)
class Tuning:
    """Calibration of the E5 cosine band (related texts sit at 0.8–0.95, so raw cosines mean
    little) and the weights of the penalties; fitted on devsets/grade_answers.jsonl."""

    lo: float = 0.88
    hi: float = 0.96
    cross_lang: float = 0.05  # E5: EN↔RU translations sit ~0.05 below same-language paraphrases
    ru_uk: float = 0.015
    lex_weight: float = 0.8
    cover_at: float = 0.3  # only what is listed as covered; the score uses the coverage itself
    wrong_power: float = 1.0
    wrong_cap: float = 0.3
    stuffing_factor: float = 0.4
    echo_factor: float = 0.15
    align_cos: float = 0.87
    curve: float = 0.6  # monotone: spreads scores over 0-100 without changing their order
    # Monotone map from the raw grade to the scale a strict interviewer uses (dev-set means:
    # partial ~40, good ~70, excellent ~90); it changes no ranking, only what the number says
    # (the study flow turns it into an FSRS rating: <40 Again, <60 Hard, <85 Good, else Easy).
    scale_from: tuple[float, ...] = (0.0, 35.0, 50.0, 65.0, 100.0)
    scale_to: tuple[float, ...] = (0.0, 40.0, 70.0, 90.0, 100.0)
    max_units: int = 40


TUNING = Tuning()
EMPTY_NOTE = "the answer is empty"


def text_lang(text: str) -> str:
    """en / uk / ru by script: enough to know when E5 compares across languages."""
    latin = sum("a" <= ch <= "z" for ch in text.lower())
    cyr = sum("а" <= ch <= "я" or ch in "ёіїєґ" for ch in text.lower())
    if latin >= cyr:
        return "en"
    return "uk" if sum(ch in "іїєґ" for ch in text.lower()) >= max(1, cyr // 60) else "ru"


def _offset(a: str, b: str, t: Tuning) -> float:
    if a == b:
        return 0.0
    return t.ru_uk if {a, b} == {"ru", "uk"} else t.cross_lang


def _lexical(points: list[str], answer_units: list[str], question: str) -> np.ndarray:
    """Share of each key point's own words (not the question's) found in each answer unit."""
    q = content_lemmas(question)
    plem = [content_lemmas(p) - q for p in points]
    alem = [content_lemmas(a) for a in answer_units]
    out = np.zeros((len(points), len(answer_units)), dtype=np.float32)
    for i, p in enumerate(plem):
        if len(p) < 2:
            continue
        for j, a in enumerate(alem):
            out[i, j] = len(p & a) / len(p)
    return out


def _echoes_question(text: str, question: str) -> bool:
    a, q = content_lemmas(text), content_lemmas(question)
    return len(a) >= 5 and len(a - q) <= max(1, len(a) // 5)


@dataclass
class Analysis:
    """Everything about one answer that does not depend on the score's calibration."""

    text: str
    notes: list[str]
    units: list[str]
    cos_points: np.ndarray  # key points × answer units, raw cosines shifted for language
    lex: np.ndarray
    wrong: list[str]
    bad_units: set[int]
    echo: bool
    keywords: bool
    agreed: int = 0  # answer claims the reference supports
    empty_units: set[int] = field(default_factory=set)  # say nothing beyond the question's words


T = TypeVar("T")


class _Memo(Generic[T]):
    """A small least-recently-used memo, safe to share between the web app's grading threads."""

    def __init__(self, size: int = 256) -> None:
        self._items: OrderedDict[str, T] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get(self, key: str) -> T | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: str, value: T) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)


_REFERENCE_CACHE: _Memo[tuple[list[Claim], list[int], Profiles]] = _Memo()


def _reference_claims(question: str, kp: KeyPoints) -> tuple[list[Claim], list[int], Profiles]:
    """The reference's claims (with the row of the sentence each came from) and the entity
    profiles, memoised per version of the reference: grading the same card again is cheap."""
    key = f"{kp.key}|{question}"
    cached = _REFERENCE_CACHE.get(key) if kp.key else None
    if cached is not None:
        return cached
    ref_claims: list[Claim] = []
    ref_owner: list[int] = []
    # Derived key points repeat reference sentences without their subjects: only the user's
    # own key points add claims.
    blocks = [(0, kp.units, kp.unit_lines)] + ([(len(kp.units), kp.points, None)] if kp.edited else [])
    for start, block, groups in blocks:
        for j, c in claims_of(block, whole=True, groups=groups):
            ref_claims.append(c)
            ref_owner.append(start + j)
    ref_claims.append(claim(question))  # whole: a question naming both sides vouches for neither
    ref_owner.append(len(kp.units) + len(kp.points))
    result = (ref_claims, ref_owner, profiles(question, ref_claims[-1], claims_of(kp.units)))
    if kp.key:
        _REFERENCE_CACHE.put(key, result)
    return result


_CONTRAST_CACHE: _Memo[list[contrast.Profile]] = _Memo()


def _contrast_profiles(question: str, kp: KeyPoints, encoder: Encoder | None) -> list[contrast.Profile]:
    """What the reference says about each side the question contrasts, memoised like the
    reference claims (the vectors are the costly part)."""
    key = f"{kp.key}|{question}|{encoder.name if encoder is not None else ''}"
    cached = _CONTRAST_CACHE.get(key) if kp.key else None
    if cached is not None:
        return cached
    found = contrast.profiles(question, kp.units, encoder, kp.contrast)
    if kp.key:
        _CONTRAST_CACHE.put(key, found)
    return found


def _contradictions(
    question: str,
    kp: KeyPoints,
    ans_units: list[str],
    cos_units: np.ndarray,
    cos_points: np.ndarray,
    t: Tuning,
    encoder: Encoder | None = None,
    masked: dict[str, np.ndarray] | None = None,
) -> tuple[list[str], set[int], int]:
    """Wrong statements (quoted, with the reason), the answer units holding them, and how many
    answer claims the reference supports. Claims are compared clause by clause with the
    reference sentences (their subjects carried along a list item), the user's own key points,
    and the question, whose "why does dropout reduce overfitting?" presupposes a fact."""
    ans_claims: list[Claim] = []
    owner: list[int] = []
    for i, c in claims_of(ans_units, groups=list(range(len(ans_units)))):
        ans_claims.append(c)
        owner.append(i)
    ref_claims, ref_owner, prof = _reference_claims(question, kp)
    cos_ref = np.vstack([cos_units, cos_points, np.zeros((1, len(ans_units)), dtype=np.float32)])
    aligned = {
        (a, r)
        for a in range(len(ans_claims))
        for r in range(len(ref_claims))
        if cos_ref[ref_owner[r], owner[a]] >= t.align_cos
    }
    wrong_hits, agreed = find_wrong(ans_claims, ref_claims, aligned, {len(ref_claims) - 1})
    flagged = {a for a, _ in wrong_hits}
    for a, reason in find_swaps(list(zip(owner, ans_claims, strict=True)), prof):
        if a not in flagged:
            wrong_hits.append((a, reason))
    wrong = []
    for a, reason in wrong_hits:
        quote = ans_claims[a].text if len(ans_claims[a].text) > 25 else ans_units[owner[a]]
        wrong.append(f"“{quote.strip()[:200]}” {reason}")
    bad = {owner[a] for a, _ in wrong_hits}
    # Swapped definitions of the two things the question contrasts, judged by meaning.
    profs = _contrast_profiles(question, kp, encoder)
    for unit, reason in contrast.find_swapped(ans_units, profs, encoder, masked):
        if unit not in bad:
            bad.add(unit)
            wrong.append(f"“{ans_units[unit].strip()[:200]}” {reason}")
    # Claims the reference itself rejects ("it is not the probability that H0 is true").
    # Only the card's own reference: a duplicate's answer may state the very misconception.
    own = [u for u, line in zip(kp.units, kp.unit_lines or [], strict=False) if line < 100_000] or kp.units
    for unit, reason in misconceptions.repeated(ans_units, own):
        if unit not in bad:
            bad.add(unit)
            wrong.append(f"“{ans_units[unit].strip()[:200]}” {reason}")
    return wrong, bad, agreed


def analyse(question: str, kp: KeyPoints, answer: str, encoder: Encoder | None, t: Tuning = TUNING) -> Analysis:
    text, notes = clean_answer(answer)
    points = kp.points
    if not tokens(text):
        empty = np.zeros((len(points), 0), dtype=np.float32)
        return Analysis(text, [*notes, EMPTY_NOTE], [], empty, empty, [], set(), False, False, 0)
    ans_units = units(text)[: t.max_units] or [text[:300]]
    lex = _lexical(points, ans_units, question)
    lang = text_lang(text)
    masked: dict[str, np.ndarray] = {}
    if encoder is not None and kp.point_vectors is not None and kp.unit_vectors is not None:
        # One encoder call for the answer's sentences and its clauses with the contrasted
        # names masked (contrast.py): per-call overhead dominates on short answers.
        extra = contrast.answer_texts(ans_units, _contrast_profiles(question, kp, encoder))
        vecs = encoder.query(ans_units + extra)
        ans_vecs = vecs[: len(ans_units)]
        masked = dict(zip(extra, vecs[len(ans_units) :], strict=True))
        shift_p = np.array([_offset(text_lang(p), lang, t) for p in points], dtype=np.float32)[:, None]
        shift_u = np.array([_offset(text_lang(u), lang, t) for u in kp.units], dtype=np.float32)[:, None]
        cos_points = kp.point_vectors @ ans_vecs.T + (shift_p if len(points) else 0)
        cos_units = kp.unit_vectors @ ans_vecs.T + (shift_u if len(kp.units) else 0)
    else:
        notes.append("embeddings are unavailable: graded by words only")
        cos_points = np.zeros_like(lex)
        cos_units = np.zeros((len(kp.units), len(ans_units)), dtype=np.float32)

    wrong, bad_units, agreed = _contradictions(question, kp, ans_units, cos_units, cos_points, t, encoder, masked)
    echo = _echoes_question(text, question)
    keywords = looks_like_keyword_list(text)
    # "data drift, concept drift": a sentence made of the question's own words resembles every
    # key point about them, but says nothing; it covers nothing.
    q_lemmas = content_lemmas(question)
    empty_units = {j for j, u in enumerate(ans_units) if not content_lemmas(u) - q_lemmas}
    return Analysis(text, notes, ans_units, cos_points, lex, wrong, bad_units, echo, keywords, agreed, empty_units)


def score(card_id: str, points: list[str], an: Analysis, t: Tuning = TUNING) -> Feedback:
    """The grade from an analysis: coverage of the key points times the penalties."""
    notes = list(an.notes)
    if EMPTY_NOTE in notes:
        return Feedback(card_id, 0, missed=list(points), notes=notes)
    cal = np.clip((an.cos_points - t.lo) / (t.hi - t.lo), 0.0, 1.0)
    match = np.maximum(cal, t.lex_weight * an.lex)
    covered: list[str] = []
    missed: list[str] = []
    coverage = []
    for p, point in enumerate(points):
        row = match[p].copy()
        for u in an.empty_units:
            row[u] = 0.0
        best = int(row.argmax()) if row.size else -1
        if best in an.bad_units:
            coverage.append(0.0)  # the answer addressed this point, wrongly
            missed.append(point)
            continue
        for u in an.bad_units:
            row[u] = 0.0
        value = float(row.max()) if row.size else 0.0
        coverage.append(value)
        (covered if value >= t.cover_at else missed).append(point)
    result = float(np.mean(coverage)) ** t.curve if coverage else 0.0
    if an.echo or (an.units and len(an.empty_units) == len(an.units)):
        result *= t.echo_factor
        notes.append("the answer mostly repeats the question")
    elif an.keywords:
        result *= t.stuffing_factor
        notes.append("a list of keywords is not an explanation: say what they mean and how they relate")
    if an.wrong:
        # Wrong claims weigh by their share of everything checkable the answer asserts.
        # Also by sentences: a wrong sentence is that share of what was said, however many
        # generic claims the rest agrees with.
        share = max(len(an.wrong) / (len(an.wrong) + an.agreed), len(an.bad_units) / max(1, len(an.units)))
        result = min(result * (1 - share) ** t.wrong_power, t.wrong_cap + (1 - t.wrong_cap) * (1 - share))
    final = float(np.interp(100 * result, t.scale_from, t.scale_to))
    return Feedback(card_id, int(round(final)), covered, missed, list(an.wrong), notes=notes)


def grade_text(
    card_id: str, question: str, kp: KeyPoints, answer: str, encoder: Encoder | None, t: Tuning = TUNING
) -> Feedback:
    """Grade a typed answer against a card's key points and reference claims."""
    return score(card_id, kp.points, analyse(question, kp, answer, encoder, t), t)
