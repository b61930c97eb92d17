from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import sobes
from sobes.library import Library
from sobes.model import RawItem, Skip

ROOT = Path(__file__).resolve().parents[1]
# The real documents live beside the checkout (../shared), never inside it; SOBES_SHARED
# points elsewhere for a checkout that sits somewhere else.
SHARED = Path(os.environ.get("SOBES_SHARED") or ROOT.parent / "shared")
SEEDS = SHARED / "seeds"
SAMPLES = SHARED / "samples"
FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


def pytest_configure(config: pytest.Config) -> None:
    if not any(SEEDS.glob("*.txt")):
        raise pytest.UsageError(
            f"the seed documents are not in {SEEDS}: clone sobes next to shared/ "
            "or set SOBES_SHARED=/path/to/shared"
        )


def seed(prefix: str) -> Path:
    """A seed document by its number prefix ("000" ... "004")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = sobes.open(tmp_path / "lib.db")
    yield library
    library.close()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Never touch the real user's library, whatever a test opens by default.
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SOBES_DB", raising=False)


def split_items(items: Iterable[RawItem | Skip]) -> tuple[list[RawItem], list[Skip]]:
    """A parser's output as (cards, skips)."""
    out = list(items)
    return [i for i in out if isinstance(i, RawItem)], [i for i in out if isinstance(i, Skip)]


def one_by_message(cards: list[RawItem], message_id: int) -> RawItem:
    found = [c for c in cards if c.message_id == message_id]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(autouse=True, scope="session")
def _shared_vector_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # Every test library embeds the same seeds and starter bank: share one on-disk cache of
    # vectors by text so each text is encoded once per run (a kept cache makes reruns fast).
    import os

    from sobes.embed import reset_encoder

    path = os.environ.get("SOBES_TEST_EMBED_CACHE") or str(ROOT / ".pytest_cache" / "sobes-embed.sqlite")
    old = os.environ.get("SOBES_EMBED_CACHE")
    os.environ["SOBES_EMBED_CACHE"] = path
    reset_encoder()
    yield
    if old is None:
        os.environ.pop("SOBES_EMBED_CACHE", None)
    else:
        os.environ["SOBES_EMBED_CACHE"] = old
    reset_encoder()
