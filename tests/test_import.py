"""Import semantics: idempotent re-import, edits, retirement, transactions, bad input, round trips."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import sobes
from conftest import FIXTURES, NOW, ROOT, seed
from sobes.errors import BadInputError, NotFoundError, SobesError, UnknownFormatError
from sobes.library import Library

CHANNEL = FIXTURES / "telegram_text" / "channel.txt"


def snapshot(lib: Library) -> list[dict]:
    return [c.to_dict() for c in lib.cards(include_retired=True, include_duplicates=True)]


def test_reimporting_the_same_file_changes_nothing(lib: Library) -> None:
    first = lib.import_path(seed("000"), now=NOW)
    before = snapshot(lib)
    again = lib.import_path(seed("000"))
    assert first.new == len(before) > 0
    assert (again.new, again.updated, again.retired) == (0, 0, 0)
    assert again.unchanged == first.new
    assert snapshot(lib) == before


def test_edited_file_updates_in_place_adds_and_retires(lib: Library, tmp_path: Path) -> None:
    src = tmp_path / "channel.txt"
    src.write_text(CHANNEL.read_text(encoding="utf-8"), encoding="utf-8")
    lib.import_path(src, now=NOW)
    ids = {c.question: c.id for c in lib.cards()}

    text = src.read_text(encoding="utf-8")
    text = text.replace("не зануляя.", "не зануляя (weight decay).")  # answer edited
    text = text.replace("Что такое ROC-AUC?", "Что такое PR-AUC?")  # question replaced
    src.write_text(text, encoding="utf-8")
    report = lib.import_path(src)

    assert report.updated >= 1 and report.new == 1 and report.retired == 1
    l1 = lib.card(ids["Чем отличается L1-регуляризация от L2?"])
    assert l1.answer and l1.answer.endswith("(weight decay).")
    assert l1.created_at == NOW.isoformat(timespec="seconds") and l1.updated_at > l1.created_at
    retired = lib.card(ids["Что такое ROC-AUC?"])
    assert retired.retired
    assert retired.id not in {c.id for c in lib.cards()}
    assert retired.id in {c.id for c in lib.cards(include_retired=True)}


def test_retired_card_comes_back_when_the_question_returns(lib: Library, tmp_path: Path) -> None:
    src = tmp_path / "channel.txt"
    original = CHANNEL.read_text(encoding="utf-8")
    src.write_text(original, encoding="utf-8")
    lib.import_path(src)
    src.write_text(original.replace("Что такое ROC-AUC?", "Что такое PR-AUC?"), encoding="utf-8")
    lib.import_path(src)
    src.write_text(original, encoding="utf-8")
    lib.import_path(src)
    assert any(c.question == "Что такое ROC-AUC?" and not c.retired for c in lib.cards())


def test_a_failing_import_leaves_the_library_exactly_as_before(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib.import_path(seed("001"))
    before = snapshot(lib)
    from sobes.store import cards as store

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "retire", boom)  # after every insert of the second file
    with pytest.raises(RuntimeError):
        lib.import_path(seed("000"))
    assert snapshot(lib) == before


def test_killing_the_import_process_halfway_leaves_the_library_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    with sobes.open(db) as lib:
        lib.import_path(seed("001"))
        before = snapshot(lib)
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as fh:
        for i in range(60000):
            fh.write(json.dumps({"id": f"big-{i}", "question": f"Question number {i}?", "answer": "x" * 200}) + "\n")
    script = (
        "import sys, sobes\n"
        "from sobes.store import cards as store\n"
        "orig = store.insert_cards\n"
        "def slow(conn, rows):\n"
        "    orig(conn, rows)\n"
        "    print('inserted', flush=True)\n"
        "    import time; time.sleep(30)\n"
        "store.insert_cards = slow\n"
        f"sobes.open({str(db)!r}).import_path({str(big)!r})\n"
    )
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "inserted"  # rows written, transaction open
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    with sobes.open(db) as lib:
        assert snapshot(lib) == before


def test_same_question_twice_in_one_file_keeps_both(lib: Library, tmp_path: Path) -> None:
    src = tmp_path / "bank.md"
    src.write_text("**What is bias?**\n\nOne answer.\n\n**What is bias?**\n\nAnother answer.\n", encoding="utf-8")
    report = lib.import_path(src)
    assert report.new == 2
    # Both are kept; analysis groups them (a repost), so the default listing shows one.
    assert len({c.id for c in lib.cards(include_duplicates=True)}) == 2


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_and_import_round_trip_without_loss(lib: Library, tmp_path: Path, fmt: str) -> None:
    lib.import_path(seed("000"), now=NOW)
    lib.import_path(CHANNEL, now=NOW)
    out = tmp_path / f"cards.{fmt}"
    n = lib.export(out, format=fmt)
    assert n == len(snapshot(lib))
    with sobes.open(tmp_path / "other.db") as other:
        report = other.import_path(out)
        assert report.new == n
        assert snapshot(other) == snapshot(lib)


def test_markdown_export_lists_every_card(lib: Library, tmp_path: Path) -> None:
    lib.import_path(CHANNEL)
    out = tmp_path / "cards.md"
    lib.export(out, format="md")
    text = out.read_text(encoding="utf-8")
    assert all(f"### {c.question}" in text for c in lib.cards())


def test_folder_import_reports_files_that_are_not_banks(lib: Library, tmp_path: Path) -> None:
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "a.txt").write_text(CHANNEL.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bank" / "notes.txt").write_text("just some words\nnothing here\n", encoding="utf-8")
    report = lib.import_path(tmp_path / "bank")
    assert report.new == 7
    assert [f.format for f in report.files if f.path.endswith("notes.txt")] == ["-"]


def test_glob_import(lib: Library) -> None:
    report = lib.import_path(str(seed("000").parent / "00[01]_*.txt"))
    assert len(report.files) == 2 and report.new > 30


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    ("name", "data", "error", "message"),
    [
        ("empty.txt", b"", BadInputError, "empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, BadInputError, "binary"),
        ("prose.txt", "Просто текст.\nБез вопросов и структуры.\n".encode(), UnknownFormatError, "--format"),
        ("cut.json", b'{"name": "x", "type": "public_channel", "id": 1, "messages": [{"id": 1, "type": "mes',
         BadInputError, "truncated"),
    ],
)
def test_bad_input_raises_one_clear_error(
    lib: Library, tmp_path: Path, name: str, data: bytes, error: type[SobesError], message: str
) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(error, match=message):
        lib.import_path(path)
    assert lib.count() == 0


def test_missing_path_is_not_found(lib: Library, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        lib.import_path(tmp_path / "nope.txt")


def test_folder_with_nothing_importable_is_an_error(lib: Library, tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.bin").write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(BadInputError, match="nothing importable"):
        lib.import_path(tmp_path / "d")


def test_file_over_the_size_limit_is_refused_quickly(lib: Library, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(70 * 1024 * 1024)  # sparse: 70 MB without writing them
    start = time.perf_counter()
    with pytest.raises(BadInputError, match="import limit"):
        lib.import_path(big)
    assert time.perf_counter() - start < 5


def test_a_50_mb_file_that_is_no_bank_fails_cleanly(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(b"lorem ipsum dolor sit amet\n" * (50 * 1024 * 1024 // 27))
    with pytest.raises(UnknownFormatError):
        lib.import_path(path)


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_legacy_cyrillic_encodings_are_read(lib: Library, tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, "legacy.txt", CHANNEL.read_text(encoding="utf-8").encode(encoding, errors="ignore"))
    lib.import_path(path)
    assert "Чем отличается L1-регуляризация от L2?" in {c.question for c in lib.cards()}


def test_utf8_with_bom_is_read(lib: Library, tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + CHANNEL.read_bytes())
    assert lib.import_path(path).new == 7


def test_forced_unknown_format_names_the_formats(lib: Library) -> None:
    with pytest.raises(UnknownFormatError, match="telegram-text"):
        lib.import_path(CHANNEL, format="docx")


def test_database_url_is_accepted(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'url.db'}"
    with sobes.open(url) as lib:
        lib.import_path(CHANNEL)
        assert lib.count() == 7
    assert (tmp_path / "url.db").exists()


def test_default_library_gets_the_starter_bank_and_named_ones_do_not(tmp_path: Path) -> None:
    with sobes.open() as lib:
        assert lib.count() >= 60
        langs = lib.stats()["by_lang"]
        assert set(langs) == {"en", "ru", "uk"}
    with sobes.open(tmp_path / "named.db") as named:
        assert named.count() == 0
    os.environ["SOBES_DB"] = str(tmp_path / "env.db")
    try:
        with sobes.open() as env_lib:
            assert env_lib.count() == 0
    finally:
        del os.environ["SOBES_DB"]


def test_schema_head_matches_the_newest_migration() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from sobes.store.db import MIGRATIONS
    from sobes.store.schema import HEAD_REVISION

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD_REVISION


def test_package_ships_migrations_and_starter_bank() -> None:
    assert (ROOT / "src/sobes/store/migrations/versions/0001_initial.py").exists()
    assert (ROOT / "src/sobes/data/starter.jsonl").exists()


def test_stats_count_retired_cards_and_duplicates_apart(lib: Library, tmp_path: Path) -> None:
    src = tmp_path / "channel.txt"
    src.write_text(CHANNEL.read_text(encoding="utf-8"), encoding="utf-8")
    lib.import_path(src, now=NOW)
    first, second = lib.cards()[:2]
    lib.link(second.id, first.id)
    src.write_text(src.read_text(encoding="utf-8").replace("Что такое ROC-AUC?", "Что такое PR-AUC?"),
                   encoding="utf-8")
    lib.import_path(src)
    stats = lib.stats()
    everything = lib.cards(include_retired=True, include_duplicates=True)
    assert stats["retired"] == sum(c.retired for c in everything) == 1
    assert stats["duplicates"] == sum(1 for c in everything if c.duplicate_of and not c.retired) >= 1
    assert stats["cards"] == len(lib.cards())
