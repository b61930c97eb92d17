"""Telegram Desktop "Export chat history" in HTML (``messages.html``, ``messages2.html``, ...).

Telegram Desktop writes up to 1000 messages per page. Each message is a
``<div class="message default clearfix" id="message123">`` (``... joined`` when it
continues the previous sender's run) whose ``body`` holds the date, the sender,
a ``forwarded body`` block, ``media_wrap`` for photos, files and polls, the
``text`` and the ``reactions``; ``message service`` divs are channel events and,
with negative ids, date separators. Each page file is imported as its own source.

The page is read with the standard library's ``html.parser`` into a small tree;
only the text div is turned into Markdown, and every markup that could run
(scripts, ``on*`` handlers, ``javascript:`` links) is dropped or left as escaped
text, because the export is untrusted input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from sobes.formats import base
from sobes.formats.telegram_json import (
    ExportMessage,
    Poll,
    code_span,
    emoji_key,
    escape_text,
    fenced_block,
    hashtag,
    md_link,
    message_items,
    quote_block,
    take_hashtags,
    wrap_inline,
)

NAME = "telegram-html"
DESCRIPTION = "Telegram Desktop chat export, HTML (messages.html, messages2.html, ...)"

_SNIFF_MARKERS = ('class="page_wrap"', 'class="history"', 'class="message default', 'class="message service')
_VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
}
# Never rendered, not even their text: a tampered export could hide anything there.
_DROPPED_TAGS = {"script", "style", "template", "iframe", "object", "noscript", "svg", "math", "head"}
_MESSAGE_ID_RE = re.compile(r"^message(-?\d+)$")
_DATE_RE = re.compile(
    r"^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?: UTC([+-]\d{2}):?(\d{2}))?$"
)
_MEDIA_CLASSES = [
    ("photo_wrap", "photo"),
    ("media_photo", "photo"),
    ("video_file_wrap", "video_file"),
    ("animated_wrap", "animation"),
    ("sticker_wrap", "sticker"),
    ("media_video", "video_file"),
    ("media_voice_message", "voice_message"),
    ("media_audio_file", "audio_file"),
    ("media_file", "file"),
    ("media_contact", "contact"),
    ("media_location", "location"),
    ("media_live_location", "location"),
    ("media_venue", "venue"),
    ("media_game", "game"),
    ("media_invoice", "invoice"),
    ("media_call", "call"),
]


def sniff(head: bytes, name: str) -> bool:
    text = head.decode("utf-8", errors="ignore").lower()
    if "<html" not in text and "<div" not in text:
        return False
    return any(marker in text for marker in _SNIFF_MARKERS)


def parse(text: str, name: str) -> base.Parsed:
    root = _build_tree(text)
    chat = _chat_name(root) or re.sub(r"\d*\.html?$", "", name, flags=re.I) or name
    for node in _messages(root):
        msg = _message(node)
        if msg is not None:
            yield from message_items(msg, f"tg:{chat}:{msg.message_id}")


# ---------------------------------------------------------------------------
# A small tree from html.parser


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def descendants(self) -> Iterator[_Node]:
        stack = list(reversed([c for c in self.children if isinstance(c, _Node)]))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed([c for c in node.children if isinstance(c, _Node)]))

    def find(self, *classes: str, outside: tuple[str, ...] = ()) -> _Node | None:
        """The first descendant having all ``classes``, not looking inside ``outside`` ones."""
        wanted = set(classes)
        stack = list(reversed([c for c in self.children if isinstance(c, _Node)]))
        while stack:
            node = stack.pop()
            if wanted <= node.classes:
                return node
            if not node.classes & set(outside):
                stack.extend(reversed([c for c in node.children if isinstance(c, _Node)]))
        return None

    def find_all(self, *classes: str) -> list[_Node]:
        wanted = set(classes)
        return [n for n in self.descendants() if wanted <= n.classes]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, 1)
        self._stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs}, self.getpos()[0])
        self._stack[-1].children.append(node)
        if tag not in _VOID_TAGS:
            self._stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}, self.getpos()[0]))

    def handle_endtag(self, tag: str) -> None:
        # A stray end tag is ignored; a missing one is closed by its parent's.
        for i in range(len(self._stack) - 1, 0, -1):
            if self._stack[i].tag == tag:
                del self._stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self._stack[-1].children.append(data)


def _build_tree(text: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def _chat_name(root: _Node) -> str:
    header = root.find("page_header")
    title = header.find("text", "bold") if header else None
    return _plain(title).strip() if title else ""


def _messages(root: _Node) -> Iterator[_Node]:
    stack: list[_Node | str] = list(reversed(root.children))
    while stack:
        node = stack.pop()
        if not isinstance(node, _Node) or node.tag in _DROPPED_TAGS:
            continue
        if "message" in node.classes and _MESSAGE_ID_RE.match(node.attrs.get("id", "")):
            yield node
        else:
            stack.extend(reversed(node.children))


# ---------------------------------------------------------------------------
# One message div


def _message(node: _Node) -> ExportMessage | None:
    m = _MESSAGE_ID_RE.match(node.attrs.get("id", ""))
    mid = int(m.group(1)) if m else -1
    if mid < 0:
        # Date separators ("message-1") are page furniture, not messages.
        return None
    if "service" in node.classes:
        return ExportMessage(mid, service=re.sub(r"\s+", " ", _plain(node)).strip(), line=node.line)
    text_node = node.find("text", outside=("media_wrap", "reply_to", "reactions"))
    body, tags = take_hashtags(_text_markdown(text_node)) if text_node else ("", [])
    media_node = node.find("media_wrap")
    return ExportMessage(
        mid,
        body=body,
        tags=tags,
        reactions=_reactions(node.find("reactions")),
        media=_media_kind(media_node) if media_node else None,
        poll=_poll(media_node) if media_node else None,
        line=node.line,
        extra=_extra(node),
    )


def _extra(node: _Node) -> dict[str, str]:
    extra: dict[str, str] = {}
    date = node.find("pull_right", "date", outside=("forwarded",)) or node.find("date", "details")
    if date is not None and date.attrs.get("title"):
        extra["date"] = _iso_date(date.attrs["title"])
    forwarded = node.find("forwarded", "body")
    if forwarded is not None:
        sender = forwarded.find("from_name")
        extra["forwarded_from"] = _plain(sender, skip=("date",)).strip() if sender else ""
    return extra


def _iso_date(title: str) -> str:
    """``01.03.2024 10:00:00 UTC+03:00`` as ISO 8601; anything else as written."""
    m = _DATE_RE.match(title.strip())
    if not m:
        return title.strip()
    day, month, year, hh, mm, ss, tz_h, tz_m = m.groups()
    tz = f"{tz_h}:{tz_m}" if tz_h else ""
    return f"{year}-{month}-{day}T{hh}:{mm}:{ss}{tz}"


def _media_kind(media: _Node) -> str:
    found = media.classes | {c for n in media.descendants() for c in n.classes}
    for css, kind in _MEDIA_CLASSES:
        if css in found:
            return kind
    return "media"


def _poll(media: _Node) -> Poll | None:
    box = media.find("media_poll")
    question = box.find("question") if box else None
    if box is None or question is None or not _plain(question).strip():
        return None
    options = []
    for answer in box.find_all("answer"):
        option = _plain(answer, skip=("details",)).strip()
        options.append(escape_text(re.sub(r"^-\s*", "", option)))
    return Poll(escape_text(_plain(question).strip()), [o for o in options if o])


def _reactions(box: _Node | None) -> dict[str, int]:
    out: dict[str, int] = {}
    for reaction in box.find_all("reaction") if box else []:
        emoji_node = reaction.find("emoji")
        emoji = _plain(emoji_node).strip() if emoji_node else ""
        # Custom and paid (star) reactions have no emoji of their own, as in the JSON export.
        key = base.LOST_EMOJI if not emoji or "paid" in reaction.classes else emoji_key(emoji)
        out[key] = out.get(key, 0) + _reaction_count(reaction)
    return out


def _reaction_count(reaction: _Node) -> int:
    count = reaction.find("count")
    digits = re.sub(r"\D", "", _plain(count)) if count else ""
    if digits:
        return int(digits)
    # Small chats show who reacted instead of a number.
    return max(1, len(reaction.find_all("userpic")))


# ---------------------------------------------------------------------------
# Text to Markdown


def _plain(node: _Node | None, skip: tuple[str, ...] = ()) -> str:
    """The node's text, with <br> as a line break, leaving out children of ``skip`` classes."""
    if node is None:
        return ""
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag == "br":
            parts.append("\n")
        elif child.tag not in _DROPPED_TAGS and not child.classes & set(skip):
            parts.append(_plain(child, skip))
    return "".join(parts)


