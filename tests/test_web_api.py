"""The JSON API: every call, shapes equal to the CLI's --format json, errors as {"error": ...}."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import NOW
from sobes.library import Library
from sobes.model import Card
from sobes.web.app import create_app
from web_fixtures import TestClient, csrf_from, starter_library


@pytest.fixture(scope="module")
def web_lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = starter_library(tmp_path_factory.mktemp("api") / "lib.db", NOW)
    yield lib
    lib.close()


@pytest.fixture(scope="module")
def api(web_lib: Library) -> Iterator[TestClient]:
    with TestClient(create_app(web_lib, clock=lambda: NOW)) as c:
        yield c


def test_cards_list_is_the_cli_json_shape_with_total_header(api: TestClient, web_lib: Library) -> None:
    r = api.get("/api/cards?topic=ml&limit=5&offset=2")
    assert r.status_code == 200
    expected = [c.to_dict() for c in web_lib.cards(topic="ml", limit=5, offset=2)]
    assert r.json() == expected
    assert int(r.headers["x-total-count"]) == web_lib.count(topic="ml")
    assert set(expected[0]) >= {"id", "question", "answer", "kind", "lang", "topic", "topics", "level", "section",
                                "tags", "reactions", "duplicate_of", "source", "created_at", "updated_at"}


def test_cards_paging_and_all_flag_like_sobes_list(api: TestClient, web_lib: Library) -> None:
    second = api.get("/api/cards?limit=7&page=2").json()
    assert second == [c.to_dict() for c in web_lib.cards(limit=7, offset=7)]
    everything = api.get("/api/cards?all=true&limit=10000")
    hidden = web_lib.count(include_duplicates=True, include_retired=True)
    assert len(everything.json()) == int(everything.headers["x-total-count"]) == hidden
    assert hidden > web_lib.count()  # the starter bank has a translation pair: one is a duplicate


def test_one_card_and_errors_as_json(api: TestClient, web_lib: Library) -> None:
    card = web_lib.cards(limit=1)[0]
    assert api.get(f"/api/cards/{card.id}").json() == card.to_dict()
    missing = api.get("/api/cards/nope-nope")
    assert missing.status_code == 404 and missing.json() == {"error": "no card with id 'nope-nope'"}
    bad = api.get("/api/cards?level=guru")
    assert bad.status_code == 400 and "unknown level 'guru'" in bad.json()["error"]
    invalid = api.get("/api/cards?limit=0")
    assert invalid.status_code == 422 and "limit" in invalid.json()["error"]


def test_stats(api: TestClient, web_lib: Library) -> None:
    assert api.get("/api/stats").json()["cards"] == web_lib.count()


def test_search_returns_hits_like_the_cli(api: TestClient, web_lib: Library) -> None:
    r = api.get("/api/search?q=gradient boosting&limit=3")
    assert r.status_code == 200
    hits = r.json()
    assert 1 <= len(hits) <= 3
    assert hits == [h.to_dict() for h in web_lib.search("gradient boosting", limit=3)]
    assert set(hits[0]) == {"card", "score", "snippet", "also_in"}
    assert api.get("/api/search").status_code == 422
    assert api.get("/api/search?q=x&topic=astrology").status_code == 400


def test_grade_gives_feedback(api: TestClient, web_lib: Library) -> None:
    card = next(c for c in web_lib.cards(kind="qa") if c.answer)
    r = api.post("/api/grade", json={"card_id": card.id, "answer": "Trees are averaged to reduce variance."})
    assert r.status_code == 200
    body = r.json()
    assert 0 <= body["score"] <= 100 and {"covered", "missed", "wrong", "related"} <= set(body)
    assert api.post("/api/grade", json={"card_id": "nope", "answer": "x"}).status_code == 404
    assert api.post("/api/grade", json={"card_id": card.id}).status_code == 422
    alias = api.post("/api/grade", json={"card_id": card.id, "answer_text": "Trees are averaged to reduce variance."})
    assert alias.json()["score"] == body["score"]


def test_due_review_undo_cycle(api: TestClient) -> None:
    due = api.get("/api/study/due?limit=3").json()
    assert set(due) == {"counts", "cards"} and len(due["cards"]) == 3
    card_id = due["cards"][0]["id"]
    r = api.post("/api/study/review", json={"card_id": card_id, "rating": 3, "duration_s": 5})
    assert r.status_code == 200
    schedule = r.json()
    assert schedule["card_id"] == card_id and schedule["rating"] == 3 and schedule["due"] > NOW.isoformat()[:10]
    assert card_id not in [c["id"] for c in api.get("/api/study/due?limit=3").json()["cards"]]
    undone = api.post("/api/study/undo", json={})
    assert undone.status_code == 200 and undone.json()["card_id"] == card_id
    assert api.post("/api/study/review", json={"card_id": card_id, "rating": 7}).status_code == 422
    assert api.post("/api/study/review", json={"card_id": "nope", "rating": 3}).status_code == 404


def test_progress_shape(api: TestClient, web_lib: Library) -> None:
    body = api.get("/api/progress").json()
    assert body == web_lib.progress(NOW).to_dict()
    assert {"totals", "by_topic_level", "reviews_per_day", "forecast", "streak"} <= set(body)


def test_settings_read_and_update(api: TestClient) -> None:
    assert api.get("/api/settings").json()["new_per_day"] >= 0
    r = api.post("/api/settings", json={"new_per_day": 11, "ui_lang": "ru"})
    assert r.status_code == 200 and r.json()["new_per_day"] == 11 and r.json()["ui_lang"] == "ru"
    assert api.post("/api/settings", json={"ui_lang": "fr"}).status_code == 400
    assert api.post("/api/settings", json={"retention": 0.3}).status_code == 400
    api.post("/api/settings", json={"new_per_day": 20, "ui_lang": "en"})


def test_interview_start_answer_finish(api: TestClient) -> None:
    started = api.post("/api/interview", json={"level": "junior", "topics": ["ml", "stats"], "minutes": 8})
    assert started.status_code == 200
    session = started.json()
    assert session["cards"] and session["minutes"] == 8
    first = session["cards"][0]["id"]
    answer = api.post(f"/api/interview/{session['id']}/answer",
                      json={"card_id": first, "text": "my answer", "seconds": 40, "self_rating": 2})
    assert answer.status_code == 200 and answer.json()["card_id"] == first
    assert len(api.get(f"/api/interview/{session['id']}").json()["answers"]) == 1
    report = api.post(f"/api/interview/{session['id']}/finish", json={}).json()
    assert report["answered"] == 1 and len(report["questions"]) == len(session["cards"])
    again = api.post(f"/api/interview/{session['id']}/answer", json={"card_id": first, "text": "late"})
    assert again.status_code == 400 and "finished" in again.json()["error"]
    assert api.post("/api/interview", json={"level": "wizard"}).status_code == 400
    assert api.get("/api/interview/nope").status_code == 404


def test_import_api_returns_the_import_report(api: TestClient) -> None:
    token = api.get("/api/session").json()["csrf_token"]
    bank = b"# Bank\n\n## What is a confidence interval?\n\nA range that covers the parameter.\n"
    r = api.post("/api/import", files={"file": ("stats bank.md", bank, "text/markdown")},
                 headers={"x-csrf-token": token})
    assert r.status_code == 200
    report = r.json()
    assert report["new"] == 1 and report["files"][0]["path"].endswith("stats bank.md")
    bad = api.post("/api/import", files={"file": ("x.bin", b"\x00\x01\x02" * 100, "application/octet-stream")},
                   headers={"x-csrf-token": token})
    assert 400 <= bad.status_code < 500 and bad.json()["error"]


def test_session_without_accounts_is_the_local_admin(api: TestClient) -> None:
    body = api.get("/api/session").json()
    assert body["user"] == "local" and body["is_admin"] is True and body["users"] is False
    assert api.post("/api/login", json={"username": "a", "password": "b"}).status_code == 400


def test_electrolysis_predict_api(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    token = {"x-csrf-token": api.get("/api/session").json()["csrf_token"]}
    bad = api.post("/api/cases/electrolysis/predict", files={"file": ("s.csv", b"a,b\n1,2\n", "text/csv")},
                   headers=token)
    assert bad.status_code == 400 and "columns" in bad.json()["error"]

    import pandas as pd

    import sobes.cases.electrolysis as case

    def fake_predict(data: Any, model: Any = None, labs: Any = None) -> pd.DataFrame:
        assert Path(data).read_bytes() == b"Time,x\n"
        return pd.DataFrame({"timestamp": pd.to_datetime(["2024-01-01 00:03"]), "prediction": [2.5]})

    monkeypatch.setattr(case, "predict", fake_predict)
    ok = api.post("/api/cases/electrolysis/predict", files={"file": ("s.csv", b"Time,x\n", "text/csv")}, headers=token)
    assert ok.status_code == 200
    assert ok.json() == {"predictions": [{"timestamp": "2024-01-01 00:03:00", "prediction": 2.5}], "count": 1}


def test_electrolysis_predict_on_a_generated_series(api: TestClient, tmp_path: Path) -> None:
    from sobes.cases.electrolysis import generate, predict

    generate(tmp_path, days=2, seed=3)
    series = next(tmp_path.glob("3min Series*.csv"))
    token = {"x-csrf-token": api.get("/api/session").json()["csrf_token"]}
    r = api.post("/api/cases/electrolysis/predict", files={"file": (series.name, series.read_bytes(), "text/csv")},
                 headers=token)
    assert r.status_code == 200, r.text[:300]
    body = r.json()
    expected = predict(series)
    assert body["count"] == len(expected) == len(body["predictions"]) > 0
    first = body["predictions"][0]
    assert first["timestamp"] == str(expected["timestamp"].iloc[0])
    assert first["prediction"] == pytest.approx(float(expected["prediction"].iloc[0]))


def test_openapi_documents_the_api(api: TestClient) -> None:
    schema = api.get("/openapi.json").json()
    for path in ("/api/cards", "/api/cards/{card_id}", "/api/search", "/api/study/due", "/api/study/review",
                 "/api/grade", "/api/progress", "/api/import", "/api/interview", "/api/cases/electrolysis/predict"):
        assert path in schema["paths"], path
    assert not any(p in schema["paths"] for p in ("/", "/study", "/cards/{card_id}"))  # pages stay out


def test_security_headers_on_every_response(api: TestClient) -> None:
    for path in ("/", "/api/cards?limit=1", "/nowhere"):
        headers = api.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_keypoints_and_variants(api: TestClient, web_lib: Library) -> None:
    card = next(c for c in web_lib.cards(kind="qa") if c.answer)
    body = api.get(f"/api/cards/{card.id}/keypoints").json()
    assert body == {"card_id": card.id, "keypoints": web_lib.keypoints(card.id)}
    grouped = next(c for c in web_lib.cards(include_duplicates=True) if c.duplicate_of)
    variants = api.get(f"/api/cards/{grouped.id}/variants").json()
    assert [v["id"] for v in variants] == [v.id for v in web_lib.variants(grouped.id)]
    assert grouped.duplicate_of in [v["id"] for v in variants]
    assert api.get("/api/cards/nope/keypoints").status_code == 404


def test_an_open_question_without_a_reference_is_studied_without_a_grade(tmp_path: Path) -> None:
    import json

    bank = tmp_path / "open.jsonl"
    bank.write_text(json.dumps({"id": "open-1", "question": "Tell us about a project you are proud of.",
                                "answer": None, "kind": "question", "lang": "en", "topic": "career",
                                "topics": ["career"], "tags": []}) + "\n", encoding="utf-8")
    lib = starter_library(tmp_path / "lib.db", NOW)
    lib.import_path(bank, format="jsonl")
    with TestClient(create_app(lib, clock=lambda: NOW)) as api:
        assert "/cards/open-1/feedback" not in api.get("/cards/open-1").text  # no form to grade against nothing
        _study_without_a_grade(api, lib.card("open-1"))
    lib.close()


def _study_without_a_grade(api: TestClient, card: Card) -> None:
    r = api.post("/api/grade", json={"card_id": card.id, "answer": "anything"})
    assert r.status_code == 400 and "no reference answer" in r.json()["error"]
    page = api.post(f"/cards/{card.id}/feedback", data={"answer": "x", "csrf_token": "forged"})
    assert page.status_code == 403  # the CSRF check still comes first
    # studying goes on without a grade: the answer is revealed for a self-rating
    token = csrf_from(api.get("/study").text)
    check = api.post("/study/check", data={"card_id": card.id, "answer": "my answer", "csrf_token": token})
    assert check.status_code == 200 and 'id="rate"' in check.text and "Score" not in check.text
