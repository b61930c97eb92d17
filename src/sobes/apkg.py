"""Anki export (.apkg, via genanki): one deck per topic, Markdown rendered to HTML, LaTeX
handed to Anki's MathJax as ``\\(..\\)`` / ``\\[..\\]``, tags for topic, level and source.

Every id is derived from stable names: the note GUID from the card id, the deck id from
the topic, the note type id from a fixed name. Exporting again and importing into Anki
therefore updates the existing notes instead of adding copies.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from sobes.errors import BadInputError
from sobes.model import Card

DECK_PREFIX = "sobes"
MODEL_NAME = "sobes card"
FIELDS = ("Question", "Answer", "Source", "Id")
CSS = """.card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left; }
pre { background: #f4f4f4; padding: 6px; overflow-x: auto; }
.source { color: #888; font-size: 12px; margin-top: 12px; }"""


def stable_id(name: str) -> int:
    """A deck or note-type id that is the same on every export (Anki wants 1<<30 .. 1<<31)."""
    digest = int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:8], 16)
    return (1 << 30) + digest % (1 << 30)


def guid_for(card_id: str) -> str:
    import genanki

    return str(genanki.guid_for("sobes", card_id))


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    def mathjax(content: str, options: dict[str, Any]) -> str:
        body = html.escape(content.strip(), quote=False)
        return f"\\[{body}\\]" if options.get("display_mode") else f"\\({body}\\)"

    # Raw HTML in imported text is shown as text, never passed to Anki as markup.
    md = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table")
    # No digits next to "$" so that prices like "$5 and $10" stay text.
    dollarmath_plugin(md, allow_digits=False, allow_space=False, renderer=mathjax)
    return md


def to_html(text: str | None) -> str:
    """Markdown (with $..$ and $$..$$ math) as HTML for an Anki field."""
    if not text:
        return ""
    return str(_markdown().render(text)).strip()


def _tag(prefix: str, value: str) -> str:
    return f"{prefix}::{re.sub(r'[^0-9A-Za-zА-Яа-яЁёІіЇїЄєҐґ_.+-]+', '_', value).strip('_') or 'none'}"


def tags_for(card: Card) -> list[str]:
    tags = [_tag("topic", str(card.topic)), _tag("level", str(card.level) if card.level else "none"),
            _tag("source", card.source.name)]
    tags += [_tag("tag", t) for t in card.tags]
    return list(dict.fromkeys(tags))


def build_package(cards: Sequence[Card]) -> Any:
    import genanki

    model = genanki.Model(
        stable_id(MODEL_NAME), MODEL_NAME, fields=[{"name": f} for f in FIELDS],
        templates=[{
            "name": "Card 1",
            "qfmt": "{{Question}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}<div class="source">{{Source}}</div>',
        }],
        css=CSS,
    )
    decks: dict[str, Any] = {}
    for card in cards:
        topic = str(card.topic)
        if topic not in decks:
            name = f"{DECK_PREFIX}::{topic}"
            decks[topic] = genanki.Deck(stable_id(name), name)
        source = html.escape(card.source.name + (f":{card.source.line}" if card.source.line else ""))
        decks[topic].add_note(genanki.Note(
            model=model,
            fields=[to_html(card.question), to_html(card.answer) or "<i>(no reference answer)</i>", source, card.id],
            tags=tags_for(card),
            guid=guid_for(card.id),
        ))
    return genanki.Package([decks[t] for t in sorted(decks)])


def write_apkg(cards: Sequence[Card], path: Path) -> None:
    """Write an Anki package; the file appears whole or not at all."""
    path = path.expanduser()
    if path.is_dir():
        raise BadInputError(f"{path} is a folder; give a file name such as deck.apkg")
    package = build_package(cards)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".apkg", dir=path.parent)
        os.close(fd)
        try:
            package.write_to_file(tmp)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        raise BadInputError(f"cannot write {path}: {exc.strerror or exc}") from None
