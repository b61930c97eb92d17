"""Keeping the full-text index in step with the cards.

The index is synced lazily, right before a search. On SQLite, triggers count every change
to the cards (one row read per search); when the count moved (or the triggers had to be
created), a fingerprint of the live cards (count, newest change, a checksum of their content hashes) is
compared with the one the index was built from, and only when they differ are the added,
changed and retired cards re-indexed. Imports, edits, retirements and analysis all show up
without anyone having to remember to call us.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Connection, Engine, delete, func, insert, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from sobes.search import text as words_mod
from sobes.search.tables import ensure_fts, ensure_tables, search_docs, search_meta, search_terms, versions
from sobes.store.schema import cards

FINGERPRINT_KEY = "cards_fingerprint"
MIN_TERM = 4  # shorter words are not corrected for typos (too many near neighbours)


def fingerprint(conn: Connection) -> str:
    """A value that changes whenever a live card's content changes."""
    live = cards.c.retired.is_(False)
    if conn.dialect.name == "sqlite":
        # Sum of the first hex digits of every content hash: any edited card moves it.
        checksum = func.total(text("(instr('0123456789abcdef', substr(content_hash, 1, 1)) * 65536 + "
                                   "instr('0123456789abcdef', substr(content_hash, 2, 1)) * 4096 + "
                                   "instr('0123456789abcdef', substr(content_hash, 3, 1)) * 256 + "
                                   "instr('0123456789abcdef', substr(content_hash, 4, 1)) * 16 + "
                                   "instr('0123456789abcdef', substr(content_hash, 5, 1)))"))
    else:
        checksum = func.sum(func.length(cards.c.question))
    row = conn.execute(select(func.count(), func.max(cards.c.updated_at), checksum).where(live)).one()
    return f"{row[0]}|{row[1]}|{row[2]}"


@dataclass
class Document:
    """What the index holds for one card."""

    qwords: str
    awords: str
    qlemmas: str
    alemmas: str


def document(question: str, answer: str | None) -> Document:
    q = words_mod.words(question)
    a = words_mod.words(answer or "")
    return Document(
        " ".join(q), " ".join(a),
        " ".join(lm for w in q for lm in words_mod.lemmas(w)),
        " ".join(lm for w in a for lm in words_mod.lemmas(w)),
    )


_ready: set[str] = set()  # engines whose search tables were checked in this process
VERSION_KEY = "cards_version"
DOCS_KEY = "docs"  # how many cards the index holds


def _meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(search_meta.c.value).where(search_meta.c.key == key)).scalar()


def _set_meta(conn: Connection, values: dict[str, str]) -> None:
    conn.execute(delete(search_meta).where(search_meta.c.key.in_(list(values))))
    conn.execute(insert(search_meta), [{"key": k, "value": v} for k, v in values.items()])


_lock = threading.Lock()


def sync(engine: Engine) -> bool:
    """Bring the index up to date; returns True when something had to be re-indexed.

    On SQLite, triggers count every change to the cards, so the usual check is one row read;
    the full fingerprint is computed when that counter moved, and in a process that found
    the triggers missing (a change made without them is caught then). Another process re-indexing at the
    same moment is not an error: this search then uses the index as it is."""
    with _lock:
        try:
            return _sync(engine)
        except (OperationalError, IntegrityError):
            return False


def _sync(engine: Engine) -> bool:
    key = f"{id(engine)}:{engine.url}"
    trusted = key in _ready
    if not trusted:
        with engine.begin() as conn:
            # Counters kept all along (triggers already there) tell every change, even one
            # made by another process; otherwise this first sync compares fingerprints.
            trusted = ensure_tables(conn)
        _ready.add(key)
    with engine.connect() as conn:
        version = versions(conn).get("cards")
        if trusted and version is not None and _meta(conn, VERSION_KEY) == str(version):
            return False
        current = fingerprint(conn)
        stored = _meta(conn, FINGERPRINT_KEY)
    with engine.begin() as conn:
        version = versions(conn).get("cards")  # read before reindexing: a later change moves it on
        changed = stored != current
        if changed:
            _reindex(conn)
        docs = conn.execute(select(func.count()).select_from(search_docs)).scalar_one()
        _set_meta(conn, {FINGERPRINT_KEY: fingerprint(conn) if changed else current,
                         VERSION_KEY: str(version), DOCS_KEY: str(docs)})
    return changed


def size(conn: Connection) -> int:
    """How many cards the index holds (as of the last sync)."""
    return int(_meta(conn, DOCS_KEY) or 0)


def _reindex(conn: Connection) -> None:
    fts = conn.dialect.name == "sqlite"
    if fts:
        ensure_fts(conn)
    live = {r.id: r.content_hash for r in conn.execute(
        select(cards.c.id, cards.c.content_hash).where(cards.c.retired.is_(False)))}
    indexed = {r.card_id: (r.doc, r.content_hash) for r in conn.execute(select(search_docs))}
    gone = [doc for cid, (doc, h) in indexed.items() if live.get(cid) != h]
    todo = [cid for cid, h in live.items() if indexed.get(cid, (None, None))[1] != h]
    for chunk in _chunks(gone, 500):
        if fts:
            conn.execute(text(f"DELETE FROM search_fts WHERE rowid IN ({','.join(map(str, chunk))})"))
        conn.execute(delete(search_docs).where(search_docs.c.doc.in_(chunk)))
    new_terms: set[str] = set()
    next_doc = (conn.execute(select(func.max(search_docs.c.doc))).scalar() or 0) + 1
    for chunk in _chunks(todo, 500):
        rows = conn.execute(select(cards.c.id, cards.c.question, cards.c.answer, cards.c.content_hash)
                            .where(cards.c.id.in_(chunk))).all()
        docs, entries = [], []
        for r in rows:
            doc = document(r.question, r.answer)
            docs.append({"doc": next_doc, "card_id": r.id, "content_hash": r.content_hash})
            entries.append({"rowid": next_doc, "qw": doc.qwords, "aw": doc.awords, "ql": doc.qlemmas,
                            "al": doc.alemmas})
            next_doc += 1
            new_terms.update(w for w in f"{doc.qwords} {doc.awords}".split() if len(w) >= MIN_TERM)
        if docs:
            conn.execute(insert(search_docs), docs)
            if fts:
                conn.execute(text("INSERT INTO search_fts(rowid, qwords, awords, qlemmas, alemmas) "
                                  "VALUES (:rowid, :qw, :aw, :ql, :al)"), entries)
    _add_terms(conn, new_terms, fts)


def _add_terms(conn: Connection, terms: set[str], fts: bool) -> None:
    if not terms:
        return
    known: set[str] = set()
    for chunk in _chunks(sorted(terms), 500):
        known.update(conn.execute(select(search_terms.c.term).where(search_terms.c.term.in_(chunk))).scalars())
    fresh = sorted(terms - known)
    for chunk in _chunks(fresh, 500):
        conn.execute(insert(search_terms), [{"term": t} for t in chunk])
        ids = conn.execute(select(search_terms.c.id, search_terms.c.term)
                           .where(search_terms.c.term.in_(chunk))).all()
        if fts:
            conn.execute(text("INSERT INTO search_trigrams(rowid, term) VALUES (:id, :term)"),
                         [{"id": i, "term": t} for i, t in ids])


T = TypeVar("T")


def _chunks(items: list[T], size: int) -> Iterable[list[T]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
