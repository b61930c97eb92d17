"""Claims and contradictions: a clause of text is reduced to the concepts it asserts (from a
small EN/RU/UK lexicon of opposites and domain terms), its negation and its numbers; two
claims about the same thing that assert opposite concepts, opposite polarity or different
numbers contradict each other. Language-independent by construction: "dropout stays on at
inference" and "на інференсі dropout вимикається" share the anchors {dropout, infer} and
assert on vs off."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from sobes.grade.text import clauses, content_lemmas, tokens

# Concepts that say how something is, not what it is about: they never anchor a comparison.
GENERIC = frozenset(
    {
        "up",
        "down",
        "more",
        "less",
        "high",
        "low",
        "better",
        "worse",
        "faster",
        "slower",
        "on",
        "off",
        "always",
        "never",
        "true",
        "false",
        "before",
        "after",
        "accept",
        "reject",
        "linear",
        "nonlinear",
        "global",
        "local",
        "parallel",
        "sequential",
        "deep",
        "shallow",
    }
)
# The things an answer contrasts (the subjects of claims); a clause that names none of them
# is about the last one named ("L2 penalises squares, so it zeroes most weights").
TERMS = frozenset(
    {
        "l1",
        "l2",
        "bias",
        "variance",
        "precision",
        "recall",
        "fp",
        "fn",
        "type1",
        "type2",
        "bagging",
        "boosting",
        "encoder",
        "decoder",
        "onpolicy",
        "offpolicy",
        "supervised",
        "unsupervised",
        "threads",
        "processes",
        "bert",
        "gpt",
        "sgd",
        "fullbatch",
    }
)
TERM_NEED = 1.5  # evidence needed for a swapped term (l1 for l2) or property (sparse for dense)
# Pairs that are not each other's negation: "no vanishing gradients" says nothing about exploding.
NO_FLIP = frozenset({"vanish", "explode"})
# Comparatives whose direction flips when the compared terms are swapped.
COMPARATIVE = frozenset({"more", "less", "better", "worse", "faster", "slower", "high", "low"})
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)(\s*%)?")


@dataclass(frozen=True)
class Lexicon:
    opposite: dict[str, str]
    exact: dict[str, str]  # token -> concept
    stems: dict[str, str]  # token prefix -> concept
    phrases: list[tuple[str, str]]  # " joined tokens" -> concept
    negations: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = json.loads((resources.files("sobes") / "data" / "grade_lexicon.json").read_text("utf-8"))
    opposite: dict[str, str] = {}
    exact: dict[str, str] = {}
    stems: dict[str, str] = {}
    phrases: list[tuple[str, str]] = []
    entries: list[tuple[str, str]] = []
    for name, spec in raw["concepts"].items():
        opposite[name] = spec["opposite"]
        entries += [(w, name) for w in spec["words"]]
    for name, words in raw["anchors"].items():
        if not name.startswith("_"):
            entries += [(w, "@" + name) for w in words]
    for word, name in entries:
        word = word.lower()
        if word.endswith("$"):
            key = " ".join(tokens(word[:-1]))
            (phrases.append((f" {key} ", name)) if " " in key else exact.setdefault(key, name))
        else:
            key = " ".join(tokens(word))
            if " " in key:
                phrases.append((f" {key}", name))
            else:
                stems.setdefault(key, name)
    return Lexicon(opposite, exact, stems, phrases, frozenset(raw["negations"]))


@dataclass
class Claim:
    """One clause: the concepts it asserts (negation already applied), its anchors (what it
    is about), whether a negation is left over, its numbers and lemmas."""

    text: str
    concepts: frozenset[str]
    anchors: frozenset[str]
    order: tuple[str, ...]  # topical concepts in the order they appear
    negated: bool
    numbers: tuple[float, ...]
    lemmas: frozenset[str] = field(default_factory=frozenset)
    whole: bool = False  # a whole multi-clause sentence, kept beside its clauses

    @property
    def topical(self) -> frozenset[str]:
        return self.anchors | (self.concepts - GENERIC)


def _find(toks: list[str]) -> list[tuple[int, str]]:
    """(token position, concept) for every lexicon hit in a token list."""
    lex = lexicon()
    hits: list[tuple[int, str]] = []
    for i, tok in enumerate(toks):
        name = lex.exact.get(tok)
        if name is None:
            for k in range(len(tok), 2, -1):
                name = lex.stems.get(tok[:k])
                if name is not None:
                    break
        if name is not None:
            hits.append((i, name))
    joined = " " + " ".join(toks) + " "
    for phrase, name in lex.phrases:
        start = joined.find(phrase)
        if start >= 0:
            hits.append((joined.count(" ", 0, start + 1) - 1, name))
    return sorted(set(hits))


def _numbers(text: str) -> tuple[float, ...]:
    out: list[float] = []
    for m in _NUMBER.finditer(text):
        value = float(m.group(1).replace(",", "."))
        out.append(value / 100 if m.group(2) else value)
    return tuple(out)


_COMPOUNDS = re.compile(r"\b(on|off)[-\s]policy\b", re.IGNORECASE)


def claim(text: str) -> Claim:
    toks = tokens(_COMPOUNDS.sub(lambda m: m.group(1) + "policy", text))
    lex = lexicon()
    concepts: set[str] = set()
    anchors: set[str] = set()
    order: list[str] = []
    used_neg: set[int] = set()
    neg_at = [i for i, t in enumerate(toks) if t in lex.negations]
    for pos, name in _find(toks):
        if name.startswith("@"):
            anchors.add(name[1:])
            order.append(name[1:])
            continue
        # A negation just before a concept with an opposite asserts the opposite.
        near = [n for n in neg_at if 0 <= pos - n <= 3 and n not in used_neg]
        if near and name in NO_FLIP:
            used_neg.add(near[-1])  # "without vanishing" is not "exploding": it asserts neither
            continue
        if near and name in lex.opposite:
            used_neg.add(near[-1])
            name = lex.opposite[name]
        concepts.add(name)
        if name not in GENERIC:
            order.append(name)
    return Claim(
        text=text,
        concepts=frozenset(concepts),
        anchors=frozenset(anchors),
        order=tuple(order),
        negated=len(neg_at) > len(used_neg),
        numbers=_numbers(text),
        lemmas=frozenset(content_lemmas(text)),
    )


def _with_subject(c: Claim, subject: frozenset[str]) -> Claim:
    return Claim(c.text, c.concepts | subject, c.anchors, tuple(subject) + c.order, c.negated, c.numbers, c.lemmas)


_RELATIVE = re.compile(
    r"\s*(which|that|so|hence|thus|making|что|который|которая|которое|которые|поэтому|значит|тобто|який|яка|яке|"
    r"які|тому|отже)\b",
    re.IGNORECASE,
)


def _pairs(terms: frozenset[str]) -> set[frozenset[str]]:
    opp = lexicon().opposite
    return {frozenset((x, opp[x])) for x in terms}


def claims_of(sentences: list[str], whole: bool = False, groups: list[int] | None = None) -> list[tuple[int, Claim]]:
    """(sentence index, claim) for the clauses of consecutive sentences. A clause naming no
    subject term inherits the last one named, across sentences too (list items under a
    heading). ``whole`` adds each multi-clause sentence as one more claim (reference side)."""
    out: list[tuple[int, Claim]] = []
    subject: frozenset[str] = frozenset()
    for i, sentence in enumerate(sentences):
        if groups is not None and i > 0 and groups[i] != groups[i - 1]:
            subject = frozenset()  # a new list item or paragraph starts its own subject
        parts = clauses(sentence)
        main: frozenset[str] = frozenset()  # the sentence's subject: the first term it names
        for part in parts:
            c = claim(part)
            terms = c.concepts & TERMS
            if terms and main and _RELATIVE.match(part) and not terms >= main:
                # "..., which makes it an on-policy method": a predicate about the subject.
                c = _with_subject(c, main)
            elif terms and main and not _pairs(terms) & _pairs(main):
                # "BERT — a decoder": a term of another pair describes the sentence's subject.
                c = _with_subject(c, main)
                subject = main | terms
            elif terms:
                main = subject = frozenset(terms)
            elif subject:
                c = _with_subject(c, subject)
            out.append((i, c))
        if whole and len(parts) > 1:
            c = claim(sentence)
            c.whole = True
            out.append((i, c))
    return out


def _opposed(a: Claim, r: Claim) -> set[str]:
    opp = lexicon().opposite
    return {x for x in a.concepts if opp.get(x) in r.concepts and x not in r.concepts and opp[x] not in a.concepts}


def _shared(a: Claim, r: Claim) -> tuple[set[str], int]:
    topical = set(a.topical & r.topical)
    return topical, len(topical) + len(a.lemmas & r.lemmas - topical)


def _same_number(x: float, y: float) -> bool:
    return abs(x - y) <= 0.02 * max(abs(x), abs(y)) + 1e-9


def _strength(a: Claim, r: Claim, aligned: float) -> float:
    """How surely two claims speak about the same thing (``aligned``: a bonus when their
    sentences match by meaning, larger for the question's own presuppositions)."""
    topical, total = _shared(a, r)
    subject = 0.5 if topical & TERMS else 0.0  # the same subject term: "X is A" against "X is B"
    return len(topical) + 0.5 * (total - len(topical)) + aligned + subject


def _kind(a: Claim, r: Claim) -> str | None:
    """The way ``a`` disagrees with ``r`` (None when it does not)."""
    opposed = _opposed(a, r)
    if opposed:
        opp = lexicon().opposite
        pairs = opposed | {opp[x] for x in opposed}
        common = (a.concepts & r.concepts) - pairs
        if not opposed - GENERIC:
            common = common - GENERIC  # high vs low needs a shared topic concept
        elif not opposed & (TERMS | {"train", "infer"}):
            common = common | (a.anchors & r.anchors)  # a swapped property needs a shared topic
        if not common:
            return None  # opposite words, but nothing else asserted in common: no evidence
        x = sorted(opposed, key=lambda c: (c in GENERIC, c))[0]
        return f"opposite:{x}"
    topical, _ = _shared(a, r)
    if len(topical) >= 2 and COMPARATIVE & a.concepts & r.concepts:
        both = [c for c in a.order if c in r.order]
        ref_order = [c for c in r.order if c in a.order]
        if len(set(both)) == 2 and len(both) == 2 and both != ref_order:
            return "reversed"
    overlap = len(a.lemmas & r.lemmas) / max(1, min(len(a.lemmas), len(r.lemmas)))
    similar_size = max(len(a.lemmas), len(r.lemmas)) <= 1.5 * max(1, min(len(a.lemmas), len(r.lemmas)))
    if a.negated != r.negated and overlap >= 0.75 and similar_size and min(len(a.lemmas), len(r.lemmas)) >= 4:
        return "negation"
    if a.numbers and r.numbers and not any(_same_number(x, y) for x in a.numbers for y in r.numbers):
        return "number"
    return None


_REASONS = {
    "reversed": "reverses the comparison in the reference",
    "negation": "negates what the reference says",
    "number": "gives a different number than the reference",
}


def _reason(kind: str, ref: Claim) -> str:
    if kind.startswith("opposite:"):
        x = kind.split(":", 1)[1]
        what = f"says “{x}” where the reference says “{lexicon().opposite[x]}”"
    else:
        what = _REASONS[kind]
    return f"{what}: “{ref.text.strip()[:120]}”"


COMPARISON = re.compile(
    r"\b(than|vs|versus|unlike|compar\w*|differ\w*|between|both|either|or|чем|отлича\w*|разниц\w*|между|"
    r"сравн\w*|оба|обе|или|ніж|відрізня\w*|різниц\w*|між|порівн\w*|обидва|обидві|або|чи)\b|\bв отличие|\bна відміну",
    re.IGNORECASE,
)


def mixes_terms(a: Claim, reference: list[Claim]) -> str | None:
    """A clause that puts both sides of a pair in one statement ("SARSA is off-policy",
    "SGD uses the whole training set") without comparing them, when the reference never
    does: it calls one thing by its opposite."""
    if a.negated or COMPARISON.search(a.text):
        return None
    opp = lexicon().opposite
    for x in sorted(a.concepts & TERMS):
        y = opp[x]
        if y in a.concepts and x < y and not any(x in r.concepts and y in r.concepts for r in reference):
            return f"mixes up {x} and {y}"
    return None


_PROPER = re.compile(r"\b[A-Za-z]*[A-Z][a-z0-9]*[A-Z0-9][A-Za-z0-9]*\b")


@lru_cache(maxsize=4096)
def _proper_names(text: str) -> frozenset[str]:
    """Acronyms and CamelCase names in a text (VM, GloVe, BERT, L1)."""
    return frozenset(m.group(0).lower() for m in _PROPER.finditer(text))


def _same_names(a: str, r: str) -> bool:
    """False when both texts name things and they name different ones."""
    x, y = _proper_names(a), _proper_names(r)
    return not x or not y or bool(x & y)


def _common_besides(a: Claim, r: Claim, x: str) -> bool:
    """Whether two claims assert something in common besides ``x`` (and its opposite)."""
    return bool((a.concepts & r.concepts) - {x, lexicon().opposite[x]}) or not (a.concepts - {x})


def find_wrong(
    answer: list[Claim],
    reference: list[Claim],
    aligned: set[tuple[int, int]] | None = None,
    presupposed: set[int] | None = None,
) -> tuple[list[tuple[int, str]], int]:
    """(answer claim index, reason) for every answer claim that contradicts the reference.

    A claim is wrong when the reference claims it disagrees with resemble it more than any
    reference claim it agrees with: "L1 gives sparse weights" meets both "L2 keeps weights
    dense" (disagrees) and "L1 zeroes weights out" (agrees, and closer), so it stands.
    Conflicts on generic words (high/low, before/after) and negations need more evidence.
    Also returns how many answer claims the reference supports.
    """
    aligned = aligned or set()
    presupposed = presupposed or set()
    out: list[tuple[int, str]] = []
    agreed = 0
    # The question names both sides of what it contrasts; it is no evidence that they mix.
    clause_refs = [r for j, r in enumerate(reference) if not r.whole and j not in presupposed]
    for i, a in enumerate(answer):
        if not (a.concepts or a.numbers or a.negated):
            continue
        mixed_up = mixes_terms(a, clause_refs)
        if mixed_up:
            out.append((i, mixed_up))
            continue
        conflicts: list[tuple[float, str, Claim]] = []
        supports: list[tuple[float, Claim]] = []
        for j, r in enumerate(reference):
            kind = _kind(a, r)
            if kind is not None and not _same_names(a.text, r.text):
                kind = None  # "a VM runs its own kernel" is no answer to "a container shares it"
            if j in presupposed and kind is not None and kind.split(":", 1)[-1] not in GENERIC:
                kind = None  # a question names topics; only its "reduce"/"more" presuppose facts
            # The question states facts ("why does dropout reduce overfitting?") but names
            # both sides of any contrast it asks about, so it only vouches for properties.
            bonus = 1.0 if (i, j) in aligned else 0.0
            if j in presupposed and not (kind and kind.split(":", 1)[-1] in TERMS):
                bonus = 2.0
            strength = _strength(a, r, bonus)
            if strength < 1:
                continue
            if kind is None:
                props = a.concepts - TERMS
                opp = lexicon().opposite
                mixed = any(opp.get(x) in r.concepts for x in props)  # says both ways: no support
                if not mixed and ((props & r.concepts) if props else (a.concepts & r.concepts or not a.concepts)):
                    supports.append((strength, r))
                continue
            generic = kind.startswith("opposite:") and kind.split(":", 1)[1] in GENERIC
            need = (
                4.0 if kind == "negation" else 3.0 if kind in ("number", "reversed") else 2.5 if generic else TERM_NEED
            )
            if strength >= need:
                conflicts.append((strength, kind, r))
        if conflicts:
            strength, kind, r = max(conflicts, key=lambda x: x[0])
            # Only a reference claim about the same thing as the conflict can vouch for it.
            context = (a.topical & r.topical) - {lexicon().opposite.get(x, "") for x in a.concepts}
            asserted = kind.split(":", 1)[1] if kind.startswith("opposite:") else None
            support = max(
                (
                    s
                    for s, ref in supports
                    if (not context or context & ref.topical)
                    and (asserted is None or asserted in ref.concepts and _common_besides(a, ref, asserted))
                ),
                default=0.0,
            )
            if strength > support + 0.5:
                out.append((i, _reason(kind, r)))
                continue
        if max((s for s, _ in supports), default=0.0) >= 2:
            agreed += 1
    return out, agreed
