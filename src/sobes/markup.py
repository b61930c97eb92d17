"""Markdown (and the LaTeX inside it) reduced to plain text: one place for the markup rules
that importers (titles, list items), search snippets (answer passages) and grading (formulas
in reference answers) all need."""

from __future__ import annotations

import html
import re

_CODE_SPAN = re.compile(r"(`+[^`]*`+)")
_BREAK = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ANCHOR = re.compile(r"\{#[\w-]+\}")  # a heading id: "## Dropout {#dropout}"
_EMPHASIS = re.compile(r"(?<!\w)[*_](?=\S)(.+?)(?<=\S)[*_](?!\w)")
_BLOCK_MARK = re.compile(r"(?m)^\s*(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_INLINE_MATH = re.compile(r"\$([^$\n]{1,200})\$")
_MATH = re.compile(r"\$+")
_TEX_CMD = re.compile(r"\\([A-Za-z]+)(?:\s+(?=[A-Za-z]))?")
_TEX_BRACES = re.compile(r"[{}]")


# Greek letters keep their names (beta, eta): the encoder and the lemma match know the words
# better than the symbols; operators become the signs a person would write.
_TEX_SYMBOLS = {
    "cdot": "·", "times": "×", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠",
    "approx": "≈", "infty": "∞", "to": "→", "rightarrow": "→", "pm": "±",
    "mathbb": "", "mathrm": "", "text": "", "operatorname": "", "left": "", "right": "", "quad": " ", "qquad": " ",
}
_TEX_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_TEX_SQRT = re.compile(r"\\sqrt\s*\{([^{}]*)\}")
_TEX_HAT = re.compile(r"\\(?:hat|widehat|bar|overline|tilde)\s*\{?([A-Za-z])\}?")
_TEX_WORD = re.compile(r"\\([A-Za-z]+)\s*")
_TEX_DIGIT_SUB = re.compile(r"(?<=[A-Za-z])_(\d)(?!\d)")
_TEX_SUB = re.compile(r"([_^])\{([^{}]*)\}")


def latex_text(expr: str) -> str:
    """A LaTeX formula as readable text for key points and matching: ``\\frac{1}{1-p}`` →
    ``1/(1-p)``, ``\\beta_1`` → ``beta_1``, ``\\hat{m}_t`` → ``m̂_t``."""
    def frac(m: re.Match[str]) -> str:
        num, den = m.group(1).strip(), m.group(2).strip()
        wrap = lambda t: t if re.fullmatch(r"[\w.]+", t) else f"({t})"  # noqa: E731
        return f"{wrap(num)}/{wrap(den)}"

    text = expr
    for _ in range(3):  # nested fractions and roots, innermost first
        text = _TEX_FRAC.sub(frac, _TEX_SQRT.sub(lambda m: f"√({m.group(1).strip()})", text))
    text = _TEX_HAT.sub(lambda m: m.group(1) + "\u0302", text)
    def word(m: re.Match[str]) -> str:
        name = m.group(1)
        follows = m.string[m.end():m.end() + 1]
        return _TEX_SYMBOLS.get(name, name) + (" " if name in _SPACED and follows.isalnum() else "")

    text = _TEX_WORD.sub(word, text)
    text = _TEX_SUB.sub(lambda m: m.group(1) + (m.group(2) if len(m.group(2)) == 1 else f"({m.group(2)})"), text)
    # A digit index reads as part of the name, as people type it: H_0 → H0, beta_1 → beta1.
    text = _TEX_DIGIT_SUB.sub(r"\1", text)
    return " ".join(text.replace("{", "").replace("}", "").replace("\\,", " ").split())


_SPACED = frozenset(set(_TEX_SYMBOLS) - {"mathbb", "mathrm", "text", "operatorname", "left", "right"}
                    | {"log", "ln", "exp", "max", "min", "in", "sum", "prod", "alpha", "beta", "gamma", "delta",
                       "epsilon", "eta", "theta", "lambda", "mu", "pi", "sigma", "tau", "phi", "omega"})


def inline_plain(text: str) -> str:
    """Inline Markdown/HTML as plain text on one line: links keep their words, images and
    tags go, emphasis marks go, code spans keep their content, entities are decoded."""
    out: list[str] = []
    for n, part in enumerate(_CODE_SPAN.split(text)):
        if n % 2:
            out.append(part.strip("`"))
            continue
        part = _BREAK.sub(" ", part)
        part = _TAG.sub("", part)
        part = _IMAGE.sub("", part)
        part = _LINK.sub(r"\1", part)
        part = _ANCHOR.sub("", part)
        part = part.replace("**", "").replace("__", "")
        part = _EMPHASIS.sub(r"\1", part)
        out.append(html.unescape(part))
    return re.sub(r"\s+", " ", "".join(out)).strip()


def plain(markdown: str) -> str:
    """A whole answer as plain text: block marks (headings, quotes, list bullets) and inline
    markup dropped, formulas read as text (``$\\frac{a}{b}$`` → ``a/b``, ``\\beta`` → ``beta``)."""
    text = _INLINE_MATH.sub(lambda m: latex_text(m.group(1)), _BLOCK_MARK.sub("", markdown))
    text = _MATH.sub("", inline_plain(text))
    text = _TEX_CMD.sub(r"\1", text).replace("}{", "/")
    return _TEX_BRACES.sub("", text)
