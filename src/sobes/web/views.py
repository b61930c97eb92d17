"""Page data built from Library calls, shared by a page and its /api/ twin where they match."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any
from urllib.parse import urlencode

from sobes.filters import CardFilter
from sobes.library import Library
from sobes.model import Card, Kind, Lang, Level, Topic

PER_PAGE = 30
STATS_TTL = 5.0  # seconds; facet counts change only on import, a short cache keeps pages fast
LIST_CHARS = 400


def query_string(filters: CardFilter, **extra: Any) -> str:
    """The query string for these filters plus extra params (for paging links)."""
    values: dict[str, Any] = {k: v for k, v in filters.as_kwargs().items() if v}
    values.update({k: v for k, v in extra.items() if v is not None})
    return urlencode(values)


class StatsCache:
    """``lib.stats()`` and filtered counts, shared by all requests of one app.

    Counting scans the cards table (``lib.stats()`` ~55 ms at 10,000 cards, a filtered count
    ~5 ms), and the numbers change only when something is imported. So a value is reused
    for a few seconds, and once it is older it is still served while one background thread
    recomputes it: no page waits for a recount except the very first one (an import through
    the web clears the cache; an import from the CLI shows up within seconds).
    """

    MAX_COUNTS = 512

    def __init__(self, ttl: float = STATS_TTL) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._values: dict[Hashable, tuple[float, Any]] = {}
        self._refreshing: set[Hashable] = set()
        self._generation = 0  # bumped by clear(): a refresh begun before it is not stored

    def get(self, lib: Library) -> dict[str, Any]:
        value: dict[str, Any] = self._cached(("stats",), lib.stats)
        return value

    def count(self, lib: Library, filters: dict[str, Any]) -> int:
        key = ("count", *sorted(filters.items()))
        value: int = self._cached(key, lambda: lib.count(**filters))
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._generation += 1

    def _cached(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            hit = self._values.get(key)
            generation = self._generation
            stale = hit is not None and time.monotonic() - hit[0] > self.ttl
            if stale and key not in self._refreshing:
                self._refreshing.add(key)
                threading.Thread(target=self._refresh, args=(key, compute, generation), daemon=True).start()
        if hit is not None:
            return hit[1]
        value = compute()
        self._store(key, value, generation)
        return value

    def _refresh(self, key: Hashable, compute: Callable[[], Any], generation: int) -> None:
        try:
            self._store(key, compute(), generation)
        except Exception:  # noqa: BLE001 - the next request computes it again in the foreground
            with self._lock:
                self._values.pop(key, None)
        finally:
            with self._lock:
                self._refreshing.discard(key)

    def _store(self, key: Hashable, value: Any, generation: int) -> None:
        with self._lock:
            if generation != self._generation:
                return
            if len(self._values) >= self.MAX_COUNTS:
                self._values.clear()
            self._values[key] = (time.monotonic(), value)


def short(text: str, limit: int = LIST_CHARS) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


def library_data(lib: Library, cache: StatsCache, filters: CardFilter, page_no: int) -> dict[str, Any]:
    kwargs = filters.as_kwargs()
    total = cache.count(lib, kwargs)
    pages = max(1, math.ceil(total / PER_PAGE))
    page_no = min(max(page_no, 1), pages)
    cards = lib.cards(**kwargs, limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE)
    stats = cache.get(lib)
    return {
        "cards": cards,
        "total": total,
        "page": page_no,
        "pages": pages,
        "filters": filters,
        "prev_query": query_string(filters, page=page_no - 1),
        "next_query": query_string(filters, page=page_no + 1),
        "choices": {
            "topic": [(str(t), stats["by_topic"].get(str(t), 0)) for t in Topic],
            "level": [(str(v), stats["by_level"].get(str(v), 0)) for v in Level],
            "lang": [(str(v), stats["by_lang"].get(str(v), 0)) for v in Lang],
            "kind": [(str(v), stats["by_kind"].get(str(v), 0)) for v in Kind],
            "source": sorted(stats["by_source"].items()),
        },
        "library_total": stats["cards"],
    }


def variants_of(lib: Library, card: Card) -> list[Card]:
    """The other members of the card's duplicate group, canonical first."""
    return lib.variants(card.id)


def keypoints_of(lib: Library, card: Card) -> list[str]:
    return lib.keypoints(card.id)


def related_cards(lib: Library, card_ids: list[str], limit: int = 5) -> list[Card]:
    """The cards a feedback points to (shown by their question, not a bare id); ids that
    vanished since (a re-import retired them) are left out."""
    from sobes.errors import NotFoundError

    found: list[Card] = []
    for card_id in card_ids[:limit]:
        try:
            found.append(lib.card(card_id))
        except NotFoundError:
            continue
    return found


def try_grade(lib: Library, card: Card, answer: str) -> Any | None:
    """Feedback on a typed answer during study; None when there is nothing to grade against
    (an empty answer, an open question without a reference): the learner rates themselves."""
    if not answer.strip() or not card.answer:
        return None
    return lib.grade(card.id, answer)
