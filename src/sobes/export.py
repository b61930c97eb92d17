"""Writing cards out: JSON Lines and CSV (read back by import without loss), Markdown to read.

Files are written to a temporary name and moved into place, so an interrupted
export never leaves half a file where the user expects a whole one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from sobes.errors import BadInputError
from sobes.formats.records import CSV_FIELDS
from sobes.model import Card

FORMATS = ("jsonl", "csv", "md", "apkg")
# File extensions that say the format by another name.
_ALIASES = {"markdown": "md", "ndjson": "jsonl"}


def format_for(path: Path, fmt: str | None = None) -> str:
    """The export format: the one asked for, else the file's extension, else JSON Lines for a
    file without one. An extension we cannot write is an error rather than a silent guess
    (``cards.pdf`` written as JSON Lines would surprise whoever opens it)."""
    if fmt:
        return fmt.lower()
    ext = path.suffix.lstrip(".").lower()
    if not ext:
        return "jsonl"
    ext = _ALIASES.get(ext, ext)
    if ext not in FORMATS:
        raise BadInputError(
            f"cannot tell the export format from '{path.suffix}'; name the file .jsonl, .csv, .md or .apkg, "
            "or pass --format"
        )
    return ext


def export_cards(cards: Sequence[Card], path: Path, fmt: str) -> None:
    if fmt not in FORMATS:
        raise BadInputError(f"unknown export format '{fmt}'; use one of: {', '.join(FORMATS)}")
    if fmt == "apkg":  # an Anki package (sobes.apkg): binary, written by genanki
        from sobes.apkg import write_apkg

        write_apkg(cards, path)
        return
    text = {"jsonl": to_jsonl, "csv": to_csv, "md": to_markdown}[fmt](cards)
    _atomic_write(path, text)


def to_jsonl(cards: Sequence[Card]) -> str:
    return "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in cards)


def to_csv(cards: Sequence[Card]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for card in cards:
        d = card.to_dict()
        src = d.pop("source")
        d.update(
            source_name=src["name"], source_format=src["format"], source_line=src["line"],
            source_message_id=src["message_id"],
        )
        for key in ("topics", "tags", "reactions"):
            d[key] = json.dumps(d[key], ensure_ascii=False)
        d["answer"] = d["answer"] if d["answer"] is not None else ""
        writer.writerow({k: d.get(k) for k in CSV_FIELDS})
    return buf.getvalue()


def to_markdown(cards: Sequence[Card]) -> str:
    out: list[str] = []
    section = None
    for card in cards:
        head = f"{card.topic} · {card.level or 'any level'}"
        if head != section:
            out.append(f"## {head}\n")
            section = head
        out.append(f"### {card.question}\n")
        meta = [str(card.kind), str(card.lang), card.source.name]
        if card.tags:
            meta.append(" ".join(f"#{t}" for t in card.tags))
        out.append(f"*{' · '.join(meta)}* — `{card.id}`\n")
        out.append((card.answer or "_(no reference answer)_") + "\n")
    return "\n".join(out)


def _atomic_write(path: Path, text: str) -> None:
    path = path.expanduser()
    if path.is_dir():
        raise BadInputError(f"{path} is a folder; give a file name to export to")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise BadInputError(f"cannot write {path}: {exc.strerror or exc}") from None
