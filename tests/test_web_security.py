"""Untrusted content renders harmlessly; CSRF; accounts, admin-only import, per-user reviews."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import NOW
from sobes.library import Library
from sobes.web.app import create_app
from sobes.web.render import inline_html, markdown_html, snippet_html
from web_fixtures import TestClient, csrf_from, starter_library

EVIL_ANSWER = (
    "Answer with <script>alert(1)</script> and <img src=x onerror=\"alert(2)\"> and "
    "[click me](javascript:alert(3)) and <a href=\"javascript:alert(4)\" onclick=\"alert(5)\">raw</a> "
    "and <iframe src=\"https://example.com\"></iframe> <svg onload=alert(6)></svg>"
)


def evil_bank(folder: Path) -> Path:
    path = folder / "evil channel.md"
    path.write_text(
        "# Imported from a channel\n\n"
        "## What does <script>alert('q')</script> do here?\n\n" + EVIL_ANSWER + "\n\n"
        "## What is a very long line?\n\n" + "A" * 5_000_000 + "\n\n"
        "## Is $x^2$ safe next to <b onmouseover=alert(7)>bold</b>?\n\nYes: $$\\frac{1}{2}$$\n",
        encoding="utf-8",
    )
    return path


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_harmless(html: str) -> None:
    """Real elements only (escaped text that shows "<script>" as text is fine)."""
    parser = _Tags()
    parser.feed(html)
    our_script = [t for t, a in parser.tags if t == "script" and dict(a).get("src") != "/static/app.js"]
    assert not our_script, "a script element survived"
    assert not [t for t, _ in parser.tags if t in ("iframe", "img", "object", "embed")]
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), f"an event handler survived: <{tag} {name}>"
            assert not (value or "").strip().lower().startswith("javascript:"), f"a javascript: URL survived in <{tag}>"


@pytest.fixture(scope="module")
def evil(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Library]]:
    folder = tmp_path_factory.mktemp("evil")
    lib = starter_library(folder / "lib.db", NOW)
    with TestClient(create_app(lib, clock=lambda: NOW)) as client:
        r = client.post("/import", files={"file": ("evil channel.md", evil_bank(folder).read_bytes(), "text/markdown")},
                        data={"csrf_token": csrf_from(client.get("/import").text)})
        assert r.status_code == 200, r.text[:500]
        yield client, lib
    lib.close()


def test_imported_script_handlers_and_javascript_links_render_harmlessly(evil: tuple[TestClient, Library]) -> None:
    client, lib = evil
    cards = lib.cards(source="evil channel")
    assert len(cards) == 3
    for card in cards:
        r = client.get(f"/cards/{card.id}")
        assert r.status_code == 200
        assert_harmless(r.text)
    listing = client.get("/?source=evil channel")
    assert_harmless(listing.text)
    found = client.get("/search?q=alert")
    assert found.status_code == 200
    assert_harmless(found.text)


def test_five_megabyte_single_line_renders_quickly_and_cut(evil: tuple[TestClient, Library]) -> None:
    client, lib = evil
    long_card = next(c for c in lib.cards(source="evil channel") if c.answer and len(c.answer) >= 5_000_000)
    r = client.get(f"/cards/{long_card.id}")
    assert r.status_code == 200
    assert len(r.text) < 400_000, "the page is cut, not 5 MB"
    assert "more characters not shown" in r.text
    api = client.get(f"/api/cards/{long_card.id}")
    assert len(api.json()["answer"]) == 5_000_000  # the data itself is untouched


def test_renderer_keeps_markup_mathml_and_code_but_drops_active_content() -> None:
    html = markdown_html(EVIL_ANSWER + "\n\n$$\\sqrt{x}$$\n\n```python\nprint('hi')\n```\n\n**bold** <b>raw</b>")
    assert_harmless(html)
    assert "<math" in html and "<msqrt>" in html
    assert '<span class="nb">print</span>' in html
    assert "<strong>bold</strong>" in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html  # raw HTML from a source is shown as text
    assert_harmless(inline_html("<img src=x onerror=alert(1)> [x](javascript:alert(1))"))
    assert snippet_html("a &lt;b&gt; <mark>c</mark><script>x</script>") == "a &lt;b&gt; <mark>c</mark>"


def test_form_without_csrf_token_is_refused(evil: tuple[TestClient, Library]) -> None:
    client, lib = evil
    card = lib.due(NOW, limit=1)[0]
    for path, data in [
        ("/study/review", {"card_id": card.id, "rating": "3"}),
        ("/settings", {"retention": "0.8", "new_per_day": "5", "ui_lang": "en"}),
        ("/interview", {"level": "middle", "topics": "ml", "minutes": "5"}),
        ("/study/undo", {}),
    ]:
        r = client.post(path, data=data)
        assert r.status_code == 403, path
        assert "reload the page" in r.text
    wrong = client.post("/study/review", data={"card_id": card.id, "rating": "3", "csrf_token": "forged"})
    assert wrong.status_code == 403
    assert lib.study_settings("local").new_per_day != 5


def test_api_writes_need_json_or_the_csrf_header(evil: tuple[TestClient, Library]) -> None:
    client, lib = evil
    card = lib.due(NOW, limit=1)[0]
    # A cross-site page can send text/plain or a form without a preflight: refused.
    plain = client.post("/api/study/review", content=f'{{"card_id": "{card.id}", "rating": 3}}',
                        headers={"content-type": "text/plain"})
    assert plain.status_code == 403 and "error" in plain.json()
    form = client.post("/api/import", files={"file": ("a.md", b"# Q\n\n## Why?\n\nBecause.\n", "text/markdown")})
    assert form.status_code == 403


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[tuple[TestClient, Library]]:
    lib = starter_library(tmp_path / "lib.db", NOW)
    with TestClient(create_app(lib, users=True, clock=lambda: NOW)) as client:
        yield client, lib
    lib.close()


def signup(client: TestClient, name: str, password: str = "correct horse battery") -> None:
    page = client.get("/signup")
    r = client.post("/signup", data={"username": name, "password": password, "csrf_token": csrf_from(page.text)},
                    follow_redirects=False)
    assert r.status_code == 303, r.text[:300]


def api_token(client: TestClient) -> str:
    return str(client.get("/api/session").json()["csrf_token"])


def test_pages_need_a_login_when_accounts_are_on(shared: tuple[TestClient, Library]) -> None:
    client, _ = shared
    r = client.get("/study", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fstudy"
    assert client.get("/api/cards").status_code == 401
    assert client.get("/api/cards").json()["error"] == "log in first"
    assert client.get("/login").status_code == 200


def test_first_account_is_admin_and_others_cannot_import(tmp_path: Path) -> None:
    lib = starter_library(tmp_path / "lib.db", NOW)
    app = create_app(lib, users=True, clock=lambda: NOW)
    with TestClient(app) as admin, TestClient(app) as other:
        signup(admin, "alice")
        signup(other, "bob")
        assert admin.get("/api/session").json()["is_admin"] is True
        assert other.get("/api/session").json()["is_admin"] is False
        upload = {"file": ("b.md", b"# Bank\n\n## What is a p-value?\n\nA probability.\n", "text/markdown")}
        page = other.get("/import")
        assert "Only an administrator" in page.text
        refused = other.post("/import", files=upload, data={"csrf_token": csrf_from(page.text)})
        assert refused.status_code == 403
        api = other.post("/api/import", files=upload, headers={"x-csrf-token": api_token(other)})
        assert api.status_code == 403
        ok = admin.post("/api/import", files=upload, headers={"x-csrf-token": api_token(admin)})
        assert ok.status_code == 200 and ok.json()["new"] == 1
    lib.close()


def test_user_a_cannot_see_or_change_user_b_reviews(tmp_path: Path) -> None:
    lib = starter_library(tmp_path / "lib.db", NOW)
    app = create_app(lib, users=True, clock=lambda: NOW)
    with TestClient(app) as a, TestClient(app) as b:
        signup(a, "anna")
        signup(b, "boris")
        card = a.get("/api/study/due?limit=1").json()["cards"][0]
        r = a.post("/api/study/review", json={"card_id": card["id"], "rating": 4})
        assert r.status_code == 200
        assert a.get("/api/progress").json()["total_reviews"] == 1
        assert b.get("/api/progress").json()["total_reviews"] == 0
        assert b.get("/api/study/due?limit=1").json()["cards"][0]["id"] == card["id"]  # still new for B
        assert b.post("/api/study/undo", json={}).json() is None  # B cannot undo A's rating
        assert a.get("/api/progress").json()["total_reviews"] == 1
        interview = a.post("/api/interview", json={"level": "middle", "topics": ["ml"], "minutes": 4}).json()
        assert b.get(f"/api/interview/{interview['id']}").status_code == 404
        assert b.post(f"/api/interview/{interview['id']}/finish", json={}).status_code == 404
        assert b.get(f"/interview/{interview['id']}").status_code == 404
        assert a.get(f"/api/interview/{interview['id']}").status_code == 200
    assert lib.progress(NOW, user="anna").total_reviews == 1
    lib.close()


def test_login_logout_and_wrong_password(shared: tuple[TestClient, Library]) -> None:
    client, _ = shared
    signup(client, "carol", "a long enough password")
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)})
    assert client.get("/", follow_redirects=False).status_code == 303
    page = client.get("/login")
    bad = client.post("/login", data={"username": "carol", "password": "nope-nope", "csrf_token": csrf_from(page.text)})
    assert bad.status_code == 401 and "wrong username or password" in bad.text
    good = client.post("/login", data={"username": "Carol", "password": "a long enough password", "next": "/progress",
                                       "csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert good.status_code == 303 and good.headers["location"] == "/progress"
    assert client.get("/api/session").json()["user"] == "carol"


def test_login_redirect_never_leaves_the_site(shared: tuple[TestClient, Library]) -> None:
    client, _ = shared
    signup(client, "dave", "a long enough password")
    page = client.get("/login?next=//evil.example/x")
    assert 'value="/"' in page.text
    r = client.post("/login", data={"username": "dave", "password": "a long enough password",
                                    "next": "https://evil.example/", "csrf_token": csrf_from(page.text)},
                    follow_redirects=False)
    assert r.headers["location"] == "/"


def test_repeated_failed_logins_are_rate_limited(shared: tuple[TestClient, Library]) -> None:
    client, _ = shared
    signup(client, "erin", "the right password")
    client.post("/api/logout", json={})
    for _ in range(5):
        assert client.post("/api/login", json={"username": "erin", "password": "guess"}).status_code == 401
    blocked = client.post("/api/login", json={"username": "erin", "password": "the right password"})
    assert blocked.status_code == 429 and "too many failed logins" in blocked.json()["error"]


def test_signup_validation_and_taken_names(shared: tuple[TestClient, Library]) -> None:
    client, _ = shared
    assert client.post("/api/signup", json={"username": "x", "password": "long enough pw"}).status_code == 400
    assert client.post("/api/signup", json={"username": "frank", "password": "short"}).status_code == 400
    assert client.post("/api/signup", json={"username": "frank", "password": "long enough pw"}).status_code == 200
    taken = client.post("/api/signup", json={"username": "FRANK", "password": "long enough pw"})
    assert taken.status_code == 400 and "taken" in taken.json()["error"]


def test_tampered_session_cookie_is_ignored(shared: tuple[TestClient, Library]) -> None:
    client, _ = shared
    signup(client, "grace", "a long enough password")
    value = client.cookies.get("sobes_session")
    assert value
    client.cookies.clear()
    client.cookies.set("sobes_session", value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"))
    assert client.get("/api/session").json()["user"] is None
    assert client.get("/api/cards").status_code == 401


def test_session_cookie_is_httponly_and_samesite(shared: tuple[TestClient, Library]) -> None:
    client, _ = shared
    r = client.get("/login")
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_address_limit_is_looser_than_the_username_limit(shared: tuple[TestClient, Library]) -> None:
    client, _ = shared
    signup(client, "hana", "the right password")
    client.post("/api/logout", json={})
    for name in ("ivan", "jane"):  # another person's typos from the same address...
        for _ in range(5):
            client.post("/api/login", json={"username": name, "password": "guess"})
    ok = client.post("/api/login", json={"username": "hana", "password": "the right password"})
    assert ok.status_code == 200  # ...do not lock everyone else out


def test_session_survives_odd_cookies_from_other_local_apps(shared: tuple[TestClient, Library]) -> None:
    client, _ = shared
    signup(client, "kira", "a long enough password")
    value = client.cookies.get("sobes_session")
    odd = f'other={{"json": [1,2]}}; weird=a b c; sobes_session={value}; last="x"'
    client.cookies.clear()
    assert client.get("/api/session").json()["user"] is None
    r = client.get("/api/session", headers={"cookie": odd})
    assert r.json()["user"] == "kira"
