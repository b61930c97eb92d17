"""Telegram Desktop "Export chat history" in JSON (``result.json``).

A channel export is one object with the chat's ``name``, ``type`` and ``id`` and a
``messages`` list; a full-account export nests the same chats under
``{"chats": {"list": [...]}}``. Each message's text is a list of plain strings and
entity objects (bold, links, hashtags, code...), rendered here to Markdown and cut
into cards by the shared post rules in :mod:`sobes.formats.posts`.

The Markdown helpers and :func:`message_items` are shared with ``telegram_html``,
so both exports of one channel give the same cards.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from sobes.errors import BadInputError
from sobes.formats import base
from sobes.formats.posts import items_from_post
from sobes.model import RawItem, Skip

NAME = "telegram-json"
DESCRIPTION = "Telegram Desktop chat export, JSON (result.json: channel, group or full account)"

# ---------------------------------------------------------------------------
# Markdown rendering (shared with telegram_html)

# Hashtags are marked with private-use characters while the text is rendered, so
# they can be told apart from a '#' typed as text once the whole post is known.
_TAG_OPEN, _TAG_CLOSE = "\ue000", "\ue001"
_TAG_RE = re.compile(f"{_TAG_OPEN}([^{_TAG_CLOSE}]*){_TAG_CLOSE}")
_TAG_RUN = f"(?:[ \\t,;·•|]*{_TAG_OPEN}[^{_TAG_CLOSE}]*{_TAG_CLOSE})+[ \\t,;·•|]*"
_LEADING_TAGS_RE = re.compile(f"^{_TAG_RUN}")
_TRAILING_TAGS_RE = re.compile(f"{_TAG_RUN}$")

# '<' before a letter, '/', '!' or '?' could open raw HTML in Markdown; backslashes
# right before it are doubled so an escaped '\<' cannot be un-escaped by the text.
_HTML_OPEN_RE = re.compile(r"(\\*)<(?=[A-Za-z/!?])")
# Markdown link syntax typed as text ("[x](javascript:...)") must not become a link.
_UNSAFE_MD_LINK_RE = re.compile(r"\]\((?!\s*(?:https?://|mailto:|tg://))")
_SAFE_HREF_RE = re.compile(r"^(?:https?://|mailto:|tg://)", re.I)
_FILLER_RE = re.compile(
    r"^(please open telegram to view this post|view in telegram|open in telegram|"
    r"this message is not supported by this version of telegram.*|"
    r"откройте telegram.*|відкрийте telegram.*)$",
    re.I,
)


def escape_text(text: str) -> str:
    """Plain source text as Markdown that renders as the same text and never as HTML."""
    # The checks before each rewrite keep big exports fast: most text needs none.
    if _TAG_OPEN in text or _TAG_CLOSE in text:
        text = text.replace(_TAG_OPEN, "").replace(_TAG_CLOSE, "")
    if "<" in text:
        text = _HTML_OPEN_RE.sub(lambda m: m.group(1) * 2 + "\\<", text)
    if "](" in text:
        text = _UNSAFE_MD_LINK_RE.sub("]\\(", text)
    return text


def wrap_inline(markdown: str, marker: str) -> str:
    """Emphasis around each line's content: Markdown emphasis cannot span lines or
    start with a space, and Telegram entities often end with one."""
    return "\n".join(_wrap_line(line, marker) for line in markdown.split("\n"))


def _wrap_line(line: str, marker: str) -> str:
    core = line.strip()
    if not core:
        return line
    lead = line[: len(line) - len(line.lstrip())]
    trail = line[len(line.rstrip()) :]
    return f"{lead}{marker}{core}{marker}{trail}"


def code_span(code: str) -> str:
    """Inline code; code with line breaks becomes a fenced block."""
    if "\n" in code.strip("\n"):
        return fenced_block(code)
    ticks = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * (ticks + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{pad}{code}{pad}{fence}" if code else ""


def fenced_block(code: str, language: str = "") -> str:
    """A fenced code block on lines of its own, long enough to hold any backticks inside."""
    fence = "```"
    while fence in code:
        fence += "`"
    lang = re.sub(r"[^\w+#.-]", "", language or "")
    return f"\n{fence}{lang}\n{code.strip(chr(10))}\n{fence}\n"


def quote_block(markdown: str) -> str:
    """A block quote on lines of its own; the blank line after it stops Markdown's lazy
    continuation from pulling the next paragraph into the quote."""
    lines = markdown.strip("\n").split("\n")
    return "\n" + "\n".join(f"> {ln}" if ln.strip() else ">" for ln in lines) + "\n\n"


def md_link(text: str, href: str) -> str:
    """``[text](href)`` for web and mail links; other schemes (javascript:, file
    paths of exported stickers) keep only their text."""
    href = href.strip()
    label = escape_text(text).replace("[", "\\[").replace("]", "\\]")
    if not _SAFE_HREF_RE.match(href):
        return escape_text(text)
    if not text.strip() or text.strip() == href:
        return escape_text(href)
    for ch, code in (" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"):
        href = href.replace(ch, code)
    return f"[{label}]({href})"


def hashtag(text: str) -> str:
    """A hashtag placeholder; :func:`take_hashtags` turns it into a tag."""
    return f"{_TAG_OPEN}{text.replace(_TAG_OPEN, '').replace(_TAG_CLOSE, '')}{_TAG_CLOSE}"


def take_hashtags(markdown: str) -> tuple[str, list[str]]:
    """The text without its hashtag lines, and the tags.

    Hashtags at the start or end of a line are post furniture and are removed; one
    in the middle of a sentence stays as text (removing it would break the sentence),
    and is a tag as well.
    """
    if _TAG_OPEN not in markdown:
        return markdown, []
    tags: list[str] = []
    for raw in _TAG_RE.findall(markdown):
        tag = base.normalize_tag(raw.split("@", 1)[0])
        if tag and tag not in tags:
            tags.append(tag)
    lines = []
    for line in markdown.split("\n"):
        if _TAG_OPEN in line:
            line = _TRAILING_TAGS_RE.sub("", _LEADING_TAGS_RE.sub("", line))
            line = _TAG_RE.sub(lambda m: m.group(1), line)
        lines.append(line)
    return "\n".join(lines), tags


def emoji_key(emoji: str) -> str:
    # Same key as base.parse_reactions gives a copied reactions line: no variation selector.
    return emoji.replace("\ufe0f", "")


# ---------------------------------------------------------------------------
# One message, whatever export it came from


@dataclass
class Poll:
    question: str
    options: list[str] = field(default_factory=list)


@dataclass
class ExportMessage:
    """One exported message, reduced to what cards need."""

    message_id: int
    body: str = ""  # Markdown, hashtags already taken out
    tags: list[str] = field(default_factory=list)
    reactions: dict[str, int] = field(default_factory=dict)
    media: str | None = None  # "photo", "file", "video_file", ... when the message carries one
    service: str | None = None  # the action of a service message
    poll: Poll | None = None
    line: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def message_items(msg: ExportMessage, key: str) -> list[RawItem | Skip]:
    """Cards and skips of one exported message; ``key`` keeps its cards' ids stable."""
    if msg.service is not None:
        return [Skip(base.SERVICE, msg.line, msg.service[:80], msg.message_id)]
    if msg.poll is not None:
        return [_poll_item(msg, msg.poll, key)]
    text = msg.body.strip()
    if not text:
        reason = base.MEDIA_ONLY if msg.media else base.EMPTY
        return [Skip(reason, msg.line, msg.media or "", msg.message_id)]
    if _FILLER_RE.match(text):
        return [Skip(base.FILLER, msg.line, text[:80], msg.message_id)]
    body = list(enumerate(msg.body.split("\n"), 1))
    out = items_from_post(
        body, tags=msg.tags, reactions=msg.reactions, message_id=msg.message_id, key=key
    )
    for item in out:
        # The post's own line numbers mean nothing in the export; point at the message.
        item.line = msg.line
        if isinstance(item, RawItem):
            item.extra = {**msg.extra, **item.extra}
    return out


