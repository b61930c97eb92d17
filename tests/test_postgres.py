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


def test_study_reviews_undo_and_progress_on_postgres(pg_lib: Library) -> None:
    from datetime import timedelta

    pg_lib.import_starter(now=NOW)
    due = pg_lib.due(now=NOW, limit=3, user="pg-user")
    assert len(due) == 3
    again = pg_lib.review(due[0].id, 1, now=NOW, user="pg-user")
    assert again.due - NOW <= timedelta(minutes=30)
    good = pg_lib.review(due[1].id, 3, now=NOW, user="pg-user")
    undone = pg_lib.undo(user="pg-user")
    assert undone is not None and undone.card_id == good.card_id
    assert due[1].id in {c.id for c in pg_lib.due(now=NOW, limit=100, user="pg-user")}
    progress = pg_lib.progress(now=NOW, user="pg-user").to_dict()
    assert progress  # the per-topic aggregation queries run on PostgreSQL
    other = pg_lib.due(now=NOW, limit=100, user="someone-else")
    assert due[0].id in {c.id for c in other}  # review state is per user


def test_analysis_link_and_unlink_on_postgres(pg_lib: Library) -> None:
    pg_lib.import_starter(now=NOW)
    first, second = pg_lib.cards(limit=2)
    linked = pg_lib.link(second.id, first.id)
    assert linked.duplicate_of == first.id
    assert second.id in {c.id for c in pg_lib.variants(first.id)}
    assert pg_lib.unlink(second.id).duplicate_of is None


def test_search_by_words_typos_and_meaning_on_postgres(pg_lib: Library) -> None:
    pg_lib.import_starter(now=NOW)
    hits = pg_lib.search("dropout", limit=5)
    assert hits and "dropout" in hits[0].card.question.lower()
    assert "<mark>" in hits[0].snippet
    typo = pg_lib.search("перобучение", limit=5)  # "переобучение" misspelt, in-memory index
    assert typo and any("перенавч" in h.card.question.lower() or "переобуч" in h.card.question.lower()
                        or "overfit" in h.card.question.lower() for h in typo)
    only_ru = pg_lib.search("gradient boosting", limit=5, lang="ru")
    assert only_ru and all(str(h.card.lang) == "ru" for h in only_ru)
