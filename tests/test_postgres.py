"""The same library on PostgreSQL (the team-server setup): every migration applies and the
core flows work. A private server is started for the test (see tests/pg_server.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import sobes
from conftest import NOW, seed
from pg_server import temp_postgres
from sobes.library import Library


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with temp_postgres() as url:
        yield url


@pytest.fixture
def pg_lib(pg_url: str) -> Iterator[Library]:
    lib = sobes.open(pg_url)
    yield lib
    lib.close()


def test_migrations_reach_head_on_postgres(pg_lib: Library) -> None:
    from sobes.store.db import current_revision
    from sobes.store.schema import HEAD_REVISION

    assert current_revision(pg_lib.engine) == HEAD_REVISION


def test_import_list_and_reimport_on_postgres(pg_lib: Library) -> None:
    first = pg_lib.import_path(seed("001"), now=NOW)
    assert first.files[0].new > 0
    again = pg_lib.import_path(seed("001"), now=NOW)
    assert again.files[0].new == 0 and again.files[0].unchanged == first.files[0].new
    cards = pg_lib.cards(source="001")
    assert cards and all(c.source.name.startswith("001") for c in cards)
    assert pg_lib.card(cards[0].id[:8]).id == cards[0].id
    from sobes.library import starter_path

    bank = [line for line in starter_path().read_text(encoding="utf-8").splitlines() if line.strip()]
    starter = pg_lib.import_starter(now=NOW)
    assert starter.files[0].new == len(bank)
    assert pg_lib.stats()["cards"] >= len(bank)
