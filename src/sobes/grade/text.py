"""Text helpers for grading: cleaning typed answers, splitting into sentences and clauses,
tokens and lemmas (pymorphy3 for Russian and Ukrainian, a light stemmer for English)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from sobes.markup import latex_text

MAX_ANSWER_CHARS = 6000  # a spoken interview answer is far shorter; more is pasted noise

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_WORD = re.compile(r"[0-9a-zа-яёіїєґ]+(?:['’][a-zа-яёіїєґ]+)*", re.IGNORECASE)
_LATEX_BLOCK = re.compile(r"\$\$.*?\$\$", re.DOTALL)
_LATEX_INLINE = re.compile(r"\$([^$\n]{1,200})\$")
_CODE_BLOCK = re.compile(r"```.*?```", re.DOTALL)
# Emphasis marks, code ticks, headings and quotes; an underscore only where it opens or closes
# emphasis, so learning_rate and model.eval() keep their names.
_MD_MARK = re.compile(r"[*`#>]+|(?<![\w\\])_+(?=\S)|(?<=\S)_+(?![\w{])")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+", re.MULTILINE)
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|etc|vs|cf|т\.\s?е|т\.\s?к|т\.\s?д|напр|див|зокр|см)\.", re.IGNORECASE)
_SENT_END = re.compile(r"(?<=[.!?;])\s+(?=[\"'«(\[A-ZА-ЯЁІЇЄҐ0-9a-zа-яёіїєґ])")
# Clause boundaries: a comparison or a contrast often packs two claims into one sentence.
_CLAUSE = re.compile(
    r"\s*(?:[,;:—–]\s+|\s+(?:and|but|while|whereas|however|а|но|и|однако|тогда как|в то время как|"
    r"але|та|і|й|тоді як|проте|натомість)\s+)",
    re.IGNORECASE,
)

STOPWORDS = frozenset(
    """a an the of to in on at by for with from as is are was were be been being it its this that these
    those and or but if then than so such can could may might will would should do does did done has have
    had not no we you they he she i me my our your their them his her which who whom what when where why
    how also very more most much many some any each every all both into over under about just only
    и в во на с со к ко по за из у о об от до для а но или что это как так же ли бы не ни то та те тот
    эта этот эти его ее её их мы вы они он она оно я при над под про без через между чем если когда где
    уже еще ещё очень все всё весь вся был была было были быть есть может можно нужно чтобы потому
    і й в у на з зі із до для від по за про при без над під через між що це як так же чи би б не ні
    то та ті той ця цей ці його її їх ми ви вони він вона воно я коли де вже ще дуже всі все весь вся
    був була було були бути є може можна треба щоб тому а але або""".split()
)


def clean_answer(text: str) -> tuple[str, list[str]]:
    """Normalise a typed answer: drop control characters, unify Unicode, cut it at a sane
    length. Returns the text and notes about anything that was changed."""
    notes: list[str] = []
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    cleaned = _CONTROL.sub(" ", _ANSI.sub(" ", text))
    if cleaned != text:
        notes.append("control characters were removed from the answer")
    cleaned = re.sub(r"[ \t]+", " ", cleaned).strip()
    if len(cleaned) > MAX_ANSWER_CHARS:
        notes.append(f"the answer is very long; only its first {MAX_ANSWER_CHARS} characters were graded")
        cleaned = cleaned[:MAX_ANSWER_CHARS]
    return cleaned, notes


def plain(markdown: str) -> str:
    """Reference-answer Markdown as plain prose: no code blocks, display formulas or marks."""
    text = _CODE_BLOCK.sub(" ", markdown)
    text = _LATEX_BLOCK.sub(" ", text)
    text = _LATEX_INLINE.sub(lambda m: latex_text(m.group(1)), text)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)  # links keep their text
    text = _BULLET.sub("\n", text)
    return _MD_MARK.sub("", text)


def units(text: str, max_chars: int = 300) -> list[str]:
    """Sentences and list items of a text, each a candidate claim."""
    return [u for u, _ in units_by_line(text, max_chars)]


def units_by_line(text: str, max_chars: int = 300) -> list[tuple[str, int]]:
    """Like ``units``, with the number of the source line (list item) each came from."""
    out: list[tuple[str, int]] = []
    for n, line in enumerate(plain(text).split("\n")):
        line = line.strip(" \t-–—:")
        if not line:
            continue
        for sent in _SENT_END.split(_ABBREV.sub(lambda m: m.group(0).replace(".", "\u2024"), line)):
            sent = sent.replace("\u2024", ".").strip()
            while len(sent) > max_chars:  # a run-on paste: cut at a word boundary
                cut = sent.rfind(" ", 0, max_chars)
                cut = cut if cut > max_chars // 2 else max_chars
                out.append((sent[:cut].strip(), n))
                sent = sent[cut:].strip()
            if _WORD.search(sent):
                out.append((sent, n))
    return out


def clauses(sentence: str) -> list[str]:
    """A sentence split at commas and contrast words into claims that can be compared."""
    parts = [p.strip() for p in _CLAUSE.split(sentence) if p and p.strip()]
    return [p for p in parts if _WORD.search(p)] or [sentence]


def tokens(text: str) -> list[str]:
    return [t.lower().replace("ё", "е").replace("’", "'") for t in _WORD.findall(text)]


@lru_cache(maxsize=1)
def _analyzers() -> tuple[Any, Any] | None:
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang="ru"), pymorphy3.MorphAnalyzer(lang="uk")
    except Exception:  # noqa: BLE001 - lemmas are an optional refinement
        return None


_UK_ONLY = frozenset("іїєґ'")
_EN_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ness", "ment", "ers", "er", "ed", "es", "s", "ly")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of one lower-case word (a crude stem for English)."""
    if word.isdigit() or len(word) < 3:
        return word
    if word.isascii():
        for suffix in _EN_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
        return word
    analyzers = _analyzers()
    if analyzers is None:
        return word[:6]
    ru, uk = analyzers
    morph = uk if any(ch in _UK_ONLY for ch in word) else ru
    parsed = morph.parse(word)
    if morph is ru and parsed and not parsed[0].is_known:
        alt = uk.parse(word)
        if alt and alt[0].is_known:
            parsed = alt
    return str(parsed[0].normal_form) if parsed else word


def content_lemmas(text: str) -> set[str]:
    """Lemmas of the meaningful words of a text (no stop words, no one-letter tokens)."""
    return {lemma(t) for t in tokens(text) if t not in STOPWORDS and len(t) > 1}


def looks_like_keyword_list(text: str) -> bool:
    """A bare list of terms: many short items, or a long run of words with no grammar."""
    items = [i for i in re.split(r"[,;\n•|/]+", text) if tokens(i)]
    if len(items) >= 4 and sum(len(tokens(i)) for i in items) / len(items) <= 2.5:
        return True
    toks = tokens(text)
    return len(toks) >= 6 and not re.search(r"[.!?:;,]", text) and function_word_share(text) < 0.05


def function_word_share(text: str) -> float:
    """How much of a text is grammar words; a bare keyword list has almost none."""
    toks = tokens(text)
    if not toks:
        return 0.0
    return sum(t in STOPWORDS for t in toks) / len(toks)
