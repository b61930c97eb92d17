"""Which cards a list, a count, a search or a study queue covers: one filter for all of them.

Every way in (Python API, CLI, web form) builds a ``CardFilter`` and calls ``check`` on it,
so a value that can never match ("lead" as a level) is one clear error everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sobes.errors import BadInputError
from sobes.model import Card, Kind, Lang, Level, Topic

FILTER_NAMES = ("topic", "level", "lang", "kind", "source", "tag")
_ENUMS: dict[str, type[StrEnum]] = {"topic": Topic, "level": Level, "lang": Lang, "kind": Kind}


@dataclass(frozen=True)
class CardFilter:
    """Cards with this topic, level, language and kind, from a source whose name contains
    ``source``, tagged ``tag`` (None: any). Retired cards and duplicate variants are left
    out unless asked for."""

    topic: str | None = None
    level: str | None = None
    lang: str | None = None
    kind: str | None = None
    source: str | None = None
    tag: str | None = None
    include_retired: bool = False
    include_duplicates: bool = False

    @classmethod
    def of(cls, values: Mapping[str, Any], **flags: bool) -> CardFilter:
        """A checked filter from keyword arguments; an empty value (an empty form field)
        means no filter, and an unknown name or value is a clear error."""
        given = {k: v for k, v in values.items() if v not in (None, "")}
        unknown = set(given) - set(FILTER_NAMES)
        if unknown:
            raise BadInputError(f"unknown filter {', '.join(sorted(unknown))}; use: {', '.join(FILTER_NAMES)}")
        found = cls(**{**given, **flags})
        found.check()
        return found

    def check(self) -> None:
        """A value that can never match is a typo: say which values exist."""
        for name, enum in _ENUMS.items():
            value = getattr(self, name)
            allowed = [str(v) for v in enum]
            if value is not None and value not in allowed:
                raise BadInputError(f"unknown {name} '{value}'; use one of: {', '.join(allowed)}")

    def as_kwargs(self) -> dict[str, Any]:
        """The six card filters by name (empty strings as None)."""
        return {name: getattr(self, name) or None for name in FILTER_NAMES}

    def any(self) -> bool:
        return any(self.as_kwargs().values())

    def accepts(self, card: Card) -> bool:
        """The same test as the database's, on a card already in memory."""
        if any(getattr(self, n) and str(getattr(card, n)) != getattr(self, n) for n in _ENUMS):
            return False
        if self.source and self.source.lower() not in card.source.name.lower():
            return False
        return not (self.tag and self.tag.lstrip("#").lower() not in [t.lower() for t in card.tags])
