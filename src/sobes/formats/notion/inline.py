"""A question and its answer written on one line, split apart."""

from __future__ import annotations

from sobes.formats.notion.lines import _balance_bold, _ends_terminal, _opens_question
from sobes.formats.notion.patterns import (
    _ANSWER_LABEL_RE,
    _DEFINITION_RE,
    _LABEL,
    _LONG_REMAINDER,
    _SENTENCE_END_RE,
    _STAR_RUN_RE,
    _STOPWORDS,
    _WORD_RE,
)


def _split_inline(body: str) -> tuple[str, str | None]:
    """Split ``Q? Answer…`` or ``**Q?** Answer…`` written on one line into question and answer."""
    body = _balance_bold(body.strip())
    if body.startswith("**"):
        run = _STAR_RUN_RE.search(body, 2)
        if run is not None:
            close = run.end() - 2  # in "***" the first star closes an italic inside the bold
            return _split_bold(body[2:close].strip(), body[close + 2 :].strip())
    at = body.rfind("?")
    if at < 0:
        return _split_statement(body)
    head, rest = body[: at + 1], body[at + 1 :]
    if rest.startswith("**"):
        head, rest = head + "**", rest[2:]
    return _split_remainder(head, rest)


def _split_statement(body: str) -> tuple[str, str | None]:
    """A task without '?' ("Опишіть X. X — це …") is split only where a definition of a
    term it names begins, or before a closing label that heads the answer ("Часові ряди:")."""
    for m in _SENTENCE_END_RE.finditer(body):
        head, rest = body[: m.start()], body[m.end() :]
        if _DEFINITION_RE.match(rest) and _shares_term(head, rest):
            return head, rest
    parts = _SENTENCE_END_RE.split(body)
    if len(parts) >= 2 and parts[-1].endswith(":") and len(parts[-1]) <= _LABEL and not _continues(parts[-1]):
        return " ".join(parts[:-1]), parts[-1]
    return body, None


def _split_bold(inner: str, tail: str) -> tuple[str, str | None]:
    if not tail:
        return inner, None
    at = inner.rfind("?")
    after = inner[at + 1 :].strip() if at >= 0 else ""
    # "**Q? Term** — це …": the bold ran on into the answer's first words.
    if after and not _continues(after) and _answer_like(inner[: at + 1], f"{after} {tail}"):
        return inner[: at + 1], f"**{after}** {tail}"
    # Bold that closes on a whole question marks where the question ends.
    return _split_remainder(inner, tail, closed=_ends_terminal(inner))


def _continues(sentence: str) -> bool:
    """A sentence that carries on a question: an imperative, or another question."""
    s = sentence.lstrip("*( ").strip()
    return s.endswith("?") or _opens_question(s)


def _split_remainder(question: str, rest: str, *, closed: bool = False) -> tuple[str, str | None]:
    """Text after a question on its line: what carries the question on joins it, the rest is
    the answer if it reads like one (or if ``closed``: the question's end was marked)."""
    rest = rest.strip()
    if not any(ch.isalpha() for ch in rest):
        return (question + rest).strip(), None
    sentences = _SENTENCE_END_RE.split(rest)
    while sentences and _continues(sentences[0]) and not _DEFINITION_RE.match(sentences[0]):
        question = f"{question} {sentences.pop(0)}"
    rest = " ".join(sentences).strip()
    if not rest:
        return question, None
    if closed or _answer_like(question, rest):
        return question, _ANSWER_LABEL_RE.sub("", rest, count=1)
    return f"{question} {rest}", None


def _answer_like(question: str, rest: str) -> bool:
    """Whether text after a question's last '?' answers it: a label, a definition, a long
    passage, or a sentence that opens with a term the question asked about."""
    if _ANSWER_LABEL_RE.match(rest) or _DEFINITION_RE.match(rest) or len(rest) >= _LONG_REMAINDER:
        return True
    return _shares_term(question, rest)


def _shares_term(question: str, rest: str) -> bool:
    """Whether ``rest`` opens with a word the question used (allowing for inflection)."""
    words = _WORD_RE.findall(rest.lower())
    if not words or len(words[0]) < 2 or words[0] in _STOPWORDS:
        return False
    stem = words[0][:5]
    return any(w.startswith(stem) for w in _WORD_RE.findall(question.lower()) if len(w) >= len(stem))