def _text_markdown(node: _Node) -> str:
    md = _render_children(node)
    # Source indentation around the text became spaces at line starts; in Markdown
    # they could even start an indented code block. Code blocks keep theirs.
    out, in_code = [], False
    for line in md.split("\n"):
        if line.lstrip().startswith("```"):
            in_code = not in_code
            line = line.lstrip()
        out.append(line if in_code else line.strip(" \t"))
    return "\n".join(out)


def _render_children(node: _Node) -> str:
    return "".join(_render(child) for child in node.children)


def _render(child: _Node | str) -> str:
    if isinstance(child, str):
        # Raw newlines are source formatting; Telegram writes a line break as <br>.
        return escape_text(re.sub(r"[ \t\r]*\n[ \t\r]*", " ", child))
    tag = child.tag
    if tag in _DROPPED_TAGS:
        return ""
    if tag == "br":
        return "\n"
    if tag in ("strong", "b"):
        return wrap_inline(_render_children(child), "**")
    if tag in ("em", "i"):
        return wrap_inline(_render_children(child), "*")
    if tag in ("s", "strike", "del"):
        return wrap_inline(_render_children(child), "~~")
    if tag == "code":
        return code_span(_plain(child))
    if tag == "pre":
        return fenced_block(_plain(child), _language(child))
    if tag == "blockquote":
        return quote_block(_render_children(child))
    if tag == "a":
        return _render_link(child)
    if tag == "img":
        return escape_text(child.attrs.get("alt", ""))
    if tag in ("div", "p"):
        return "\n" + _render_children(child) + "\n"
    # u, span (spoilers), custom emoji wrappers...: their text only.
    return _render_children(child)


def _language(pre: _Node) -> str:
    for node in [pre, *pre.descendants()]:
        if node.attrs.get("data-language"):
            return node.attrs["data-language"]
        for css in node.classes:
            if css.startswith("language-"):
                return css[len("language-") :]
    return ""


def _render_link(a: _Node) -> str:
    text = _plain(a).strip()
    onclick = a.attrs.get("onclick", "")
    href = a.attrs.get("href", "").strip()
    if "ShowHashtag(" in onclick or (text.startswith("#") and not href):
        return hashtag(text)
    if not href:
        # Bot commands, cashtags, mention names, not-loaded custom emoji: plain text.
        return _render_children(a)
    if href in (text, f"mailto:{text}", f"tel:{text}") or _is_mention(text, href):
        return _render_children(a)
    return md_link(text, href)


def _is_mention(text: str, href: str) -> bool:
    return text.startswith("@") and href.rstrip("/").lower().endswith("/" + text[1:].lower())
