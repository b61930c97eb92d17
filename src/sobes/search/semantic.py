"""Semantic search: the stored card vectors as one numpy matrix per library, kept in
memory and reloaded only when the vectors change (a cheap fingerprint says when)."""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import numpy as np
from sqlalchemy import Engine, func, select, text

from sobes.embed import Encoder
from sobes.search import matrix
from sobes.search.matrix import Q_WEIGHT, VectorSet
from sobes.search.tables import versions
from sobes.store.schema import card_vectors, cards

__all__ = ["Q_WEIGHT", "VectorSet", "embed_queries", "embed_query", "forget", "similarities", "vectors"]

# A question fits in far fewer characters; a pasted page is embedded by its opening, which
# keeps the encoder's time per query bounded (~0.1 s on one core).
QUERY_CHARS = 400
_cache: dict[tuple[str, str], VectorSet] = {}
CACHED_LIBRARIES = 4  # matrices kept for this many libraries (tests open many)
_lock = threading.Lock()


_live: dict[str, tuple[int | None, str]] = {}  # library -> (cards counter, live cards signature)


def _fingerprint(engine: Engine, model: str) -> str:
    """Changes when the matrix must: a vector changed, or the set of live cards or their
    languages did. Other changes to cards (topics, levels, duplicate links) leave it,
    which spares a 100,000-card library seconds of reloading after each of them."""
    with engine.connect() as conn:
        counters = versions(conn)
        if counters:  # SQLite: triggers count the changes to cards and vectors
            library = f"{id(engine)}:{engine.url}"
            known = _live.get(library)
            if known is None or known[0] != counters.get("cards"):
                # Which cards are live, and their languages (the matrix calibrates by language).
                row = conn.execute(text("SELECT count(*), total(rowid), total(rowid * (lang = 'ru')), "
                                        "total(rowid * (lang = 'uk')) FROM cards WHERE NOT retired")).one()
                known = _live[library] = (counters.get("cards"), ":".join(map(str, row)))
            return f"{counters.get('card_vectors')}|{known[1]}"
        row = conn.execute(select(func.count(), func.max(card_vectors.c.text_hash))
                           .where(card_vectors.c.model == model)).one()
        live = conn.execute(select(func.count(), func.max(cards.c.updated_at))
                            .where(cards.c.retired.is_(False))).one()
    return "|".join(map(str, (*row, *live)))


def vectors(engine: Engine, model: str, fields: bool = False) -> VectorSet:
    """The library's vectors for `model`: from memory when nothing changed, else from the
    matrix kept in the library, else built from the per-card vectors (and then kept).
    `fields=True` also loads the question and passage vectors separately (for tuning)."""
    key = (f"{id(engine)}:{engine.url}", model)
    fp = _fingerprint(engine, model)
    with _lock:
        cached = _cache.get(key)
    if cached is not None and cached.fingerprint == fp and (cached.q is not None or not fields):
        return cached
    found = None if fields else matrix.read_kept(engine, model, fp)
    if found is None:
        found = matrix.build(engine, model, fp)
        matrix.keep(engine, model, found)
        if not fields:  # a third of the memory: the separate fields are for tuning only
            found.q = found.p = None
    with _lock:
        _cache[key] = found
        while len(_cache) > CACHED_LIBRARIES:
            del _cache[next(iter(_cache))]
    return found


_controller: dict[str, Any] = {}  # one threadpoolctl controller, remade once an encoder is loaded


def _threads(after_encoder: bool = False) -> Any:
    # The encoder's OpenMP library is visible only once the encoder is loaded, so a
    # controller made before that is made again (once) when a query is embedded.
    if "ctl" not in _controller or (after_encoder and not _controller.get("after_encoder")):
        try:
            from threadpoolctl import ThreadpoolController

            _controller["ctl"] = ThreadpoolController()
        except Exception:  # noqa: BLE001 - without it everything works, only slower under load
            _controller["ctl"] = None
        _controller["after_encoder"] = after_encoder
    return _controller["ctl"]


def _one_thread(api: str, after_encoder: bool = False) -> AbstractContextManager[Any]:
    """Run one step single-threaded. On two busy cores, the encoder's OpenMP threads and
    OpenBLAS's spin-waiting threads fight each other, and a 15 ms query embedding turns into
    seconds; one query (and a memory-bound matrix-vector product) gains nothing from a
    second thread anyway. Batch embedding elsewhere keeps all threads."""
    ctl = _threads(after_encoder)
    return ctl.limit(limits=1, user_api=api) if ctl is not None else nullcontext()


def similarities(vs: VectorSet, query_vec: np.ndarray, q_weight: float = Q_WEIGHT) -> np.ndarray:
    """Cosine similarity of the query to every card (mix of the two fields). With several
    query vectors (rows), each card gets its best one: the matrix is read from memory once,
    which is what a product over 100,000 cards costs."""
    if not vs.ids:
        return np.zeros(0, dtype=np.float32)
    v = np.ascontiguousarray(query_vec.astype(np.float32).reshape(-1, vs.mixed.shape[1]).T)
    with _one_thread("blas"):
        if q_weight == Q_WEIGHT:
            sims = vs.mixed @ v
        elif vs.q is None or vs.p is None:
            raise ValueError("another mix of the fields needs vectors(..., fields=True)")
        else:
            sims = q_weight * (vs.q @ v) + (1.0 - q_weight) * (vs.p @ v)
    return sims[:, 0] if sims.shape[1] == 1 else sims.max(axis=1)


def embed_query(encoder: Encoder, query: str) -> np.ndarray:
    return embed_queries(encoder, [query])[0]


def embed_queries(encoder: Encoder, queries: list[str]) -> np.ndarray:
    """The queries' vectors (E5 query form), one row each, in one call to the encoder."""
    with _one_thread("openmp", after_encoder=True):
        return encoder.query([q[:QUERY_CHARS] for q in queries])


def forget(engine: Engine) -> None:
    """Drop the cached matrices of a library (tests; a closed library)."""
    with _lock:
        for key in [k for k in _cache if k[0] == f"{id(engine)}:{engine.url}"]:
            del _cache[key]
