"""A search query taken apart: the words that matter, their lemmas, typo corrections."""

from __future__ import annotations

from dataclasses import dataclass, field

from sobes.search import glossary
from sobes.search import text as tx

MAX_TERMS = 12  # a pasted page is searched by its first dozen meaningful words
MIN_PREFIX = 3  # "reg" finds "regression"; "k" finds only "k"
GLOSSARY = True  # also look for a term's equivalents in the other languages (sobes.search.glossary)


@dataclass
class Term:
    norm: str
    lemmas: tuple[str, ...]
    corrections: list[str] = field(default_factory=list)
    checked: bool = False  # whether typo correction has looked at this term
    translations: tuple[str, ...] = ()  # lemmas of the same term in the other languages

    @property
    def prefix(self) -> bool:
        return len(self.norm) >= MIN_PREFIX

    def all_lemmas(self) -> set[str]:
        out = set(self.lemmas)
        out.update(self.translations)
        for word in self.corrections:
            out.update(tx.lemmas(word))
            out.update(glossary.translations(tx.lemmas(word)))
        return out

    def matches_word(self, word: str) -> bool:
        """Whether a normalised word of a card is this term (by spelling, lemma or correction)."""
        if word == self.norm or (self.prefix and word.startswith(self.norm)) or word in self.corrections:
            return True
        return bool(self.all_lemmas().intersection(tx.lemmas(word)))


def parse(query: str) -> list[Term]:
    """The terms of a query, stop words dropped unless nothing else is left."""
    seen: dict[str, Term] = {}
    for word in tx.words(query[:2000]):
        if word not in seen:
            forms = tx.lemmas(word)
            seen[word] = Term(word, forms, translations=glossary.translations(forms) if GLOSSARY else ())
    terms = list(seen.values())
    content = [t for t in terms if t.norm not in tx.STOP_WORDS]
    return (content or terms)[:MAX_TERMS]


def levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance, giving up (returning limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def typo_budget(word: str) -> int:
    return 1 if len(word) <= 6 else 2
