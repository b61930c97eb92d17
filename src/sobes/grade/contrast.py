"""Swapped definitions of the two things a question contrasts ("data drift and concept drift",
"Precision/Recall", "SARSA and Q-learning"): the favourite way to sound right while being
wrong is to give each its neighbour's definition. The reference says what belongs to each;
an answer clause about one of them that reads (by meaning and by words, with the names
masked out) much more like the reference's clauses about the other is a swap.

No lexicon of names is needed: the two sides come from the question itself, so this works on
any card; the lexicon's concepts only add cross-language mentions ("exploitation" in an
English question, "эксплуатация" in a Russian answer)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from sobes.embed.encoder import Encoder
from sobes.grade.claims import GENERIC, claim
from sobes.grade.text import STOPWORDS, clauses, content_lemmas, lemma

# Evidence needed to call a clause swapped: cosine gap (masked clauses) plus the weighted gap
# in shared words; chosen on devsets/grade_answers*.jsonl (see bench/grade_speed.py).
MARGIN = 0.03  # a clause's own lean
LEAN = 0.035  # the whole answer's lean
LEAN_LONG = 0.02  # the same, when at least LONG clauses speak (a mean over more is less noisy)
LONG = 3
LEX_WEIGHT = 0.15
MIN_LEMMAS = 3

# "A/B" and "I/O" are one name; "Precision/Recall" are two.
_TOKEN = re.compile(
    r"\b[0-9a-z]{1,2}/[0-9a-z]{1,2}\b|[0-9a-zа-яёіїєґ]+(?:[-.'’][0-9a-zа-яёіїєґ]+)*|[/,]", re.IGNORECASE
)
_AND = frozenset({"и", "і", "й", "та", "and", "or", "или", "чи", "або", "vs", "versus", "/"})
_FROM = frozenset({"от", "від", "from"})
_DIFFER = re.compile(r"^(отлича|відрізня|differ|distinguish)")
_QUESTION_WORDS = frozenset(
    """что такое чем чём чим в что що таке what is are how why when which explain describe compare
    difference differences разница разниця отличие відмінність отличаются відрізняються различия
    между між between как як какие які каких яких почему чому зачем навіщо поясните поясніть
    расскажите розкажіть объясните назовите опишите опишіть сравните порівняйте основные основні
    главные головні ключевые ключові такое таке""".split()
)


@dataclass(frozen=True)
class Side:
    """One of the two contrasted things: its name in the question, the lemmas that identify
    it, and the lexicon concepts it maps to (for mentions in another language)."""

    label: str
    keys: frozenset[str]
    concepts: frozenset[str]


def _toks(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0).lower().replace("ё", "е"), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _key(word: str) -> str:
    # English words keep their form: the crude stemmer would turn "layer" into "lay".
    return word if word.isascii() or "-" in word or "." in word else lemma(word)


def _usable(word: str) -> bool:
    return word not in STOPWORDS and word not in _QUESTION_WORDS and word not in _AND and word != "," and len(word) >= 2


def _keys(words: list[str]) -> set[str]:
    """Lemmas naming a side; "L2-регуляризация" is also "L2", "copy.deepcopy" also "deepcopy"."""
    out: set[str] = set()
    for w in words:
        if not _usable(w):
            continue
        out.add(_key(w))
        head = w.split("-")[0]
        if "-" in w and any(ch.isdigit() for ch in head):
            out.add(head)
        if "." in w and len(w.rsplit(".")[-1]) >= 4:
            out.add(w.rsplit(".")[-1])
    return out


def _side(words: list[str], keys: set[str]) -> Side | None:
    if not keys:
        return None
    label = " ".join(w for w in words if _usable(w) and _keys([w]) & keys)
    return Side(label, frozenset(keys), frozenset(claim(label).concepts - GENERIC))


def _pair(left: list[str], right: list[str]) -> tuple[Side, Side] | None:
    """Two sides from the words before and after a conjunction. The head noun they share
    ("data drift and concept drift") names neither; so does a noun after the second
    ("one-stage and two-stage detectors"), hence only the first word on the right."""
    left = [w for w in left if _usable(w)]
    if not left or not right or not _usable(right[0]):
        return None
    right_all = _keys(right)
    # The word next to the conjunction names the left side, unless it is the shared head.
    a_keys = _keys(left[-1:]) - right_all or _keys(left[-2:-1]) - right_all or _keys(left[-1:])
    if len(left) == 2 and all(w.isascii() for w in left) and not _keys(left) & right_all:
        a_keys = _keys(left)  # an English compound names it as a whole: "shadow deployment"
    b_keys = _keys(right[:1]) - a_keys
    if not b_keys or a_keys & b_keys:
        return None
    a, b = _side(left, a_keys), _side(right[:1], b_keys)
    return (a, b) if a and b else None


def sides(question: str) -> list[tuple[Side, Side]]:
    """The pairs of things a question contrasts, from "A and B", "A vs B", "A/B", lists
    "A, B and C" and "A ... differs from B"."""
    toks = [t for t, _, _ in _toks(question)]
    out: list[tuple[Side, Side]] = []
    for k, tok in enumerate(toks):
        found: tuple[Side, Side] | None = None
        is_list = tok == "," and any(t in _AND for t in toks[k + 1 : k + 5])
        if (tok in _AND or is_list) and 0 < k < len(toks) - 1:
            found = _pair(toks[max(0, k - 2) : k], toks[k + 1 : k + 3])
        elif tok in _FROM and k + 1 < len(toks) and any(_DIFFER.match(t) for t in toks[max(0, k - 3) : k]):
            head = [t for t in toks[:k] if _usable(t) and not _DIFFER.match(t)]
            found = _pair(head[:1], toks[k + 1 : k + 2]) if head else None
        if found and all(found[0].keys != a.keys or found[1].keys != b.keys for a, b in out):
            out.append(found)
    return out


def _names(word: str, side: Side) -> bool:
    key = _key(word)
    if key in side.keys or word in side.keys:
        return True
    # "LayerNorm" names "Layer Normalization", "batches" names "batch".
    return any(len(k) >= 5 and word.startswith(k) for k in side.keys)


def _mentions(text: str, pair: tuple[Side, Side]) -> tuple[int | None, list[tuple[int, int]]]:
    """Which side a clause is about (the one named first) and the character spans of the
    names (to mask them)."""
    first: tuple[int, int] | None = None
    spans: list[tuple[int, int]] = []
    for word, start, end in _toks(text):
        for i, side in enumerate(pair):
            if _names(word, side):
                spans.append((start, end))
                if first is None or start < first[1]:
                    first = (i, start)
    if first is None:
        # Another language names it by a lexicon concept; only near the start of the clause,
        # where a subject stands (the lexicon also knows properties such as "random action").
        head = " ".join(text.split()[:3])
        for name in claim(head).order:
            for i, side in enumerate(pair):
                if name in side.concepts:
                    return i, spans
        return None, spans
    return first[0], spans


def named_sides(question: str, text: str) -> frozenset[str]:
    """The labels of the contrasted things (from the question) a text names."""
    found: set[str] = set()
    for pair in sides(question):
        for side in pair:
            if any(_names(w, side) for w, _, _ in _toks(text)):
                found.add(side.label)
    return frozenset(found)


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return " ".join(text.split()).strip(" —–-:,")


@dataclass
class Profile:
    """The reference's clauses about each side of one pair, masked, with vectors."""

    pair: tuple[Side, Side]
    others: tuple[Side, ...]  # the question's other named things: they end a subject
    texts: tuple[list[str], list[str]]
    lemmas: tuple[list[set[str]], list[set[str]]]
    vectors: tuple[np.ndarray, np.ndarray] | None


