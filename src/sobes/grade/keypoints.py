"""Key points: 3–7 short statements a good answer must contain, derived from the reference
answer (and the answers of its duplicates), cached with their vectors, editable by the user.

Derivation is extractive on purpose: a key point is a sentence (or the core of a list item)
of the reference, picked for being informative, early and not redundant, so it stays in the
card's language and never says anything the reference does not."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import Connection, Engine, delete, insert, select

from sobes.embed.encoder import Encoder
from sobes.grade import contrast
from sobes.grade.tables import grade_keypoints, grade_user_keypoints
from sobes.grade.text import content_lemmas, tokens, units, units_by_line
from sobes.model import Card

VERSION = "kp7"
MIN_POINTS, MAX_POINTS = 3, 7
POINT_CHARS = 170
_SKIP_START = (
    "note",
    "example",
    "e.g",
    "historical",
    "примечание",
    "например",
    "примітка",
    "наприклад",
    "історична",
    "историческ",
)


@dataclass
class KeyPoints:
    """The key points of one card and the reference claims behind them, with vectors (rows
    aligned with ``units`` then ``points``) when an encoder is available."""

    points: list[str]
    units: list[str]
    unit_vectors: np.ndarray | None
    point_vectors: np.ndarray | None
    edited: bool = False
    unit_lines: list[int] | None = None  # source line of each unit: subjects do not cross lines
    key: str = ""  # identifies this version of the reference (for caches of derived data)
    # Vectors of the reference clauses about each side the question contrasts, by text
    # (contrast.py), encoded with the rest so grading a cached card encodes only the answer.
    contrast: dict[str, np.ndarray] = field(default_factory=dict)


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= POINT_CHARS:
        return text.rstrip(" ;,")
    cut = text.rfind(" ", 0, POINT_CHARS - 1)
    return text[: cut if cut > 60 else POINT_CHARS - 1].rstrip(" ;,") + "…"


def _candidates(answer: str) -> list[str]:
    out = []
    for unit in units(answer):
        words = tokens(unit)
        if len(words) < 4 or unit.rstrip().endswith(":") and len(words) < 7:
            continue  # headings and fragments
        if unit.lower().lstrip("*_ ").startswith(_SKIP_START):
            continue
        if sum(w.isdigit() for w in words) > len(words) / 2:
            continue  # arithmetic lines of a worked solution
        out.append(unit)
    return out


def derive(question: str, answer: str) -> list[str]:
    """Pick 3–7 key points from a reference answer (fewer only when it is that short)."""
    cands = _candidates(answer)
    if len(cands) < MIN_POINTS:  # short answers: split their sentences into clauses
        from sobes.grade.text import clauses

        split = [c for s in (cands or units(answer)) for c in clauses(s) if len(tokens(c)) >= 3]
        cands = split if len(split) > len(cands) else cands
    if not cands:
        return [_shorten(u) for u in units(answer)[:MAX_POINTS]]
    q_lemmas = content_lemmas(question)
    scored = []
    for i, cand in enumerate(cands):
        lem = content_lemmas(cand)
        info = min(len(lem - q_lemmas), 12) / 12
        early = 1.0 - i / max(1, len(cands))
        scored.append((0.6 * info + 0.4 * early, i, lem))
    want = max(MIN_POINTS, min(MAX_POINTS, round(len(cands) * 0.6)))
    named = [contrast.named_sides(question, cand) for cand in cands]
    chosen: list[tuple[int, set[str]]] = []
    for _, i, lem in sorted(scored, reverse=True):
        # Parallel definitions of the two things a question contrasts share most words
        # ("the share of positives among predicted / actual positives") but are two points.
        if any(
            len(lem & other) / max(1, min(len(lem), len(other))) > 0.6 and named[i] == named[j] for j, other in chosen
        ):
            continue  # says the same as a point already taken
        chosen.append((i, lem))
        if len(chosen) == want:
            break
    return [_shorten(cands[i]) for i, _ in sorted(chosen)]


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join((VERSION, *parts)).encode()).hexdigest()


def user_points(conn: Connection, card_id: str) -> list[str] | None:
    row = conn.execute(select(grade_user_keypoints.c.points).where(grade_user_keypoints.c.card_id == card_id)).first()
    return None if row is None else list(json.loads(row.points))


def save_user_points(engine: Engine, card_id: str, points: list[str], now: datetime | None = None) -> None:
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    with engine.begin() as conn:
        conn.execute(delete(grade_user_keypoints).where(grade_user_keypoints.c.card_id == card_id))
        if points:
            row = {"card_id": card_id, "points": json.dumps(points, ensure_ascii=False), "updated_at": stamp}
            conn.execute(insert(grade_user_keypoints).values(**row))


def load(engine: Engine, card: Card, group_answers: list[str], encoder: Encoder | None) -> KeyPoints:
    """The card's key points and reference claims, from the cache when it is current."""
    answer = card.answer or ""
    with engine.connect() as conn:
        mine = user_points(conn, card.id)
        ref_hash = _hash(card.question, answer, *group_answers, json.dumps(mine or []))
        row = conn.execute(select(grade_keypoints).where(grade_keypoints.c.card_id == card.id)).first()
    enc_name = encoder.name if encoder is not None else None
    lines = _lines(answer, group_answers)
    if row is not None and row.ref_hash == ref_hash and (row.encoder == enc_name or encoder is None):
        pts, stored = list(json.loads(row.points)), json.loads(row.units)
        uns, ctexts = (stored["units"], stored["contrast"]) if isinstance(stored, dict) else (stored, [])
        uv = pv = None
        known: dict[str, np.ndarray] = {}
        if row.vectors is not None and row.encoder == enc_name and encoder is not None:
            mat = np.frombuffer(row.vectors, dtype=np.float32).reshape(-1, encoder.dim)
            uv, pv = mat[: len(uns)], mat[len(uns) : len(uns) + len(pts)]
            known = dict(zip(ctexts, mat[len(uns) + len(pts) :], strict=False))
        return KeyPoints(pts, uns, uv, pv, mine is not None, lines, ref_hash, known)
    pts = mine if mine is not None else derive(card.question, answer)
    uns = units(answer) + [u for a in group_answers for u in units(a)]
    ctexts = contrast.reference_texts(card.question, uns)
    uv = pv = None
    blob = None
    known = {}
    if encoder is not None:
        mat = encoder.query(uns + pts + ctexts)
        uv, pv = mat[: len(uns)], mat[len(uns) : len(uns) + len(pts)]
        known = dict(zip(ctexts, mat[len(uns) + len(pts) :], strict=True))
        blob = np.ascontiguousarray(mat, dtype=np.float32).tobytes()
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    with engine.begin() as conn:
        conn.execute(delete(grade_keypoints).where(grade_keypoints.c.card_id == card.id))
        conn.execute(
            insert(grade_keypoints).values(
                card_id=card.id,
                ref_hash=ref_hash,
                points=json.dumps(pts, ensure_ascii=False),
                units=json.dumps({"units": uns, "contrast": ctexts}, ensure_ascii=False),
                encoder=enc_name,
                vectors=blob,
                updated_at=stamp,
            )
        )
    return KeyPoints(pts, uns, uv, pv, mine is not None, lines, ref_hash, known)


def _lines(answer: str, group_answers: list[str]) -> list[int]:
    out: list[int] = []
    for k, text in enumerate([answer, *group_answers]):
        out += [k * 100_000 + n for _, n in units_by_line(text)]
    return out
