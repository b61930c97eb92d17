"""The library page's counts cache: fresh values reused, stale ones served while one
background refresh runs, an import through the web clears it."""

from __future__ import annotations

import threading
import time
from typing import Any, cast

from sobes.library import Library
from sobes.web.views import StatsCache


class SlowCounts:
    """Stands in for a Library: stats() blocks until released, so we can see who waits."""

    def __init__(self) -> None:
        self.calls = 0
        self.release = threading.Event()
        self.release.set()

    def stats(self) -> dict[str, Any]:
        self.release.wait(5)
        self.calls += 1
        return {"cards": self.calls}

    def count(self, **filters: Any) -> int:
        self.calls += 1
        return 100 + self.calls


def test_stale_value_is_served_while_one_background_refresh_runs() -> None:
    fake = SlowCounts()
    lib = cast(Library, fake)
    cache = StatsCache(ttl=0.05)
    assert cache.get(lib) == {"cards": 1}  # the first call computes in the foreground
    assert cache.get(lib) == {"cards": 1} and fake.calls == 1  # fresh: reused
    time.sleep(0.08)
    fake.release.clear()  # the refresh will hang until released
    started = time.perf_counter()
    for _ in range(5):
        assert cache.get(lib) == {"cards": 1}  # stale, but nobody waits for the recount
    assert time.perf_counter() - started < 0.5
    fake.release.set()
    deadline = time.monotonic() + 5
    while cache.get(lib) != {"cards": 2}:
        assert time.monotonic() < deadline, "the background refresh never landed"
        time.sleep(0.01)
    assert fake.calls == 2  # one refresh, however many requests saw the stale value


def test_clear_forces_a_recount_and_counts_are_per_filter() -> None:
    fake = SlowCounts()
    lib = cast(Library, fake)
    cache = StatsCache(ttl=60)
    ru = cache.count(lib, {"lang": "ru"})
    assert cache.count(lib, {"lang": "ru"}) == ru
    uk = cache.count(lib, {"lang": "uk"})
    assert uk != ru
    cache.clear()
    assert cache.count(lib, {"lang": "ru"}) not in (ru, uk)