def _assign(units: list[str], pair: tuple[Side, Side], others: tuple[Side, ...]) -> list[tuple[int, int, str]]:
    """(unit index, side, masked clause) for every clause of consecutive units. A clause that
    names neither side is about the last one named: the subject carries across lines (a
    heading "BFS (breadth-first)" names what its list items describe) until a clause names a
    third thing or a short heading names nothing ("Practice:")."""
    out: list[tuple[int, int, str]] = []
    subject: int | None = None
    for n, unit in enumerate(units):
        for part in clauses(unit):
            side, spans = _mentions(part, pair)
            if side is not None:
                subject = side
            elif any(_names(w, o) for o in others for w, _, _ in _toks(part)):
                subject = None
            elif len(part.split()) <= 3 and part is unit:
                subject = None
            text = _mask(part, spans)
            if subject is not None and len(content_lemmas(text)) >= MIN_LEMMAS:
                out.append((n, subject, text))
    return out


def _reference_sides(
    question: str, units: list[str]
) -> list[tuple[tuple[Side, Side], tuple[Side, ...], list[str], list[str]]]:
    out = []
    pairs = sides(question)
    for pair in pairs:
        others = tuple(x for p in pairs for x in p if x.keys != pair[0].keys and x.keys != pair[1].keys)
        assigned = _assign(units, pair, others)
        left = [t for _, s, t in assigned if s == 0]
        right = [t for _, s, t in assigned if s == 1]
        if left and right:
            out.append((pair, others, left, right))
    return out