def _poll_item(msg: ExportMessage, poll: Poll, key: str) -> RawItem:
    # A quiz's right option is not in the export, so the card is the question and its options.
    options = "\n".join(f"- {opt}" for opt in poll.options)
    question = poll.question.strip() + (f"\n{options}" if options else "")
    return RawItem(
        question=question,
        line=msg.line,
        message_id=msg.message_id,
        key=key,
        tags=list(msg.tags),
        reactions=dict(msg.reactions),
        extra={**msg.extra, "poll": True},
    )


# ---------------------------------------------------------------------------
# The JSON export

_MESSAGES_KEY_RE = re.compile(r'(?<!\\)"messages"\s*:\s*\[')
_CHAT_KEYS_RE = re.compile(r'(?<!\\)"(?:type|id|name)"\s*:')
_ACCOUNT_RE = re.compile(r'(?<!\\)"(?:personal_information|chats)"\s*:\s*\{')
_ID_RE = re.compile(r'"id"\s*:\s*(-?\d+)')
_MEDIA_KEYS = {
    "photo": "photo",
    "file": "file",
    "contact_information": "contact",
    "location_information": "location",
    "place_name": "venue",
    "game_title": "game",
    "invoice_information": "invoice",
    "giveaway_information": "giveaway",
    "dice": "dice",
}
_PLAIN_ENTITIES = {
    "plain", "link", "url", "email", "phone", "mention", "mention_name", "bot_command", "cashtag",
    "bank_card", "spoiler", "underline", "custom_emoji", "unknown",
}


