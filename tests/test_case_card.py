"""The case in the library: a starter card that says how to run it, and the seed post recognised as the case."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import seed
from sobes.cases import CASES, match_case, statement
from sobes.library import Library, starter_path
from sobes.model import Kind


def case_line() -> str:
    lines = starter_path().read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if '"case-electrolysis"' in line)


def test_starter_case_card_imports_and_tells_how_to_run_it(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "case.jsonl"
    path.write_text(case_line() + "\n", encoding="utf-8")
    lib.import_path(path, format="jsonl", analyze=False)
    card = lib.card("case-electrolysis")
    assert card.kind == Kind.CASE
    assert "case:electrolysis" in card.tags
    assert "sobes case electrolysis generate" in (card.answer or "")
    assert json.loads(case_line())["id"] == CASES["electrolysis"].card_id


def test_the_seed_post_with_the_assignment_is_recognised() -> None:
    text = seed("002").read_text(encoding="utf-8")
    assert match_case(text) == "electrolysis"
    assert match_case("What is the bias-variance trade-off?") is None


def test_statement_is_ours_and_names_the_files() -> None:
    text = statement("electrolysis")
    for name in ("3min Series (00sec) Outer new.csv", "target.csv", "boards.png", "avg_mass_apg"):
        assert name in text
    seed_text = seed("002").read_text(encoding="utf-8")
    # Written in our own words: no long sentence of the original reappears.
    for sentence in seed_text.split("."):
        if len(sentence.strip()) > 60:
            assert sentence.strip() not in text


def test_the_imported_assignment_post_points_to_the_runnable_case(lib: Library) -> None:
    from typer.testing import CliRunner

    from conftest import seed
    from sobes.cli import app

    lib.import_path(seed("002"))
    cases = [c for c in lib.cards(source="002", include_duplicates=True) if "case:electrolysis" in c.tags]
    assert len(cases) == 1 and cases[0].kind == "case"
    out = CliRunner().invoke(app, ["show", cases[0].id, "--db", lib.location])
    assert out.exit_code == 0 and "sobes case show electrolysis" in out.output
