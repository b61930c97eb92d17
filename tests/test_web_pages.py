"""The HTML pages through FastAPI's TestClient: every route renders, forms work, errors are pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest

from conftest import NOW
from sobes.library import Library
from sobes.web.app import create_app
from web_fixtures import TestClient, csrf_from, starter_library


@pytest.fixture(scope="module")
def web_lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = starter_library(tmp_path_factory.mktemp("web") / "lib.db", NOW)
    yield lib
    lib.close()


@pytest.fixture(scope="module")
def client(web_lib: Library) -> Iterator[TestClient]:
    with TestClient(create_app(web_lib, clock=lambda: NOW)) as c:
        yield c


def token(client: TestClient, path: str = "/settings") -> str:
    return csrf_from(client.get(path).text)


@pytest.mark.parametrize(
    "path, marker",
    [
        ("/", "card-list"),
        ("/search?q=overfitting", "hits"),
        ("/study", "study"),
        ("/interview", "interview-form"),
        ("/progress", "chart"),
        ("/import", "upload-form"),
        ("/settings", "retention"),
    ],
)
def test_every_page_renders_with_navigation(client: TestClient, path: str, marker: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert marker in r.text
    assert 'href="/progress"' in r.text and "/static/style.css" in r.text


def test_head_answers_like_get_without_a_body(client: TestClient, web_lib: Library) -> None:
    for path in ("/", f"/cards/{web_lib.cards(limit=1)[0].id}", "/api/cards?limit=2"):
        head, get = client.head(path), client.get(path)
        assert head.status_code == get.status_code == 200 and head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]
    assert client.head("/cards/no-such-card").status_code == 404


def test_static_assets_and_code_styles_are_served(client: TestClient) -> None:
    assert "--accent" in client.get("/static/style.css").text
    assert "keydown" in client.get("/static/app.js").text
    css = client.get("/code.css")
    assert css.status_code == 200 and ".k" in css.text


def test_library_filters_count_and_page(client: TestClient, web_lib: Library) -> None:
    expected = web_lib.count(topic="ml", lang="en")
    r = client.get("/?topic=ml&lang=en")
    assert r.status_code == 200
    assert f"<strong>{expected}</strong>" in r.text
    shown = re.findall(r'class="q" href="/cards/([^"]+)"', r.text)
    assert shown and all(web_lib.card(cid).topic == "ml" and web_lib.card(cid).lang == "en" for cid in shown)
    total = web_lib.count()
    page2 = client.get("/?page=2")
    first_on_2 = re.findall(r'class="q" href="/cards/([^"]+)"', page2.text)[0]
    assert first_on_2 == web_lib.cards(limit=1, offset=30)[0].id if total > 30 else True
    assert 'rel="prev"' in page2.text


def test_unknown_filter_value_is_a_readable_400_page(client: TestClient) -> None:
    r = client.get("/?topic=astrology")
    assert r.status_code == 400
    assert "unknown topic 'astrology'" in unescape(r.text) and "Traceback" not in r.text


def test_card_page_shows_answer_source_line_and_feedback_form(client: TestClient, web_lib: Library) -> None:
    card = next(c for c in web_lib.cards() if c.answer and c.source.line)
    r = client.get(f"/cards/{card.id}")
    assert r.status_code == 200
    assert card.source.name in r.text and f"line {card.source.line}" in r.text
    assert 'action="/cards/' in r.text and "csrf_token" in r.text
    ambiguous = client.get(f"/cards/{card.id[:3]}")
    assert ambiguous.status_code == 404 and "ambiguous" in ambiguous.text


def test_card_page_renders_formulas_as_mathml_and_highlights_code(client: TestClient, web_lib: Library) -> None:
    with_formula = [c for c in web_lib.cards() if c.answer and "$" in c.answer]
    with_code = [c for c in web_lib.cards() if c.answer and "```" in c.answer]
    assert with_formula and with_code, "the starter bank has formulas and code"
    assert "<math" in client.get(f"/cards/{with_formula[0].id}").text
    html = client.get(f"/cards/{with_code[0].id}").text
    assert re.search(r'<span class="(k|n|nf|o|p)">', html)


def test_unknown_card_is_a_404_page(client: TestClient) -> None:
    r = client.get("/cards/does-not-exist")
    assert r.status_code == 404
    assert "no card with id" in r.text


def test_missing_route_is_a_404_page_and_json_under_api(client: TestClient) -> None:
    assert client.get("/nowhere").status_code == 404
    r = client.get("/api/nowhere")
    assert r.status_code == 404 and "error" in r.json()


def test_search_page_highlights_matches(client: TestClient) -> None:
    r = client.get("/search?q=gradient")
    assert r.status_code == 200
    assert "<mark>" in r.text.lower()
    assert client.get("/search").status_code == 200  # empty query: the hint, no error


def test_card_feedback_form_shows_covered_missed_wrong(client: TestClient, web_lib: Library) -> None:
    card = next(c for c in web_lib.cards(kind="qa") if c.answer)
    answer = "It is about regularisation and variance."
    r = client.post(f"/cards/{card.id}/feedback", data={"answer": answer, "csrf_token": token(client)})
    assert r.status_code == 200
    for word in ("Covered", "Missed", "Wrong", "Score"):
        assert word in r.text
    # related cards are named by their question, not by a bare id
    page = unescape(r.text)
    for related_id in web_lib.grade(card.id, answer).related[:5]:
        assert web_lib.card(related_id).question[:60] in page


def test_study_page_rates_with_a_form_and_undo_restores(client: TestClient, web_lib: Library) -> None:
    first = web_lib.due(NOW, limit=1)[0]
    page = client.get("/study")
    assert first.id in page.text and 'data-key="3"' in page.text
    r = client.post("/study/review", data={"card_id": first.id, "rating": "3", "duration_s": "4.2",
                                           "csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/study?last=")
    after = client.get(r.headers["location"])
    assert first.id not in re.findall(r'data-card="([^"]+)"', after.text)
    assert "comes back in" in after.text
    undo = client.post("/study/undo", data={"csrf_token": csrf_from(after.text)}, follow_redirects=False)
    assert undo.status_code == 303
    assert f'data-card="{first.id}"' in client.get("/study").text


def test_study_check_grades_and_reveals_answer(client: TestClient, web_lib: Library) -> None:
    first = web_lib.due(NOW, limit=1)[0]
    r = client.post("/study/check", data={"card_id": first.id, "answer": "bias and variance",
                                          "csrf_token": token(client, "/study")})
    assert r.status_code == 200
    assert 'id="answer" >' in r.text or 'id="answer">' in r.text  # not hidden
    assert "Score" in r.text


def test_study_review_with_bad_rating_is_refused(client: TestClient) -> None:
    r = client.post("/study/review", data={"card_id": "x", "rating": "9", "csrf_token": token(client)})
    assert r.status_code == 422 and "rating" in r.text


def test_interview_runs_to_its_report(client: TestClient) -> None:
    start = client.post("/interview", data={"level": "middle", "topics": ["ml", "dl"], "minutes": "8",
                                            "csrf_token": token(client, "/interview")}, follow_redirects=False)
    assert start.status_code == 303
    url = start.headers["location"]
    page = client.get(url)
    assert 'id="timer"' in page.text
    answered = 0
    while 'name="card_id"' in page.text and answered < 10:
        card_id = re.search(r'name="card_id" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        r = client.post(f"{url}/answer", data={"card_id": card_id, "text": "an answer", "self_rating": "3",
                                               "seconds": "30", "csrf_token": csrf_from(page.text)})
        assert r.status_code == 200
        page = r
        answered += 1
    assert answered >= 1
    done = client.post(f"{url}/finish", data={"csrf_token": csrf_from(page.text)})
    assert done.status_code == 200 and "report-summary" in done.text
    assert f"{answered}/{answered}" in done.text
    again = client.get(f"{url}/report")
    assert again.status_code == 200 and f"{answered}/{answered}" in again.text  # the stored report, not a rerun
    finished = client.get(url, follow_redirects=False)
    assert finished.status_code == 303 and finished.headers["location"].endswith("/report")


def test_progress_page_draws_svg_charts_after_reviews(client: TestClient, web_lib: Library) -> None:
    r = client.get("/progress")
    assert r.status_code == 200
    assert r.text.count("<svg") == 3 and "<rect" in r.text


def test_settings_save_changes_study_settings_and_interface_language(client: TestClient, web_lib: Library) -> None:
    r = client.post("/settings", data={"retention": "0.85", "new_per_day": "7", "ui_lang": "uk",
                                       "csrf_token": token(client)}, follow_redirects=True)
    assert r.status_code == 200
    assert "Збережено" in r.text and "Бібліотека" in r.text
    settings = web_lib.study_settings("local")
    assert settings.retention == pytest.approx(0.85) and settings.new_per_day == 7
    bad = client.post("/settings", data={"retention": "0.2", "new_per_day": "7", "ui_lang": "uk",
                                         "csrf_token": token(client)})
    assert bad.status_code == 400
    client.post("/settings", data={"retention": "0.9", "new_per_day": "20", "ui_lang": "en",
                                   "csrf_token": token(client)})
    assert "Library" in client.get("/").text


def test_interface_language_follows_the_browser_until_chosen(tmp_path: Path) -> None:
    lib = starter_library(tmp_path / "l.db", NOW)
    with TestClient(create_app(lib)) as c:
        assert "Библиотека" in c.get("/", headers={"accept-language": "ru-RU,ru;q=0.9"}).text
        assert "Library" in c.get("/", headers={"accept-language": "de"}).text
    lib.close()


def test_import_page_uploads_a_file_and_shows_the_report(client: TestClient, tmp_path: Path) -> None:
    text = "# Вопросы\n\n## Что такое ROC-AUC и как его интерпретировать?\n\nПлощадь под ROC-кривой.\n"
    files = {"file": ("my bank.md", text.encode(), "text/markdown")}
    r = client.post("/import", files=files, data={"csrf_token": token(client, "/import")})
    assert r.status_code == 200, r.text[:800]
    assert "import-report" in r.text and "my bank.md" in r.text
    again = client.post("/import", files=files, data={"csrf_token": token(client, "/import")})
    assert re.search(r"<strong>0</strong><span>new", again.text)


def test_several_files_are_imported_together(client: TestClient, web_lib: Library) -> None:
    parts = [
        ("part one.md", "# Part one\n\n## Навіщо потрібна нормалізація ознак перед kNN?\n\n"
                        "Відстані залежать від масштабу.\n"),
        ("part two.md", "# Part two\n\n## Why does kNN slow down at prediction time?\n\n"
                        "It compares with every stored point.\n"),
    ]
    files = [("file", (name, text.encode(), "text/markdown")) for name, text in parts]
    r = client.post("/import", files=files, data={"csrf_token": token(client, "/import")})
    assert r.status_code == 200, r.text[:800]
    assert "part one.md" in r.text and "part two.md" in r.text
    assert web_lib.count(source="part one") == 1 and web_lib.count(source="part two") == 1
    api = client.post("/api/import", files=files[:1], headers={"x-csrf-token": token(client, "/import")})
    assert api.status_code == 200 and api.json()["unchanged"] == 1  # re-importing changes nothing


def test_import_of_an_unknown_format_or_empty_file_is_a_clear_error(client: TestClient) -> None:
    bad = client.post("/import", files={"file": ("x.bin", bytes(range(256)) * 10, "application/octet-stream")},
                      data={"csrf_token": token(client, "/import")})
    assert 400 <= bad.status_code < 500 and 'class="error"' in bad.text
    empty = client.post("/import", files={"file": ("e.md", b"", "text/markdown")},
                        data={"csrf_token": token(client, "/import")})
    assert empty.status_code == 400 and "empty" in empty.text


def test_upload_over_the_limit_is_refused(tmp_path: Path) -> None:
    lib = starter_library(tmp_path / "l.db", NOW)
    with TestClient(create_app(lib, max_upload=1000)) as c:
        big = b"# Q\n\n## What?\n\n" + b"x" * 5000
        r = c.post("/import", files={"file": ("big.md", big, "text/markdown")},
                   data={"csrf_token": csrf_from(c.get("/import").text)})
        assert r.status_code == 413 and "larger than" in r.text
        huge = c.post("/api/import", files={"file": ("big.md", b"x" * 200_000, "text/markdown")},
                      headers={"x-csrf-token": csrf_from(c.get("/import").text)})
        assert huge.status_code == 413 and "too large" in huge.json()["error"]
    lib.close()


def test_login_pages_redirect_home_without_accounts(client: TestClient) -> None:
    for path in ("/login", "/signup"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/"


def test_key_points_load_on_demand_as_page_and_fragment(client: TestClient, web_lib: Library) -> None:
    card = next(c for c in web_lib.cards(kind="qa") if c.answer)
    html = client.get(f"/cards/{card.id}").text
    assert f'data-load="/cards/{card.id}/keypoints?fragment=1"' in html
    points = web_lib.keypoints(card.id)
    assert points
    fragment = client.get(f"/cards/{card.id}/keypoints?fragment=1").text
    assert fragment.strip().startswith('<ul class="keypoints">') and "<html" not in fragment
    assert unescape(fragment).count("<li>") == len(points)
    full = client.get(f"/cards/{card.id}/keypoints").text
    assert "<html" in full and 'class="keypoints"' in full


def test_interview_question_can_be_skipped(client: TestClient) -> None:
    start = client.post("/interview", data={"level": "senior", "topics": ["ml"], "minutes": "4",
                                            "csrf_token": token(client, "/interview")}, follow_redirects=False)
    url = start.headers["location"]
    page = client.get(url)
    card_id = re.search(r'name="card_id" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    r = client.post(f"{url}/answer", data={"card_id": card_id, "skip": "1", "csrf_token": csrf_from(page.text)})
    assert r.status_code == 200
    report = client.post(f"{url}/finish", data={"csrf_token": csrf_from(r.text)})
    assert "0/" in report.text and 'class="weak"' in report.text and "not answered" in report.text


def test_study_page_filters_by_topic(client: TestClient, web_lib: Library) -> None:
    first = web_lib.due(NOW, limit=1, topic="stats")[0]
    page = client.get("/study?topic=stats")
    assert f'data-card="{first.id}"' in page.text
    assert 'name="topic" value="stats"' in page.text  # the rating form keeps the filter
    assert client.get("/study?topic=astrology").status_code == 400


def test_library_without_web_tables_still_serves(tmp_path: Path) -> None:
    # A development library stamped at revision 0007 before the web tables were part of it.
    import sqlite3

    path = tmp_path / "old.db"
    starter_library(path, NOW).close()
    with sqlite3.connect(path) as con:
        for table in ("web_users", "web_login_attempts", "web_settings", "web_meta"):
            con.execute(f"DROP TABLE {table}")
    with TestClient(create_app(str(path))) as c:
        assert c.get("/").status_code == 200
        assert c.post("/api/settings", json={"ui_lang": "uk"}).status_code == 200


def test_interview_answer_given_aloud_counts_as_answered(client: TestClient, web_lib: Library) -> None:
    start = client.post("/interview", data={"level": "junior", "topics": ["python"], "minutes": "4",
                                            "csrf_token": token(client, "/interview")}, follow_redirects=False)
    url = start.headers["location"]
    page = client.get(url)
    card_id = re.search(r'name="card_id" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    client.post(f"{url}/answer", data={"card_id": card_id, "spoken": "1", "self_rating": "4",
                                       "csrf_token": csrf_from(page.text)})
    session = web_lib.interview(url.rsplit("/", 1)[1])
    assert session.answers[card_id]["spoken"] is True and session.answers[card_id]["rating"] == 4