def sniff(head: bytes, name: str) -> bool:
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if not text.startswith("{") or _is_card_line(text):
        return False
    if _ACCOUNT_RE.search(text):
        return True
    return bool(_MESSAGES_KEY_RE.search(text) and _CHAT_KEYS_RE.search(text))


def _is_card_line(text: str) -> bool:
    """Our own JSONL export: a first line that is a whole object with a question."""
    try:
        obj = json.loads(text.split("\n", 1)[0])
    except json.JSONDecodeError:
        return False
    return isinstance(obj, dict) and "question" in obj


def parse(text: str, name: str) -> base.Parsed:
    data = _load(text, name)
    lines = _MessageLines(text)
    for chat_key, messages in _chats(data, name):
        for raw in messages:
            yield from _raw_message_items(raw, chat_key, lines)


def _load(text: str, name: str) -> Any:
    try:
        return json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        at_end = exc.pos >= len(text.rstrip())
        state = "looks truncated" if at_end else "looks damaged or truncated"
        raise BadInputError(
            f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}); the file {state}"
            " — export the chat again from Telegram Desktop"
        ) from None
    except RecursionError:
        raise BadInputError(f"{name}: JSON nested too deeply; this is not a Telegram export") from None


def _chats(data: Any, name: str) -> list[tuple[str, list[Any]]]:
    """(chat key, messages) for a single-chat export or every chat of an account export."""
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        return [(_chat_key(data, name), data["messages"])]
    if isinstance(data, dict) and isinstance(data.get("chats"), dict):
        chats: list[tuple[str, list[Any]]] = []
        for section in ("chats", "left_chats"):
            listing = data.get(section)
            entries = listing.get("list") if isinstance(listing, dict) else None
            for chat in entries if isinstance(entries, list) else []:
                if isinstance(chat, dict) and isinstance(chat.get("messages"), list):
                    chats.append((_chat_key(chat, name), chat["messages"]))
        return chats
    raise BadInputError(
        f'{name}: this JSON is not a Telegram Desktop export (no "messages" list); '
        "export the channel with Telegram Desktop > Export chat history > JSON"
    )


def _chat_key(chat: dict[str, Any], name: str) -> str:
    chat_id = chat.get("id")
    if chat_id is not None and chat_id != "":
        return str(chat_id)
    return str(chat.get("name") or name)


