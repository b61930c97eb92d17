"""One search, end to end: sync the index, rank by meaning and by words, filter, collapse
duplicate groups, cut snippets."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine, and_, or_, select
from sqlalchemy.exc import SQLAlchemyError

from sobes.embed import Encoder, get_encoder
from sobes.errors import BadInputError
from sobes.filters import CardFilter
from sobes.model import Card
from sobes.search import fusion, index, lexical, memory, query, semantic
from sobes.search.hit import Hit
from sobes.search.snippet import Matchers, snippet_parts
from sobes.search.text import lemmas, tokens
from sobes.store import cards as store
from sobes.store.schema import cards

MAX_LIMIT = 1000


def validate(text: Any, limit: Any) -> str:
    if not isinstance(text, str) or not text.strip():
        raise BadInputError("type something to search")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise BadInputError(f"limit must be a whole number from 1 to {MAX_LIMIT}")
    return text.strip()


def full_text(engine: Engine) -> bool:
    """Whether the library can hold the FTS5 index (SQLite). Elsewhere (PostgreSQL) the
    lexical side runs over an in-memory BM25 index of the same words and lemmas, with the
    same typo correction (``sobes.search.memory``)."""
    return engine.dialect.name == "sqlite"


def search(engine: Engine, text: str, limit: int = 10, filters: CardFilter | None = None,
           weights: fusion.Weights | None = None) -> list[Hit]:
    """The best `limit` results for `text` (see SearchAPI.search); `weights` are for tuning."""
    text = validate(text, limit)
    # Duplicate variants stay in: a variant may match best, and then its group is shown.
    filters = replace(filters or CardFilter(), include_retired=False, include_duplicates=True)
    filters.check()
    terms = query.parse(text)
    if not terms:  # only punctuation or symbols: nothing to look for
        return []
    fts = full_text(engine)
    if fts:
        index.sync(engine)
    encoder = get_encoder()
    weights = weights or fusion.Weights()
    ids: list[str] = []
    sims: np.ndarray | None = None
    groups: np.ndarray | None = None
    positions: dict[str, int] | None = None
    with engine.connect() as conn:
        if encoder is not None:
            vs = semantic.vectors(engine, encoder.name, fields=weights.q != semantic.Q_WEIGHT)
            if vs.ids:
                ids, groups, positions = vs.ids, vs.groups, vs.positions
                # A misspelt word also confuses the encoder: the query is embedded as typed
                # and as corrected, and each card takes the better of the two.
                _correct_typos(engine, conn, terms, fts)
                fixed = _corrected(text, terms)
                query_vecs = _embed(encoder, [text, fixed] if fixed else [text])
                if query_vecs is not None:
                    sims = semantic.similarities(vs, query_vecs, weights.q)
        mask = _mask(conn, ids, filters) if sims is not None and filters.any() else None
        pool = lexical.CANDIDATES * (10 if filters.any() else 1)
        lex = lexical.search(conn, terms, pool, index.size(conn)) if fts else memory.search(engine, terms, pool)
        ranked = fusion.fuse(ids, sims, lex, mask, weights, pool=max(fusion.SEMANTIC_POOL, 4 * limit),
                             groups=groups, positions=positions)
        return _collapse(conn, ranked, limit, filters, terms)


def prepare(engine: Engine) -> None:
    """Do now what the first search would otherwise pay for: the index, the vector matrix,
    the encoder and the dictionaries (a server calls this at start-up)."""
    if full_text(engine):
        index.sync(engine)
    else:
        memory.build(engine)
    lemmas("тест")
    encoder = get_encoder()
    if encoder is not None:
        semantic.vectors(engine, encoder.name)
        _embed(encoder, ["warm up"])


def _correct_typos(engine: Engine, conn: Connection, terms: list[query.Term], fts: bool) -> None:
    try:
        if fts:
            lexical.correct_typos(conn, terms)
        else:
            memory.correct_typos(memory.build(engine), terms)
    except SQLAlchemyError:  # a locked or damaged index: the query is searched as typed
        for term in terms:
            term.checked = True


def _corrected(text: str, terms: list[query.Term]) -> str | None:
    """The query with each word unknown to the library replaced by its nearest known spelling
    (after ``_correct_typos``); None when nothing needed correcting."""
    fixes = {t.norm: t.corrections[0] for t in terms if t.corrections}
    if not fixes:
        return None
    out, pos = [], 0
    for tok in tokens(text):
        if tok.norm in fixes:
            out.append(text[pos:tok.start] + fixes[tok.norm])
            pos = tok.end
    return "".join(out) + text[pos:]


def _embed(encoder: Encoder, texts: list[str]) -> np.ndarray | None:
    try:
        return semantic.embed_queries(encoder, texts)
    except Exception:  # noqa: BLE001 - an encoder failing on one query leaves it to the words
        return None


def _mask(conn: Connection, ids: list[str], filters: CardFilter) -> np.ndarray:
    allowed = set(conn.execute(select(cards.c.id).where(and_(True, *store.filter_conditions(filters))))
                  .scalars())
    return np.fromiter((cid in allowed for cid in ids), dtype=bool, count=len(ids))


def _collapse(conn: Connection, ranked: list[tuple[str, float]], limit: int, filters: CardFilter,
              terms: list[query.Term]) -> list[Hit]:
    """One hit per duplicate group, in rank order, until `limit`."""
    picked: dict[str, tuple[Card, float]] = {}  # canonical id -> (best matching card, score)
    step = 2 * limit + 10  # cards read at a time: enough to fill the page after collapsing
    for start in range(0, len(ranked), step):
        chunk = ranked[start:start + step]
        where = [cards.c.id.in_([cid for cid, _ in chunk]), *store.filter_conditions(filters)]
        found = {r.id: store.row_to_card(r) for r in conn.execute(select(cards).where(and_(*where)))}
        for cid, score in chunk:
            card = found.get(cid)
            if card is None:
                continue
            group = card.duplicate_of or card.id
            if group not in picked:
                picked[group] = (card, score)
                if len(picked) == limit:
                    break
        if len(picked) == limit:
            break
    members = _members(conn, list(picked))
    matchers = Matchers(terms)
    hits = []
    for group, (card, score) in picked.items():
        variants = members.get(group, [])
        canonical = next((c for c in variants if c.id == group), None)
        shown = canonical if canonical is not None and filters.accepts(canonical) else card
        also = [{"id": c.id, "source": c.source.name, "level": str(c.level) if c.level else None,
                 "topic": str(c.topic), "lang": str(c.lang)} for c in variants if c.id != shown.id]
        title, passage = snippet_parts(shown, terms, matchers)
        text = f"{title} — {passage}" if passage else title
        hits.append(Hit(shown, score, text, also, title=title, passage=passage))
    return hits


def _members(conn: Connection, groups: list[str]) -> dict[str, list[Card]]:
    if not groups:
        return {}
    rows = conn.execute(select(cards).where(
        or_(cards.c.id.in_(groups), cards.c.duplicate_of.in_(groups)), cards.c.retired.is_(False)
    ).order_by(cards.c.source_key, cards.c.position))
    out: dict[str, list[Card]] = {}
    for r in rows:
        card = store.row_to_card(r)
        out.setdefault(card.duplicate_of or card.id, []).append(card)
    for group, members in out.items():  # canonical first
        members.sort(key=lambda c: c.id != group)
    return out
