"""The web app on PostgreSQL (a team server): accounts, login limits, settings and the pages
work on the web tables of migration 0007 there too. A private server is started for the test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import sobes
from conftest import NOW
from pg_server import temp_postgres
from sobes.library import Library
from sobes.web.app import create_app
from web_fixtures import TestClient, csrf_from


@pytest.fixture(scope="module")
def pg_lib() -> Iterator[Library]:
    with temp_postgres() as url:
        lib = sobes.open(url)
        lib.import_starter(now=NOW)
        yield lib
        lib.close()


def test_accounts_settings_and_pages_on_postgres(pg_lib: Library) -> None:
    with TestClient(create_app(pg_lib, users=True, clock=lambda: NOW)) as client:
        page = client.get("/signup")
        signup = client.post("/signup", data={"username": "Taras", "password": "correct horse battery",
                                               "csrf_token": csrf_from(page.text)}, follow_redirects=False)
        assert signup.status_code == 303
        assert client.get("/api/session").json()["is_admin"] is True  # the first account
        saved = client.post("/api/settings", json={"ui_lang": "uk", "new_per_day": 7})
        assert saved.status_code == 200 and saved.json()["ui_lang"] == "uk" and saved.json()["new_per_day"] == 7
        assert "Бібліотека" in client.get("/").text
        card = pg_lib.cards(limit=1)[0]
        assert client.get(f"/cards/{card.id}").status_code == 200
        review = client.post("/api/study/review", json={"card_id": card.id, "rating": 3})
        assert review.status_code == 200
        client.post("/api/logout")
        for _ in range(5):
            wrong = client.post("/api/login", json={"username": "taras", "password": "not it at all"})
            assert wrong.status_code == 401
        limited = client.post("/api/login", json={"username": "taras", "password": "correct horse battery"})
        assert limited.status_code == 429 and "wait" in limited.json()["error"]
    assert pg_lib.progress(NOW, user="taras").total_reviews == 1