class _MessageLines:
    """Where each message object starts in result.json, from one regex pass.

    Messages are looked up in file order, so the first ``"id": N`` after the previous
    message is this one's even when ids repeat across the chats of an account export.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._positions: dict[int, list[int]] = {}
        for m in _ID_RE.finditer(text):
            self._positions.setdefault(int(m.group(1)), []).append(m.start())
        self._after = -1
        self._cursor, self._cursor_line = 0, 1

    def line_of(self, message_id: int) -> int | None:
        positions = self._positions.get(message_id, [])
        i = bisect_right(positions, self._after)
        if i == len(positions):
            return None
        pos = positions[i]
        self._after = pos
        brace = self._text.rfind("{", 0, pos)
        return self._line_at(brace if brace >= 0 else pos)

    def _line_at(self, pos: int) -> int:
        if pos < self._cursor:
            return self._cursor_line - self._text.count("\n", pos, self._cursor)
        self._cursor_line += self._text.count("\n", self._cursor, pos)
        self._cursor = pos
        return self._cursor_line


def _raw_message_items(raw: Any, chat_key: str, lines: _MessageLines) -> list[RawItem | Skip]:
    mid = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(mid, int) or isinstance(mid, bool):
        return [Skip(base.MALFORMED, None, str(raw)[:80])]
    msg = message_from_json(raw, lines.line_of(mid))
    return message_items(msg, f"tg:{chat_key}:{mid}")


def message_from_json(raw: dict[str, Any], line: int | None = None) -> ExportMessage:
    """One message object of result.json as an :class:`ExportMessage`."""
    mid = int(raw["id"])
    if raw.get("type") == "service":
        action = str(raw.get("action") or "service")
        title = raw.get("title") or raw.get("text") or ""
        service = f"{action}: {title}" if isinstance(title, str) and title else action
        return ExportMessage(mid, service=service, line=line)
    entities = raw.get("text_entities")
    body, tags = take_hashtags(render_entities(entities if isinstance(entities, list) else raw.get("text")))
    return ExportMessage(
        mid,
        body=body,
        tags=tags,
        reactions=reactions_from_json(raw.get("reactions")),
        media=_media_kind(raw),
        poll=_poll(raw.get("poll")),
        line=line,
        extra=_extra(raw),
    )


def render_entities(parts: Any) -> str:
    """Telegram's text (a string, or a list of strings and entity objects) as Markdown."""
    if isinstance(parts, str):
        return escape_text(parts)
    if not isinstance(parts, list):
        return ""
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(escape_text(part))
        elif isinstance(part, dict):
            out.append(_render_entity(part))
    return "".join(out)


def _render_entity(part: dict[str, Any]) -> str:
    kind = str(part.get("type") or "plain")
    text = part.get("text")
    text = text if isinstance(text, str) else ""
    if kind == "bold":
        return wrap_inline(escape_text(text), "**")
    if kind == "italic":
        return wrap_inline(escape_text(text), "*")
    if kind == "strikethrough":
        return wrap_inline(escape_text(text), "~~")
    if kind == "code":
        return code_span(text)
    if kind == "pre":
        return fenced_block(text, str(part.get("language") or ""))
    if kind == "text_link":
        return md_link(text, str(part.get("href") or ""))
    if kind in ("blockquote", "expandable_blockquote"):
        return quote_block(escape_text(text))
    if kind == "hashtag":
        return hashtag(text)
    # link, mention, phone, spoiler, custom_emoji... and types newer than this code.
    return escape_text(text)


def reactions_from_json(reactions: Any) -> dict[str, int]:
    """``{"👍": 12}``; custom and paid reactions have no emoji of their own and are
    summed under ``base.LOST_EMOJI``."""
    out: dict[str, int] = {}
    for r in reactions if isinstance(reactions, list) else []:
        count = r.get("count") if isinstance(r, dict) else None
        if not isinstance(count, int) or isinstance(count, bool):
            continue
        emoji = r.get("emoji") if r.get("type") == "emoji" else None
        key = emoji_key(emoji) if isinstance(emoji, str) and emoji else base.LOST_EMOJI
        out[key] = out.get(key, 0) + count
    return out


def _media_kind(raw: dict[str, Any]) -> str | None:
    if raw.get("media_type"):
        return str(raw["media_type"])
    for key, kind in _MEDIA_KEYS.items():
        if raw.get(key):
            return kind
    return None


def _poll(poll: Any) -> Poll | None:
    if not isinstance(poll, dict):
        return None
    question = render_entities(poll.get("question"))
    if not question.strip():
        return None
    answers = poll.get("answers")
    answers = answers if isinstance(answers, list) else []
    options = [render_entities(a.get("text")).strip() for a in answers if isinstance(a, dict)]
    return Poll(question.strip(), [o for o in options if o])


def _extra(raw: dict[str, Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    for key in ("date", "edited", "forwarded_from"):
        if key in raw and raw[key] not in (None, ""):
            extra[key] = raw[key]
    return extra

