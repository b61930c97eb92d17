"""sobes' own JSON Lines export, read back without loss."""

from __future__ import annotations

import json

from sobes.errors import BadInputError
from sobes.formats import base
from sobes.formats.records import item_from_record

NAME = "jsonl"
DESCRIPTION = "sobes card export, JSON Lines (one card per line)"


def sniff(head: bytes, name: str) -> bool:
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff").lstrip()
    if not text.startswith("{"):
        return False
    first = text.split("\n", 1)[0]
    try:
        obj = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(obj, dict) and "question" in obj


def parse(text: str, name: str) -> base.Parsed:
    lines = text.splitlines()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            if n == len(lines):
                raise BadInputError(f"{name}: line {n} is cut off (truncated file?): {exc.msg}") from None
            yield base.Skip(base.MALFORMED, n, line[:80])
            continue
        item = item_from_record(obj, n) if isinstance(obj, dict) else None
        if item is None:
            yield base.Skip(base.MALFORMED, n, line[:80])
        else:
            yield item
