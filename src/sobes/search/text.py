"""Words and lemmas: the same tokenizer for the index, the query and the snippet.

Russian and Ukrainian words are reduced to their dictionary forms with pymorphy3 (both
dictionaries, because a query rarely says which language it is in and the two share many
words); English gets a light folding (plurals, -ing/-ed) that is enough for DS vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, NamedTuple

# Letters and digits; an apostrophe inside a word (Ukrainian пам'ять, English don't) is kept
# by the regex and dropped by `normalize`, so "пам’ять" and "память"-like spellings meet.
_WORD_RE = re.compile(r"[^\W_]+(?:['’ʼ`][^\W_]+)*", re.UNICODE)
_APOSTROPHES = str.maketrans({"'": None, "’": None, "ʼ": None, "`": None, "ё": "е"})
_CYRILLIC_RE = re.compile(r"[а-яіїєґ]")
_UK_ONLY_RE = re.compile(r"[іїєґ]")
_RU_ONLY_RE = re.compile(r"[ыэъ]")

# Words too common to say anything about what a card is about. Queries keep them when they
# are all there is (a query of only stop words still searches).
STOP_WORDS = frozenset(
    """
    a an the and or of to in on at by for with from as is are was were be been being it its
    this that these those what which who whom how why when where do does did can could should
    would will i you we they he she me my your our their there here not no yes if then than so
    about into over under between vs versus difference explain describe tell give example
    и в во на с со к ко по о об от до из за для не ни что как чем это этот эта эти то та те
    ли же бы а но или да при про под над без между такое такой какой какая какие каких чтобы
    есть был была были быть его ее их они он она мы вы я ты у так также когда где почему зачем
    разница отличие отличается объясните расскажите
    і й та або в у на з із зі до від по про для не що як це цей ця ці той та ті чи же б але
    при під над без між таке такий який яка які яких щоб є був була були бути його її їх
    вони він вона ми ви я ти так також коли де чому навіщо різниця відмінність поясніть розкажіть
    """.split()
)


class Token(NamedTuple):  # a tuple: made for every word of every snippet, so cheap matters
    text: str  # as written
    norm: str  # lower case, ё→е, no apostrophes
    start: int
    end: int


def normalize(word: str) -> str:
    return word.lower().translate(_APOSTROPHES)


def tokens(text: str) -> Iterator[Token]:
    for m in _WORD_RE.finditer(text):
        norm = normalize(m.group())
        if norm:
            yield Token(m.group(), norm, m.start(), m.end())


def words(text: str) -> list[str]:
    return [t.norm for t in tokens(text)]


@lru_cache(maxsize=1)
def _analyzers() -> tuple[Any, Any] | None:
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang="ru"), pymorphy3.MorphAnalyzer(lang="uk")
    except Exception:  # noqa: BLE001 - without dictionaries, words still match by spelling
        return None


def _fold_english(word: str) -> str:
    """A light stemmer: enough to meet 'networks'/'network', 'learning'/'learned'/'learn'."""
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return word
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + repl
            if repl == "" and len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                stem = stem[:-1]  # overfitting → overfitt → overfit
            return stem
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> tuple[str, ...]:
    """Dictionary forms of a normalised word (one or two: Russian and Ukrainian readings)."""
    if not _CYRILLIC_RE.search(word):
        return (_fold_english(word),)
    morph = _analyzers()
    if morph is None:
        return (word,)
    ru, uk = morph
    if _UK_ONLY_RE.search(word):
        chosen = [uk]
    elif _RU_ONLY_RE.search(word):
        chosen = [ru]
    else:
        # A reading from a dictionary that knows the word beats a guess from one that does not.
        chosen = [a for a in (ru, uk) if a.word_is_known(word)] or [ru]
    out: list[str] = []
    for analyzer in chosen:
        parses = analyzer.parse(word)
        if parses:
            lemma = normalize(parses[0].normal_form)
            if lemma not in out:
                out.append(lemma)
    return tuple(out) or (word,)


def lemma_text(text: str) -> str:
    """The text as a space-separated run of lemmas (what the lemma columns index)."""
    return " ".join(lemma for w in words(text) for lemma in lemmas(w))
