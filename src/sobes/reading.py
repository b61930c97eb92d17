"""Reading a source file into text: size limit, binary detection, encodings."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sobes.errors import BadInputError

DEFAULT_MAX_MB = 64
HEAD_BYTES = 64 * 1024
_FALLBACK_ENCODINGS = ("cp1251", "koi8-r")


def max_bytes() -> int:
    """The import size limit; SOBES_MAX_IMPORT_MB raises it for unusually large exports."""
    raw = os.environ.get("SOBES_MAX_IMPORT_MB", "")
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    limit = max_bytes()
    if size > limit:
        raise BadInputError(
            f"{path.name}: {size / 1048576:.0f} MB is over the {limit / 1048576:.0f} MB import limit; "
            "split the file or set SOBES_MAX_IMPORT_MB"
        )
    if size == 0:
        raise BadInputError(f"{path.name}: the file is empty")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def is_binary(data: bytes) -> bool:
    head = data[:HEAD_BYTES]
    if b"\x00" in head:
        # UTF-16 text has NULs too; it is text, decoded below.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.05


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) first, then UTF-16 by BOM, then the Cyrillic 8-bit
    encodings old Russian files use; the one that yields the most Cyrillic letters wins."""
    if is_binary(data):
        raise BadInputError(f"{name}: this is a binary file, not a text or JSON question bank")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BadInputError(f"{name}: broken UTF-16 text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best: tuple[int, str] | None = None
    for enc in _FALLBACK_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _cyrillic_score(text)
        if best is None or score > best[0]:
            best = (score, text)
    if best is None or best[0] <= 0:
        raise BadInputError(f"{name}: not valid UTF-8, cp1251 or koi8-r text; re-save it as UTF-8")
    return best[1]


def _cyrillic_score(text: str) -> int:
    # Lowercase vowels dominate real Russian text; koi8-r read as cp1251 (and the
    # reverse) yields mostly uppercase or odd letters instead.
    sample = text[:20000]
    return sum(1 for ch in sample if ch in "оеаиы") * 3 - sum(1 for ch in sample if "А" <= ch <= "Я")


def json_objects(path: Path, expected: str) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line of a JSON Lines file we evaluate on (the
    labelled dev sets); any line that is not a JSON object is an error, unlike an import,
    which skips it. `expected` says what each object should hold, for the error line."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInputError(f"{path.name}:{n}: not JSON ({exc.msg}); each line must be one JSON object") from None
        if not isinstance(obj, dict):
            raise BadInputError(f"{path.name}:{n}: expected a JSON object with {expected}")
        out.append((n, obj))
    return out
