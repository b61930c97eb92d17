"""The card vectors as one matrix: built from the stored per-card vectors, and kept in the
library itself (table search_matrix, SQLite) as a few large blobs, so that a new process
reads it in a fraction of the time that 2 × n small rows take (seconds at 100,000 cards).

The kept copy holds only the mix the search uses (Q_WEIGHT of the question vector, the rest
of the passage vector); the separate fields are read from card_vectors when asked for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Column, Engine, Integer, LargeBinary, Table, Text, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from sobes.embed import load_vectors
from sobes.search.tables import search_meta
from sobes.store.schema import metadata

Q_WEIGHT = 0.4  # share of question↔question similarity; tuned on devsets/search_queries.jsonl
CHUNK = 4096  # cards per stored blob
MATRIX_KEY = "matrix"

search_matrix = Table(
    "search_matrix",
    metadata,
    Column("chunk", Integer, primary_key=True),
    Column("ids", Text, nullable=False),  # JSON list of card ids
    Column("langs", Text, nullable=False),  # JSON list of their languages
    Column("vectors", LargeBinary, nullable=False),  # float32 rows
)


@dataclass
class VectorSet:
    fingerprint: str
    ids: list[str]
    langs: list[str]
    mixed: np.ndarray  # (n, dim): Q_WEIGHT * q + (1 - Q_WEIGHT) * p, one product per query
    q: np.ndarray | None = None  # the separate fields, loaded only for other mixes (tuning)
    p: np.ndarray | None = None
    groups: np.ndarray = field(init=False)  # (n,) small ints: the language, for calibration
    positions: dict[str, int] = field(init=False)  # card id -> row

    def __post_init__(self) -> None:
        codes: dict[str, int] = {}
        self.groups = np.fromiter((codes.setdefault(lang, len(codes)) for lang in self.langs), dtype=np.int16,
                                  count=len(self.langs))
        self.positions = {cid: i for i, cid in enumerate(self.ids)}


def _field(engine: Engine, name: str, model: str) -> tuple[list[str], np.ndarray]:
    """One field's vectors on the driver's cursor (SQLAlchemy rows cost seconds at 100k)."""
    if engine.dialect.name != "sqlite":
        return load_vectors(engine, name, model)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT v.card_id, v.vector FROM card_vectors v JOIN cards c ON c.id = v.card_id "
            "WHERE v.field = ? AND v.model = ? AND NOT c.retired", (name, model)).fetchall()
    if not rows:
        return [], np.zeros((0, 0), dtype=np.float32)
    matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), -1)
    return [r[0] for r in rows], matrix


def build(engine: Engine, model: str, fingerprint: str) -> VectorSet:
    """The matrix from the per-card vectors (both fields kept)."""
    q_ids, q = _field(engine, "q", model)
    p_ids, p = _field(engine, "p", model)
    ids = q_ids or p_ids
    if q_ids and p_ids and q_ids != p_ids:
        # Align on every card with either field; a card missing one uses the other twice.
        p_at = {cid: i for i, cid in enumerate(p_ids)}
        q_at = {cid: i for i, cid in enumerate(q_ids)}
        ids = sorted(set(q_ids) | set(p_ids))
        q = np.stack([q[q_at[c]] if c in q_at else p[p_at[c]] for c in ids])
        p = np.stack([p[p_at[c]] if c in p_at else q[q_at[c]] for c in ids])
    elif not q_ids:
        q = p
    elif not p_ids:
        p = q
    with engine.connect() as conn:
        lang_of: dict[str, str] = dict(conn.exec_driver_sql("SELECT id, lang FROM cards").fetchall())
    mixed = np.zeros((0, 0), dtype=np.float32)
    if ids:
        mixed = q * np.float32(Q_WEIGHT)
        mixed += p * np.float32(1.0 - Q_WEIGHT)
    return VectorSet(fingerprint, ids, [lang_of.get(c, "") for c in ids], np.ascontiguousarray(mixed), q, p)


def _key(model: str, fingerprint: str) -> str:
    return f"{model}|{Q_WEIGHT}|{fingerprint}"


def read_kept(engine: Engine, model: str, fingerprint: str) -> VectorSet | None:
    """The kept matrix if it was made from exactly these vectors (SQLite only)."""
    if engine.dialect.name != "sqlite":
        return None
    try:
        with engine.connect() as conn:
            key = conn.execute(select(search_meta.c.value).where(search_meta.c.key == MATRIX_KEY)).scalar()
            if key != _key(model, fingerprint):
                return None
            rows = conn.exec_driver_sql("SELECT ids, langs, vectors FROM search_matrix ORDER BY chunk").fetchall()
    except SQLAlchemyError:
        return None
    ids = [cid for r in rows for cid in json.loads(r[0])]
    langs = [lang for r in rows for lang in json.loads(r[1])]
    if not ids:
        return None
    mixed = np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float32).reshape(len(ids), -1)
    return VectorSet(fingerprint, ids, langs, mixed)


def keep(engine: Engine, model: str, vs: VectorSet) -> None:
    """Store the matrix for the next process; skipped quietly when the library is busy."""
    if engine.dialect.name != "sqlite" or not vs.ids:
        return
    try:
        with engine.begin() as conn:
            conn.execute(delete(search_matrix))
            rows = [{"chunk": i // CHUNK, "ids": json.dumps(vs.ids[i:i + CHUNK]),
                     "langs": json.dumps(vs.langs[i:i + CHUNK]), "vectors": vs.mixed[i:i + CHUNK].tobytes()}
                    for i in range(0, len(vs.ids), CHUNK)]
            conn.execute(insert(search_matrix), rows)
            conn.execute(delete(search_meta).where(search_meta.c.key == MATRIX_KEY))
            conn.execute(insert(search_meta).values(key=MATRIX_KEY, value=_key(model, vs.fingerprint)))
    except SQLAlchemyError:
        return
