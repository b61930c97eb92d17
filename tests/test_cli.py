"""The CLI in-process: exit codes, exact messages, JSON output, help for every command."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, ROOT, seed
from sobes.cli import app

CHANNEL = FIXTURES / "telegram_text" / "channel.txt"
runner = CliRunner()


def run(*args: str, db: Path | None = None) -> tuple[int, str, str]:
    argv = list(args) + (["--db", str(db)] if db else [])
    result = runner.invoke(app, argv)
    return result.exit_code, result.stdout, result.stderr


def sobes_cmd(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sobes", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_import_prints_a_summary_table(tmp_path: Path) -> None:
    code, out, _ = run("import", str(CHANNEL), db=tmp_path / "l.db")
    assert code == 0
    assert "channel.txt" in out and "telegram-text" in out
    assert re.search(r"skipped: .*ad 1", out)



def test_import_table_shows_only_counts_that_happened(tmp_path: Path) -> None:
    _, first, _ = run("import", str(CHANNEL), db=tmp_path / "l.db")
    _, again, _ = run("import", str(CHANNEL), db=tmp_path / "l.db")
    assert "unchanged" not in first and "retired" not in first
    assert re.search(r"channel\.txt\s+telegram-text\s+\d+\s+0\s+(\d+)\s+\d+", again)
    assert "unchanged" in again and "retired" not in again

def test_import_verbose_lists_skipped_blocks_with_lines(tmp_path: Path) -> None:
    code, out, _ = run("import", "-v", str(CHANNEL), db=tmp_path / "l.db")
    assert code == 0
    assert re.search(r"channel\.txt:\d+ ad: ", out)
    assert re.search(r"channel\.txt:\d+ link-only: ", out)


def test_import_json_report(tmp_path: Path) -> None:
    code, out, _ = run("import", "--json", str(CHANNEL), db=tmp_path / "l.db")
    data = json.loads(out)
    assert code == 0 and data["new"] == 7 and data["skipped"]["ad"] == 1


def test_list_json_has_the_card_shape(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    run("import", str(CHANNEL), db=db)
    code, out, _ = run("list", "--format", "json", "--limit", "100", db=db)
    cards = json.loads(out)
    assert code == 0 and len(cards) == 7
    card = cards[0]
    for key in ("id", "question", "answer", "kind", "lang", "topic", "topics", "level", "section", "tags",
                "reactions", "duplicate_of", "source", "created_at", "updated_at"):
        assert key in card
    assert set(card["source"]) == {"name", "format", "line", "message_id"}


def test_list_filters_and_pages(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    run("import", str(CHANNEL), str(seed("001")), db=db)
    _, out, _ = run("list", "--format", "json", "--tag", "валидация", db=db)
    assert [c["question"] for c in json.loads(out)] == ["Какие бывают виды кросс-валидации?"]
    _, out, _ = run("list", "--format", "json", "--source", "001_", "--limit", "5", "--page", "2", db=db)
    page2 = json.loads(out)
    assert len(page2) == 5 and all(c["source"]["name"].startswith("001_") for c in page2)
    _, out, _ = run("list", "--format", "json", "--lang", "en", db=db)
    assert json.loads(out) == []


def test_show_renders_the_answer_and_json(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    run("import", str(CHANNEL), db=db)
    _, out, _ = run("list", "--format", "json", db=db)
    first = json.loads(out)[0]
    code, out, _ = run("show", first["id"][:6], db=db)
    assert code == 0 and "L1 добавляет" in out and first["id"] in out
    code, out, _ = run("show", first["id"], "--format", "json", db=db)
    assert json.loads(out) == first


def test_stats_json(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    run("import", str(CHANNEL), db=db)
    code, out, _ = run("stats", "--format", "json", db=db)
    stats = json.loads(out)
    assert code == 0 and stats["cards"] == 7 and stats["by_lang"] == {"ru": 7}


def test_export_writes_the_file(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    run("import", str(CHANNEL), db=db)
    code, out, _ = run("export", str(tmp_path / "out.csv"), "--format", "csv", db=db)
    assert code == 0 and "wrote 7 cards" in out
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").startswith("id,question,answer")


def test_sobes_db_environment_variable_selects_the_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOBES_DB", str(tmp_path / "env.db"))
    run("import", str(CHANNEL))
    assert (tmp_path / "env.db").exists()
    _, out, _ = run("stats", "--format", "json")
    assert json.loads(out)["cards"] == 7


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "doesnotexist"], "error: no card with id 'doesnotexist'"),
        (["import", "/no/such/file.txt"], "error: /no/such/file.txt: no such file or folder"),
        (["export", "x.pdf", "--format", "pdf"], "error: unknown export format 'pdf'"),
        (["export", "x.pdf"], "error: cannot tell the export format from '.pdf'"),
        (["import"], "error: name a file, folder or glob to import"),
        (["list", "--level", "lead"], "error: unknown level 'lead'; use one of: junior, middle, senior"),
        (["import", str(Path(__file__).parent / "fixtures" / "markdown"), "--format", "json"],
         "error: no format named 'json'; formats: "),
    ],
)
def test_errors_are_one_line_with_exit_code_1(tmp_path: Path, args: list[str], message: str) -> None:
    proc = sobes_cmd(*args, "--db", str(tmp_path / "l.db"))
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert proc.stderr.startswith(message)
    assert "Traceback" not in proc.stderr


def test_bad_file_in_import_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02\x03" * 64)
    proc = sobes_cmd("import", str(bad), "--db", str(tmp_path / "l.db"))
    assert proc.returncode == 1
    assert proc.stderr.strip() == "error: bad.bin: this is a binary file, not a text or JSON question bank"


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or ""
        code, out, _ = run(name, "--help")
        assert code == 0 and "Usage" in out, name
        assert f"sobes {name}" in readme, f"README does not mention `sobes {name}`"


def test_help_starts_fast() -> None:
    # Start-up must not import the heavy parts (SQLAlchemy engine, Alembic, Rich markdown).
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import sobes.cli.app"], capture_output=True, text=True
    )
    assert "alembic" not in proc.stderr


@pytest.mark.parametrize("args", [["lst"], ["list", "--limit", "x"], []])
def test_usage_errors_print_usage_not_a_traceback(tmp_path: Path, args: list[str]) -> None:
    proc = sobes_cmd(*args)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "Usage: sobes" in proc.stdout + proc.stderr