def reference_texts(question: str, units: list[str]) -> list[str]:
    """Every masked reference clause the profiles use (to encode once with the key points)."""
    return sorted({t for _, _, left, right in _reference_sides(question, units) for t in left + right})


def profiles(
    question: str, units: list[str], encoder: Encoder | None, known: dict[str, np.ndarray] | None = None
) -> list[Profile]:
    """What the reference says about each side of every pair the question contrasts (only
    pairs the reference speaks about on both sides). ``known`` holds cached vectors by text."""
    found: list[Profile] = []
    known = known or {}

    def encode(texts: list[str]) -> np.ndarray:
        assert encoder is not None
        if all(t in known for t in texts):
            return np.vstack([known[t] for t in texts])
        return encoder.query(texts)

    for pair, others, left, right in _reference_sides(question, units):
        lem = ([content_lemmas(t) for t in left], [content_lemmas(t) for t in right])
        vecs = (encode(left), encode(right)) if encoder is not None else None
        found.append(Profile(pair, others, (left, right), lem, vecs))
    return found


def _overlap(a: set[str], refs: list[set[str]]) -> float:
    return max((len(a & r) / max(1, len(a)) for r in refs), default=0.0)


@dataclass(frozen=True)
class Evidence:
    unit: int  # index of the answer unit the clause came from
    text: str  # the clause with the names masked
    side: int  # the side it names
    gap: float  # how much more it resembles the other side's reference than its own


def answer_texts(answer_units: list[str], profs: list[Profile]) -> list[str]:
    """The masked answer clauses ``evidence`` will compare (to encode in one batch upfront)."""
    return sorted({t for prof in profs for _, _, t in _assign(answer_units, prof.pair, prof.others)})


def evidence(
    answer_units: list[str], prof: Profile, encoder: Encoder | None, known: dict[str, np.ndarray] | None = None
) -> list[Evidence]:
    """How every answer clause about one side compares with the reference on both sides."""
    assigned = _assign(answer_units, prof.pair, prof.others)
    if not assigned:
        return []
    lem = [content_lemmas(t) for _, _, t in assigned]
    texts = [t for _, _, t in assigned]
    vecs = None
    if encoder is not None and prof.vectors is not None:
        known = known or {}
        vecs = np.vstack([known[t] for t in texts]) if all(t in known for t in texts) else encoder.query(texts)
    out: list[Evidence] = []
    for k, (unit, side, text) in enumerate(assigned):
        own, other = side, 1 - side
        gap = LEX_WEIGHT * (_overlap(lem[k], prof.lemmas[other]) - _overlap(lem[k], prof.lemmas[own]))
        if vecs is not None and prof.vectors is not None:
            gap += float((prof.vectors[other] @ vecs[k]).max() - (prof.vectors[own] @ vecs[k]).max())
        out.append(Evidence(unit, text, side, gap))
    return out


def _lean(found: list[Evidence]) -> float:
    """The answer's overall lean to the wrong side: the mean gap of each side, averaged (a
    correct answer leans to the right side on both; a swapped one to the wrong side)."""
    per_side = [[e.gap for e in found if e.side == k] for k in (0, 1)]
    means = [sum(g) / len(g) for g in per_side if g]
    return sum(means) / len(means) if means else 0.0


def find_swapped(
    answer_units: list[str],
    profs: list[Profile],
    encoder: Encoder | None,
    known: dict[str, np.ndarray] | None = None,
) -> list[tuple[int, str]]:
    """(answer unit, reason) for clauses that give one side the other's definition, when the
    answer as a whole leans to the wrong sides (single clauses are too noisy to judge)."""
    out: list[tuple[int, str]] = []
    for prof in profs:
        found = evidence(answer_units, prof, encoder, known)
        lean = _lean(found)
        if lean < LEAN and (lean < LEAN_LONG or len(found) < LONG):
            continue
        for e in found:
            if e.gap >= MARGIN:
                own, other = prof.pair[e.side].label, prof.pair[1 - e.side].label
                out.append((e.unit, f"says about {own} what the reference says about {other}"))
    return out
