"""The little HTML that banks embed (<pre>, <code>, <p>, lists) turned into Markdown."""

from __future__ import annotations

import html
import re

from sobes.formats.markdown.patterns import _FENCE_RE

_PRE_RE = re.compile(r"<pre[^>]*>\s*(?:<code(?P<attrs>[^>]*)>)?(?P<body>.*?)(?:</code>\s*)?</pre>", re.S | re.I)
_HTML_CODE_RE = re.compile(r"<code[^>]*>(.*?)</code>", re.S | re.I)
_HTML_TAG_RE = re.compile(r"<(/?)(p|br|b|strong|i|em|ul|ol|li)\b[^>]*?/?>", re.I)
_BLOCK_TAGS = {"p", "br", "ul", "ol", "li"}


def _html_to_md(text: str) -> str:
    """Simple HTML in a <details> answer as Markdown; fenced code stays untouched."""
    out: list[str] = []
    chunk: list[str] = []
    fence = ""
    for line in text.split("\n"):
        m = _FENCE_RE.match(line)
        if not fence and not m:
            chunk.append(line)
            continue
        if not fence and m:
            out.append(_html_chunk("\n".join(chunk)))
            chunk, fence = [], m.group(1)[0]
        elif m and m.group(1)[0] == fence and not line.strip().strip(fence):
            fence = ""
        out.append(line)
    out.append(_html_chunk("\n".join(chunk)))
    return "\n".join(out)


def _html_chunk(text: str) -> str:
    kept: list[str] = []

    def keep(value: str) -> str:
        kept.append(value)
        return f"\x00{len(kept) - 1}\x00"

    def pre(m: re.Match[str]) -> str:
        lang = re.search(r"(?:language|lang)-([\w+#-]+)", m["attrs"] or "")
        body = html.unescape(m["body"]).strip("\n")
        return keep(f"\n```{lang.group(1) if lang else ''}\n{body}\n```\n")

    text = _PRE_RE.sub(pre, text)
    # A <br> inside a Markdown table cell is the only way to break a line there.
    text = re.sub(r"(?m)^\s*\|.*$", lambda m: keep(m.group(0)), text)
    text = _HTML_CODE_RE.sub(lambda m: keep(f"`{html.unescape(m.group(1))}`"), text)
    text = _html_tags(text)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)


def _html_tags(text: str) -> str:
    out: list[str] = []
    lists: list[int | None] = []  # an <ol> counter or None for <ul>, innermost last
    pos, prev = 0, ""
    for m in _HTML_TAG_RE.finditer(text):
        segment, tag, closing = text[pos : m.start()], m.group(2).lower(), m.group(1) == "/"
        pos = m.end()
        # Whitespace that only lays out the HTML source is not content.
        if not segment.strip() and (tag in _BLOCK_TAGS or prev in _BLOCK_TAGS):
            segment = ""
        out.append(segment.lstrip() if prev == "li" else segment)
        prev = "" if closing else tag
        if tag in ("b", "strong"):
            out.append("**")
        elif tag in ("i", "em"):
            out.append("*")
        elif tag == "br":
            out.append("\n")
        elif tag == "p":
            out.append("\n\n")
        elif tag in ("ul", "ol"):
            if closing and lists:
                lists.pop()
            elif not closing:
                lists.append(0 if tag == "ol" else None)
            out.append("\n")
        elif tag == "li" and not closing:
            out.append("\n" + "  " * max(len(lists) - 1, 0) + _bullet(lists))
    out.append(text[pos:])
    return "".join(out)


def _bullet(lists: list[int | None]) -> str:
    if lists and lists[-1] is not None:
        lists[-1] += 1
        return f"{lists[-1]}. "
    return "- "


# --------------------------------------------------------------------------- the face

