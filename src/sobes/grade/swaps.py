"""Swapped attributes, learned from the reference itself: when a question contrasts named
things ("BFS and DFS", "word2vec vs BERT"), the reference says what belongs to each; an
answer that gives one of them what the reference gives only to another ("BFS uses a stack")
has them swapped. No lexicon is needed for the names, so this generalises to any card; the
attributes are lemmas (same language) and lexicon concepts (across languages)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sobes.grade.claims import COMPARISON, GENERIC, TERMS, Claim
from sobes.grade.text import tokens

_NAME = re.compile(r"\b[A-Za-z][A-Za-z0-9+#-]*[A-Z0-9][A-Za-z0-9+#-]*\b|\b[A-Z][a-z]+[A-Z][A-Za-z]*\b")
_LIST = re.compile(r"[\w+#-]+(?:\s*(?:,|/)\s*[\w+#-]+)+")
CONCEPT_WEIGHT = 1.5
NEED = 1.5  # evidence for the other entity's attributes (a concept, or two words)


@dataclass
class Profiles:
    """The attributes the reference gives each named entity, only the distinctive ones."""

    entities: frozenset[str]
    attrs: dict[str, set[str]] = field(default_factory=dict)
    side: dict[str, set[str]] = field(default_factory=dict)


def _names(text: str) -> set[str]:
    return {m.group(0).lower() for m in _NAME.finditer(text) if len(m.group(0)) >= 2}


def _entities_in(c: Claim, entities: frozenset[str]) -> set[str]:
    toks = set(tokens(c.text))
    found = {e for e in entities if e in toks or e in c.concepts}
    return found


def _features(c: Claim, entities: frozenset[str]) -> set[str]:
    # Long words only: short ones ("share", "all", "among") are said of every entity.
    words = {w for w in c.lemmas if w not in entities and len(w) >= 7 and not any(ch.isdigit() for ch in w)}
    return words | {"c:" + x for x in c.concepts - GENERIC if x not in entities} | {"a:" + x for x in c.anchors}


def profiles(question: str, question_claim: Claim, reference: list[tuple[int, Claim]]) -> Profiles:
    """Entities named in the question and, for each, what only it is said to have or do."""
    entities = frozenset(_names(question) | (question_claim.concepts & TERMS))
    if len(entities) < 2 or not COMPARISON.search(question):  # only questions that contrast things
        return Profiles(entities)
    raw: dict[str, set[str]] = {e: set() for e in entities}
    # Here the subject does carry across lines: a heading ("BFS (breadth-first)") names the
    # entity its list items describe.
    subject: set[str] = set()
    for _, c in reference:
        if c.whole:
            continue
        named = _entities_in(c, entities)
        if named:
            subject = named
        if len(subject) == 1:
            raw[next(iter(subject))] |= _features(c, entities)
    # Names listed together ("word2vec, GloVe", "(BERT/RoBERTa)") are on the same side.
    side = {e: {e} for e in entities}
    for text in [question] + [c.text for _, c in reference]:
        for run in _LIST.finditer(text):
            members = _names(run.group(0)) & entities
            merged = set().union(*(side[m] for m in members)) if members else set()
            for m in merged:
                side[m] = merged
    attrs = {}
    for e in entities:
        mine = set().union(*(raw[m] for m in side[e]))
        others = set().union(*(raw[o] for o in entities if o not in side[e]))
        attrs[e] = mine - others
    return Profiles(entities, attrs, side)


def _weight(features: set[str]) -> float:
    return sum(CONCEPT_WEIGHT if f.startswith("c:") else 1.0 for f in features)


def find_swaps(answer: list[tuple[int, Claim]], prof: Profiles) -> list[tuple[int, str]]:
    """(answer claim index, reason) for claims that give an entity another one's attributes."""
    if len(prof.entities) < 2 or not any(prof.attrs.values()):
        return []
    out: list[tuple[int, str]] = []
    subject: set[str] = set()
    for i, (_, c) in enumerate(answer):
        named = _entities_in(c, prof.entities)
        if named:
            subject = named  # a clause without a name keeps talking about the last one named
        if len(subject) != 1 or c.negated:
            continue
        e = next(iter(subject))
        if not prof.attrs.get(e):
            continue  # the reference says nothing about it alone: nothing to compare with
        feats = _features(c, prof.entities)
        own = _weight(feats & prof.attrs.get(e, set()))
        for other in sorted(prof.entities - prof.side.get(e, {e})):
            theirs = feats & prof.attrs.get(other, set())
            if own == 0 and _weight(theirs) >= NEED:
                shown = ", ".join(sorted(f.split(":", 1)[-1] for f in theirs)[:3])
                out.append((i, f"gives {e} what the reference says about {other} ({shown})"))
                break
    return out
