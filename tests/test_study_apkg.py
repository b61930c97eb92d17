"""Anki export: a valid .apkg (zip + SQLite collection), one deck per topic, HTML with MathJax
delimiters, tags, and stable GUIDs across exports."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sobes.apkg import to_html
from sobes.cli.app import app
from sobes.errors import BadInputError
from sobes.library import Library
from study_bank import TOPICS, import_bank


def _collection(apkg: Path, tmp: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(apkg) as z:
        assert "collection.anki2" in z.namelist()
        z.extract("collection.anki2", tmp)
    return sqlite3.connect(tmp / "collection.anki2")


@pytest.fixture
def bank(lib: Library, tmp_path: Path) -> Library:
    import_bank(lib, tmp_path)
    return lib


def test_apkg_is_a_valid_anki_package_with_a_deck_per_topic(bank: Library, tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    n = bank.export(out, "apkg")
    db = _collection(out, tmp_path / "one")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    notes = db.execute("SELECT guid, flds, tags FROM notes").fetchall()
    assert len(notes) == n == len(bank.cards(include_retired=True, include_duplicates=True))
    assert db.execute("SELECT count(*) FROM cards").fetchone()[0] == n
    decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    names = {d["name"] for d in decks.values()}
    assert {f"sobes::{t}" for t in (*TOPICS, "rl")} <= names
    fields = {flds.split("\x1f")[3]: (flds.split("\x1f"), tags) for _, flds, tags in notes}
    question, answer, source, _ = fields["bank-1"][0]
    assert "Question number 1" in question and "<strong>more</strong>" in answer
    assert r"\(x_1^2\)" in answer and "$" not in answer
    assert source.startswith("bank.jsonl")
    tags = fields["bank-1"][1].split()
    assert {"topic::ml", "level::junior", "source::bank.jsonl"} <= set(tags)


def test_a_second_export_keeps_the_same_guids_and_ids(bank: Library, tmp_path: Path) -> None:
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    bank.export(first, "apkg")
    bank.export(second, "apkg")
    a, b = _collection(first, tmp_path / "a"), _collection(second, tmp_path / "b")
    query = "SELECT n.guid, n.mid, c.did FROM notes n JOIN cards c ON c.nid = n.id ORDER BY n.guid"
    rows = a.execute(query).fetchall()
    assert rows == b.execute(query).fetchall() and len({r[0] for r in rows}) == len(rows)
    assert set(json.loads(a.execute("SELECT decks FROM col").fetchone()[0])) == set(
        json.loads(b.execute("SELECT decks FROM col").fetchone()[0])
    )


def test_markdown_and_math_become_safe_html() -> None:
    html = to_html("Inline $a < b$, display:\n\n$$\\sum_i x_i$$\n\nprice $5 or $10 <script>x()</script>")
    assert r"\(a &lt; b\)" in html and r"\[\sum_i x_i\]" in html
    assert "price $5 or $10" in html and "<script>" not in html and "&lt;script&gt;" in html


def test_cli_export_picks_apkg_from_the_file_name(bank: Library, tmp_path: Path) -> None:
    out = tmp_path / "cli.apkg"
    result = CliRunner().invoke(app, ["export", str(out), "--db", bank.location])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(out)


def test_export_to_a_folder_is_refused(bank: Library, tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="is a folder"):
        bank.export(tmp_path, "apkg")
