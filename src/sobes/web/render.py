"""Markdown from imported sources -> safe HTML: formulas as MathML, code highlighted.

Imported text is untrusted (a Telegram export can contain anything). Raw HTML in the
source is never passed through (markdown-it runs with ``html=False``, so it shows as
text), and the final HTML goes through nh3 with an allow-list: no script, no event
handlers, no ``javascript:`` links, no remote images. Very long texts are cut before
parsing so one pathological post cannot stall a page.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

import nh3
from latex2mathml.converter import convert as latex_to_mathml
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name, guess_lexer
from pygments.util import ClassNotFound

MAX_CHARS = 100_000  # longer answers are cut here (with a note) before rendering
MAX_FORMULA = 2_000

MATHML_TAGS = {
    "math", "mi", "mn", "mo", "ms", "mspace", "mtext", "mrow", "msub", "msup", "msubsup", "mfrac", "msqrt",
    "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom",
    "menclose", "merror", "semantics", "annotation",
}
MATHML_ATTRS = {
    "display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "accent", "accentunder",
    "columnalign", "rowalign", "columnspacing", "rowspacing", "linethickness", "displaystyle", "scriptlevel",
    "width", "height", "depth", "minsize", "maxsize", "movablelimits", "notation", "form",
}
TAGS = (set(nh3.ALLOWED_TAGS) - {"img", "map", "area"}) | MATHML_TAGS | {"input"}
ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items() if tag not in ("img",)},
    **{tag: set(MATHML_ATTRS) for tag in MATHML_TAGS},
    "span": {"class"},
    "div": {"class"},
    "pre": {"class"},
    "code": {"class"},
    "a": {"href", "title"},
    "input": {"type", "checked", "disabled"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_formatter = HtmlFormatter(nowrap=True)


def _math(content: str, display: str) -> str:
    if len(content) > MAX_FORMULA:
        return f"<code>{html.escape(content)}</code>"
    try:
        return latex_to_mathml(content, display=display)
    except Exception:  # noqa: BLE001 - a formula latex2mathml cannot read is shown as its source
        return f"<code>{html.escape(content)}</code>"


def _formula_block(content: str) -> str:
    return f'<div class="formula">{_math(content, "block")}</div>\n'


def _code(code: str, lang: str, _attrs: str) -> str:
    try:
        lexer = get_lexer_by_name(lang.strip().split()[0]) if lang.strip() else guess_lexer(code)
    except ClassNotFound:
        return ""  # markdown-it escapes it as plain code
    return highlight(code, lexer, _formatter)


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "highlight": _code})
    md.enable("table").enable("strikethrough")
    md.use(dollarmath_plugin, allow_space=True, double_inline=True)
    rules: Any = md.add_render_rule
    rules("math_inline", lambda self, tokens, idx, options, env: _math(tokens[idx].content, "inline"))
    rules("math_inline_double", lambda self, tokens, idx, options, env: _math(tokens[idx].content, "block"))
    rules("math_block", lambda self, tokens, idx, options, env: _formula_block(tokens[idx].content))
    rules("math_block_label", lambda self, tokens, idx, options, env: _formula_block(tokens[idx].content))
    return md


_md = _markdown()


def sanitize(fragment: str) -> str:
    """The allow-list sanitiser every piece of HTML from imported text goes through."""
    return nh3.clean(
        fragment, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer nofollow",
        clean_content_tags={"script", "style"},
    )


@lru_cache(maxsize=4096)
def markdown_html(text: str | None) -> str:
    """An answer (Markdown with $formulas$ and ```code```) as safe HTML."""
    if not text:
        return ""
    note = ""
    if len(text) > MAX_CHARS:
        note = f'<p class="muted">… ({len(text) - MAX_CHARS:,} more characters not shown)</p>'
        text = text[:MAX_CHARS]
    try:
        rendered = _md.render(text)
    except Exception:  # noqa: BLE001 - never a 500 because of one odd document
        rendered = f"<pre>{html.escape(text)}</pre>"
    return sanitize(rendered) + note


@lru_cache(maxsize=4096)
def inline_html(text: str) -> str:
    """A question: Markdown inline formatting and formulas, no block structure."""
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS] + " …"
    try:
        rendered = _md.renderInline(text)
    except Exception:  # noqa: BLE001
        rendered = html.escape(text)
    return sanitize(rendered)


def snippet_html(snippet: str) -> str:
    """A search snippet: escaped text with <mark> around matches; keep only <mark>."""
    return nh3.clean(snippet, tags={"mark"}, attributes={})


def pygments_css() -> str:
    return str(_formatter.get_style_defs("pre"))
