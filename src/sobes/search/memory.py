"""The lexical fallback for databases without FTS5 (PostgreSQL): the same words and lemmas
in an in-process BM25 index, rebuilt when the cards' fingerprint changes. Fine for the
libraries a team keeps (thousands of cards). Typos are corrected as in FTS5: a word unknown
to the library gets the known words that share its trigrams and lie within its edit budget."""

from __future__ import annotations

import bisect
import math
import threading
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from sobes.search.index import MIN_TERM, document, fingerprint
from sobes.search.lexical import COVERAGE_OF, WEIGHTS, LexHit
from sobes.search.query import Term, levenshtein, typo_budget
from sobes.store.schema import cards

K1, B = 1.2, 0.75


@dataclass
class MemoryIndex:
    fingerprint: str
    ids: list[str] = field(default_factory=list)
    # term -> {doc: weighted term frequency}; words and lemmas share one space, as in FTS5
    postings: dict[str, dict[int, float]] = field(default_factory=dict)
    lengths: list[float] = field(default_factory=list)
    words: list[set[str]] = field(default_factory=list)
    lemmas: list[set[str]] = field(default_factory=list)
    trigrams: dict[str, set[str]] = field(default_factory=dict)  # for typo correction
    vocabulary: list[str] = field(default_factory=list)  # sorted index keys, for prefix probes

    def add(self, card_id: str, question: str, answer: str | None) -> None:
        doc = document(question, answer)
        i = len(self.ids)
        self.ids.append(card_id)
        tf: dict[str, float] = {}
        for column, weight in zip((doc.qwords, doc.awords, doc.qlemmas, doc.alemmas), WEIGHTS, strict=True):
            for term in column.split():
                tf[term] = tf.get(term, 0.0) + weight
        for term, n in tf.items():
            self.postings.setdefault(term, {})[i] = n
        self.lengths.append(float(sum(tf.values())))
        self.words.append(set(f"{doc.qwords} {doc.awords}".split()))
        self.lemmas.append(set(f"{doc.qlemmas} {doc.alemmas}".split()))
        for word in self.words[-1]:
            if len(word) >= MIN_TERM:
                for gram in _trigrams(word):
                    self.trigrams.setdefault(gram, set()).add(word)

    def starting_with(self, prefix: str) -> list[str]:
        at = bisect.bisect_left(self.vocabulary, prefix)
        end = bisect.bisect_left(self.vocabulary, prefix + "\uffff", at)
        return self.vocabulary[at:end]

    def known(self, term: Term) -> bool:
        """Whether some card has a word starting with the term, or one of its lemmas."""
        return bool(self.starting_with(term.norm)) or any(lm in self.postings for lm in term.lemmas)


def _trigrams(word: str) -> set[str]:
    return {word[i:i + 3] for i in range(len(word) - 2)}


def correct_typos(index: MemoryIndex, terms: list[Term]) -> None:
    """Give words that appear nowhere in the library their nearest spellings that do
    (the in-memory twin of ``lexical.correct_typos``)."""
    for term in terms:
        if term.checked:
            continue
        term.checked = True
        if len(term.norm) < MIN_TERM or index.known(term):
            continue
        shared: Counter[str] = Counter()
        for gram in _trigrams(term.norm):
            shared.update(index.trigrams.get(gram, ()))
        budget = typo_budget(term.norm)
        scored = sorted((levenshtein(term.norm, w, budget), w) for w, _ in shared.most_common(60))
        term.corrections = [w for d, w in scored if d <= budget and d == scored[0][0]][:3] if scored else []


_cache: dict[str, MemoryIndex] = {}
_lock = threading.Lock()


def build(engine: Engine) -> MemoryIndex:
    key = f"{id(engine)}:{engine.url}"
    with engine.connect() as conn:
        fp = fingerprint(conn)
        with _lock:
            if key in _cache and _cache[key].fingerprint == fp:
                return _cache[key]
        index = MemoryIndex(fp)
        for r in conn.execute(select(cards.c.id, cards.c.question, cards.c.answer).where(cards.c.retired.is_(False))):
            index.add(r.id, r.question, r.answer)
        index.vocabulary = sorted(index.postings)
    with _lock:
        _cache[key] = index
    return index


def search(engine: Engine, terms: list[Term], limit: int) -> list[LexHit]:
    """BM25 over words (by prefix) and lemmas, best first."""
    index = build(engine)
    n = len(index.ids)
    if not n or not terms:
        return []
    correct_typos(index, terms)
    avg = sum(index.lengths) / n
    scores: dict[int, float] = {}
    for term in terms:
        keys = set(index.starting_with(term.norm)) if term.prefix else {term.norm} & index.postings.keys()
        keys |= ({*term.all_lemmas(), *term.corrections}) & index.postings.keys()
        for key in keys:
            posting = index.postings[key]
            idf = math.log(1 + (n - len(posting) + 0.5) / (len(posting) + 0.5))
            for doc, tf in posting.items():
                scores[doc] = scores.get(doc, 0.0) + idf * tf * (K1 + 1) / (
                    tf + K1 * (1 - B + B * index.lengths[doc] / avg))
    hits = []
    best = sorted(scores.items(), key=lambda kv: -kv[1])[:limit]
    for rank, (doc, score) in enumerate(best):
        coverage = 0.0
        if rank < COVERAGE_OF:
            found = sum(1 for t in terms if t.norm in index.words[doc] or t.all_lemmas() & index.lemmas[doc]
                        or any(c in index.words[doc] for c in t.corrections)
                        or (t.prefix and any(w.startswith(t.norm) for w in index.words[doc])))
            coverage = found / len(terms)
        hits.append(LexHit(index.ids[doc], score, coverage))
    return hits
