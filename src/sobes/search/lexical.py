"""Lexical search over the FTS5 index: words by prefix, lemmas, typo corrections, bm25.

Every user word reaches FTS5 only inside a double-quoted string built from our own
tokenizer's output (letters and digits), so no query can inject FTS5 syntax.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

from sobes.search.index import MIN_TERM
from sobes.search.query import Term, levenshtein, typo_budget

# bm25 column weights: question words, answer words, question lemmas, answer lemmas.
WEIGHTS = (4.0, 1.0, 4.0, 1.0)
CANDIDATES = 100  # lexical hits considered for fusion
COVERAGE_OF = 40  # top hits whose query coverage is measured
# A word in more than this share of a large library says little about what is wanted (and
# ranking its tens of thousands of matches costs more than the whole rest of the search):
# it is left to the semantic side and only counts towards coverage. Small libraries keep
# every word (at least COMMON_MIN_DOCS matches are always ranked).
COMMON_SHARE = 0.05
COMMON_MIN_DOCS = 1000


@dataclass
class LexHit:
    card_id: str
    score: float  # bm25, larger is better
    coverage: float  # share of query terms the card contains (0..1)


def _q(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def correct_typos(conn: Connection, terms: list[Term]) -> None:
    """Give words that appear nowhere in the library their nearest spellings that do."""
    for term in terms:
        if term.checked:
            continue
        term.checked = True
        if len(term.norm) < MIN_TERM or _known(conn, term):
            continue
        grams = {term.norm[i:i + 3] for i in range(len(term.norm) - 2)}
        expr = " OR ".join(_q(g) for g in sorted(grams))
        rows = conn.execute(text("SELECT term FROM search_trigrams WHERE search_trigrams MATCH :e "
                                 "ORDER BY rank LIMIT 60"), {"e": expr}).scalars().all()
        budget = typo_budget(term.norm)
        scored = sorted((levenshtein(term.norm, w, budget), w) for w in rows)
        best = [w for d, w in scored if d <= budget and d == scored[0][0]] if scored else []
        term.corrections = best[:3]


def _known(conn: Connection, term: Term) -> bool:
    # search_terms is a plain B-tree of the library's words: a prefix probe costs microseconds
    # (the fts5vocab table would walk each term's document list).
    hi = term.norm + "\uffff"
    if conn.execute(text("SELECT 1 FROM search_terms WHERE term >= :a AND term < :b LIMIT 1"),
                    {"a": term.norm, "b": hi}).first():
        return True
    return any(conn.execute(text("SELECT 1 FROM search_vocab WHERE term = :t"), {"t": lm}).first()
               for lm in term.lemmas)


def common(conn: Connection, term: Term, limit: int) -> bool:
    """Whether more than `limit` cards contain the term; reads at most limit + 1 matches
    (fts5vocab would count a frequent word's whole document list)."""
    found = conn.execute(
        text("SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH :e LIMIT :n)"),
        {"e": match_expression([term]), "n": limit + 1},
    ).scalar()
    return bool(found and found > limit)


# Whether a term is common, per library: asking FTS5 costs ~2 ms a term at 100,000 cards and
# people search the same words again and again. Keyed by the library's size, so a grown
# library asks afresh; a stale answer would only move a word between the two sides.
_common: dict[tuple[str, int, str], bool] = {}
COMMON_CACHE = 20_000


def selective(conn: Connection, terms: list[Term], docs: int) -> list[Term]:
    """The terms worth a full-text query in a library of `docs` cards."""
    limit = max(COMMON_MIN_DOCS, int(COMMON_SHARE * docs))
    if docs <= limit:
        return terms
    library = str(conn.engine.url)
    out = []
    for term in terms:
        key = (library, docs, match_expression([term]))
        found = _common.get(key)
        if found is None:
            if len(_common) >= COMMON_CACHE:
                _common.clear()
            found = _common[key] = common(conn, term, limit)
        if not found:
            out.append(term)
    return out


def match_expression(terms: list[Term]) -> str:
    groups = []
    for term in terms:
        alts = [f"{{qwords awords}} : {_q(term.norm)}{'*' if term.prefix else ''}"]
        alts += [f"{{qwords awords}} : {_q(w)}" for w in term.corrections]
        alts += [f"{{qlemmas alemmas}} : {_q(lm)}" for lm in sorted(term.all_lemmas())]
        groups.append("(" + " OR ".join(alts) + ")")
    return " OR ".join(groups)


def search(conn: Connection, terms: list[Term], limit: int = CANDIDATES, docs: int = 0) -> list[LexHit]:
    """The best lexical matches, best first; `docs` is the library's size, if known.
    A full-text failure (a damaged or locked index) leaves the search to the semantic side."""
    try:
        return _search(conn, terms, limit, docs)
    except OperationalError:
        return []


def _search(conn: Connection, terms: list[Term], limit: int, docs: int) -> list[LexHit]:
    if not terms:
        return []
    correct_typos(conn, terms)
    wanted = selective(conn, terms, docs)
    if not wanted:
        return []
    weights = ", ".join(str(x) for x in WEIGHTS)
    # Rank by rowid and score only, then read the text of the few best: sorting every match
    # together with its text costs tens of milliseconds on a large library.
    ranked = conn.execute(
        text("SELECT rowid, -rank AS score FROM search_fts WHERE search_fts MATCH :e "
             f"AND rank MATCH 'bm25({weights})' ORDER BY rank LIMIT :n"),
        {"e": match_expression(wanted), "n": limit},
    ).all()
    if not ranked:
        return []
    rowids: list[int] = [r.rowid for r in ranked]
    ids: dict[int, str] = {r.doc: r.card_id for r in conn.execute(
        text(f"SELECT doc, card_id FROM search_docs WHERE doc IN ({_ints(rowids)})"))}
    top = rowids[:COVERAGE_OF]
    texts = {r.rowid: r for r in conn.execute(text(
        f"SELECT rowid, qwords, awords, qlemmas, alemmas FROM search_fts WHERE rowid IN ({_ints(top)})"))}
    return [LexHit(ids[r.rowid], float(r.score), _coverage(terms, texts[r.rowid]) if r.rowid in texts else 0.0)
            for r in ranked if r.rowid in ids]


def _ints(values: list[int]) -> str:
    return ",".join(str(int(v)) for v in values)


def _coverage(terms: list[Term], row: object) -> float:
    words = set(f"{row.qwords} {row.awords}".split())  # type: ignore[attr-defined]
    lemmas = set(f"{row.qlemmas} {row.alemmas}".split())  # type: ignore[attr-defined]
    found = 0
    for term in terms:
        if (term.norm in words or term.all_lemmas() & lemmas or any(c in words for c in term.corrections)
                or (term.prefix and any(w.startswith(term.norm) for w in words))):
            found += 1
    return found / len(terms)


__all__ = ["LexHit", "correct_typos", "levenshtein", "match_expression", "search"]
