"""Snippets: the card's text, escaped, with the query's words marked."""

from __future__ import annotations

import html

from sobes.markup import plain
from sobes.model import Card
from sobes.search.query import Term
from sobes.search.text import lemmas, tokens

QUESTION_CHARS = 300
ANSWER_WINDOW = 180
ANSWER_SCAN = 3000  # characters of the answer searched for a passage to show


class Matcher:
    """Tells which words of a card match the query, remembering each word's answer."""

    def __init__(self, terms: list[Term]) -> None:
        self.exact = {t.norm for t in terms} | {c for t in terms for c in t.corrections}
        self.prefixes = tuple(t.norm for t in terms if t.prefix)
        self.lemmas: set[str] = set().union(*(t.all_lemmas() for t in terms)) if terms else set()
        self.seen: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        hit = self.seen.get(word)
        if hit is None:
            hit = (word in self.exact or word.startswith(self.prefixes)
                   or not self.lemmas.isdisjoint(lemmas(word)))
            self.seen[word] = hit
        return hit


class Matchers:
    """The matchers of one search (for all its terms, and for each term alone), shared by
    its snippets so that each distinct word is looked up once."""

    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        self.all = Matcher(terms)
        self.each = [Matcher([t]) for t in terms]

    def of(self, terms: list[Term]) -> Matcher:
        if terms == self.terms:
            return self.all
        if len(terms) == 1 and terms[0] in self.terms:
            return self.each[self.terms.index(terms[0])]
        return Matcher(terms)


def _marked(text: str, terms: list[Term], limit: int | None = None,
            matchers: Matchers | None = None) -> tuple[str, int | None]:
    """Escaped text with matches marked, and where the first match starts (None if none).
    With `limit`, stop at the first match and return only its position."""
    match = matchers.of(terms) if matchers is not None else Matcher(terms)
    out: list[str] = []
    pos = 0
    first: int | None = None
    for tok in tokens(text):
        if match(tok.norm):
            if limit is not None:
                return "", tok.start
            out.append(html.escape(text[pos:tok.start]))
            out.append(f"<mark>{html.escape(tok.text)}</mark>")
            pos = tok.end
            first = tok.start if first is None else first
    out.append(html.escape(text[pos:]))
    return "".join(out), first


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def snippet(card: Card, terms: list[Term], matchers: Matchers | None = None) -> str:
    """The question with matches marked, plus " — " and the answer's passage around its
    first match when the answer matches something the question does not. One search's
    snippets share `matchers` (made from the same `terms`)."""
    title, passage = snippet_parts(card, terms, matchers)
    return f"{title} — {passage}" if passage else title


def snippet_parts(card: Card, terms: list[Term], matchers: Matchers | None = None) -> tuple[str, str]:
    """The marked question and the marked answer passage ("" when the question says it all)."""
    matchers = matchers if matchers is not None else Matchers(terms)
    question = _clip(card.question, QUESTION_CHARS)
    marked_q, _ = _marked(question, terms, matchers=matchers)
    words = {tok.norm for tok in tokens(question)}
    unmatched = [t for t, match in zip(terms, matchers.each, strict=True) if not any(map(match, words))]
    if not unmatched or not card.answer:
        return marked_q, ""
    # Passages past the answer's opening are rarely what a snippet should show, and scanning
    # a long answer word by word is the costliest part of a result.
    cut = len(card.answer) > ANSWER_SCAN
    answer = " ".join(plain(card.answer[:ANSWER_SCAN]).split())
    _, first = _marked(answer, unmatched, limit=1, matchers=matchers)
    if first is None:
        return marked_q, ""
    start = max(0, first - ANSWER_WINDOW // 3)
    if start:
        start = answer.rfind(" ", 0, start) + 1
    window = answer[start:start + ANSWER_WINDOW]
    body, _ = _marked(window, terms, matchers=matchers)
    lead = "…" if start else ""
    tail = "…" if cut or start + ANSWER_WINDOW < len(answer) else ""
    return marked_q, f"{lead}{body}{tail}"
