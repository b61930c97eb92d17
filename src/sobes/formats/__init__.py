"""Source formats: one module each, picked by sniffing the file's head."""

from __future__ import annotations

import importlib
from types import ModuleType

from sobes.errors import UnknownFormatError

# Most specific first: our own exports, then structured exports, then loose text.
_MODULES = [
    "jsonl",
    "csv_cards",
    "telegram_json",
    "telegram_html",
    "notion",
    "markdown",
    "telegram_text",
]


def _load(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"sobes.formats.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"sobes.formats.{name}":
            return None
        raise


def all_formats() -> list[ModuleType]:
    return [m for m in (_load(n) for n in _MODULES) if m is not None]


def names() -> list[str]:
    return [m.NAME for m in all_formats()]


def by_name(name: str) -> ModuleType:
    for module in all_formats():
        if module.NAME == name:
            return module
    raise UnknownFormatError(f"no format named '{name}'; formats: {', '.join(names())}")


def detect(head: bytes, name: str) -> ModuleType | None:
    for module in all_formats():
        if module.sniff(head, name):
            return module
    return None
