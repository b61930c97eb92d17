"""Real-browser flows (Playwright driving Debian's chromium against a live uvicorn server):
search and open a card, study with the keyboard, a mock interview to its report, an upload.

Set SOBES_SCREENSHOTS=1 to (re)write the screenshots in docs/screenshots/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from sobes.library import Library
from sobes.web.app import create_app
from web_fixtures import CHROMIUM, CHROMIUM_ARGS, live_server, starter_library

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "screenshots"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Library]]:
    lib = starter_library(tmp_path_factory.mktemp("browser") / "lib.db", datetime.now(UTC))
    with live_server(create_app(lib)) as base:
        yield base, lib
    lib.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 860}, locale="en-US")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def shot(pg: Page, name: str, tmp_path: Path) -> None:
    pg.screenshot(path=str(tmp_path / f"{name}.png"))
    if os.environ.get("SOBES_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SHOTS / f"{name}.png"))


def test_search_and_open_a_card(site: tuple[str, Library], page: Page, tmp_path: Path) -> None:
    base, _ = site
    page.goto(base + "/")
    expect(page.locator(".card-item").first).to_be_visible()
    shot(page, "library", tmp_path)
    page.fill(".quick-search input[name=q]", "gradient boosting")
    page.press(".quick-search input[name=q]", "Enter")
    expect(page.locator(".hit").first).to_be_visible()
    assert page.locator(".hit mark").count() > 0
    shot(page, "search", tmp_path)
    page.locator(".hit a.q").first.click()
    expect(page.locator("h1.question")).to_be_visible()
    expect(page.locator(".answer-col .md")).to_be_visible()
    assert "/cards/" in page.url
    page.click(".keypoints-box summary")
    expect(page.locator(".keypoints-box ul.keypoints li").first).to_be_visible()
    shot(page, "card", tmp_path)


def test_card_with_translation_side_by_side_and_answer_feedback(
    site: tuple[str, Library], page: Page, tmp_path: Path
) -> None:
    base, lib = site
    grouped = next(c for c in lib.cards(include_duplicates=True) if lib.variants(c.id))
    page.goto(f"{base}/cards/{grouped.id}")
    expect(page.locator(".variants .variant").first).to_be_visible()
    page.fill(".check textarea[name=answer]", "Dropout randomly switches off neurons during training.")
    with page.expect_navigation():
        page.click(".check button[type=submit]")
    expect(page.locator(".feedback .score")).to_be_visible()
    for part in ("covered", "missed", "wrong"):
        expect(page.locator(f".feedback .fb-{part}")).to_be_visible()
    shot(page, "card_variants", tmp_path)
    page.locator(".check").scroll_into_view_if_needed()
    shot(page, "card_feedback", tmp_path)


def test_study_session_with_keyboard_ratings(site: tuple[str, Library], page: Page, tmp_path: Path) -> None:
    base, lib = site
    before = lib.progress().total_reviews
    page.goto(base + "/study")
    seen: list[str] = []
    for key in ("3", "4", "1"):
        card = page.locator("#study").get_attribute("data-card")
        assert card and card not in seen
        seen.append(card)
        expect(page.locator("#answer")).to_be_hidden()
        expect(page.locator("#show-answer")).to_be_visible()
        page.keyboard.press("Space")
        expect(page.locator("#answer")).to_be_visible()
        expect(page.locator("#show-answer")).to_be_hidden()
        if len(seen) == 1:
            shot(page, "study", tmp_path)
        with page.expect_navigation():
            page.keyboard.press(key)
    assert lib.progress().total_reviews == before + 3
    assert "comes back in" in page.content()


def test_mock_interview_to_its_report(site: tuple[str, Library], page: Page, tmp_path: Path) -> None:
    base, _ = site
    page.goto(base + "/interview")
    page.check("input[name=level][value=junior]")
    page.fill("input[name=minutes]", "8")
    with page.expect_navigation():
        page.click(".interview-form button[type=submit]")
    expect(page.locator("#timer")).to_be_visible()
    first_timer = page.locator("#timer").inner_text()
    page.fill("textarea[name=text]", "Bias is error from wrong assumptions; variance is sensitivity to the sample.")
    page.check("input[name=self_rating][value='3']")
    page.wait_for_timeout(1100)
    assert page.locator("#timer").inner_text() != first_timer, "the countdown runs"
    shot(page, "interview", tmp_path)
    with page.expect_navigation():
        page.click("#answer-form button[type=submit]")
    with page.expect_navigation():
        page.click("#finish")
    expect(page.locator("#report-summary")).to_be_visible()
    assert page.locator(".report li").count() >= 2
    shot(page, "interview_report", tmp_path)


def test_interview_says_when_time_is_up(site: tuple[str, Library], page: Page) -> None:
    base, _ = site
    page.clock.install()
    page.goto(base + "/interview")
    page.check("input[name=level][value=middle]")
    page.fill("input[name=minutes]", "1")
    with page.expect_navigation():
        page.click(".interview-form button[type=submit]")
    page.fill("textarea[name=text]", "half an answer")
    page.clock.fast_forward("01:05")
    expect(page.locator("#timer")).to_have_class(re.compile(r"\blate\b"))
    expect(page.locator("#timer-note")).to_contain_text("Time is up")
    expect(page.locator("#finish")).to_have_class("big")
    assert page.locator("textarea[name=text]").input_value() == "half an answer"  # nothing typed is lost


def test_upload_import_shows_the_report(site: tuple[str, Library], page: Page, tmp_path: Path) -> None:
    base, lib = site
    bank = tmp_path / "team bank.md"
    bank.write_text("# Team bank\n\n## Що таке A/B-тест і як обрати розмір вибірки?\n\n"
                    "Порівняння двох варіантів; розмір вибірки — з потужності тесту.\n", encoding="utf-8")
    page.goto(base + "/import")
    page.set_input_files("input[type=file]", str(bank))
    with page.expect_navigation():
        page.click("#upload-form button[type=submit]")
    expect(page.locator("#import-report")).to_be_visible()
    assert "team bank.md" in page.locator("#import-report").inner_text()
    shot(page, "import", tmp_path)
    # (The starter bank asks the same in English, so the card may join that group: count it either way.)
    assert lib.count(source="team bank", include_duplicates=True) == 1


def test_progress_and_settings_pages_render(site: tuple[str, Library], page: Page, tmp_path: Path) -> None:
    base, _ = site
    page.goto(base + "/progress")
    expect(page.locator("svg.chart").first).to_be_visible()
    shot(page, "progress", tmp_path)
    page.goto(base + "/settings")
    page.select_option("select[name=ui_lang]", "ru")
    with page.expect_navigation():
        page.click(".settings button[type=submit]")
    expect(page.locator(".main-nav")).to_contain_text("Библиотека")
    shot(page, "settings", tmp_path)
    page.select_option("select[name=ui_lang]", "en")
    with page.expect_navigation():
        page.click(".settings button[type=submit]")


def test_sign_up_then_study_on_a_shared_server(tmp_path: Path, browser: Browser) -> None:
    lib = starter_library(tmp_path / "shared.db", datetime.now(UTC))
    with live_server(create_app(lib, users=True)) as base:
        context = browser.new_context(viewport={"width": 1200, "height": 860}, locale="en-US")
        pg = context.new_page()
        pg.goto(base + "/study")
        assert "/login" in pg.url
        shot(pg, "login", tmp_path)
        pg.goto(base + "/signup")
        pg.fill("input[name=username]", "olena")
        pg.fill("input[name=password]", "a long enough password")
        with pg.expect_navigation():
            pg.click(".auth button[type=submit]")
        expect(pg.locator(".who")).to_contain_text("olena")
        pg.goto(base + "/study")
        pg.keyboard.press("Space")
        with pg.expect_navigation():
            pg.keyboard.press("3")
        context.close()
    assert lib.progress(user="olena").total_reviews == 1
    assert lib.progress(user="local").total_reviews == 0
    lib.close()
