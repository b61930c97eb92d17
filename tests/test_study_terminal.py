"""The terminal flows as a person uses them: `sobes study` and `sobes interview` driven
through a pseudo-terminal with single keys, Ctrl-C included; plus the non-interactive
commands in-process."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

import pexpect
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

import sobes
from conftest import NOW
from sobes.cli.app import app
from sobes.study.tables import review_log
from study_bank import import_bank

SOBES = str(Path(sys.executable).with_name("sobes"))
runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lib.db"
    with sobes.open(path) as lib:
        import_bank(lib, tmp_path)
    return path


def _spawn(*args: str) -> pexpect.spawn:
    child = pexpect.spawn(SOBES, list(args), encoding="utf-8", timeout=30, dimensions=(50, 120))
    return child


def _log(db: Path) -> list[tuple[str, int, bool]]:
    with sobes.open(db) as lib, lib.engine.connect() as conn:
        rows = conn.execute(select(review_log.c.card_id, review_log.c.rating, review_log.c.undone)
                            .order_by(review_log.c.id))
        return [(r.card_id, r.rating, bool(r.undone)) for r in rows]


def test_study_in_a_terminal_with_undo_and_ctrl_c(db: Path) -> None:
    child = _spawn("study", "--db", str(db))
    child.expect("new today")
    child.expect("Enter show answer")
    child.send("\r")
    child.expect("reference answer")
    child.expect("Easy")
    child.send("3")  # Good
    child.expect(r"next in \d+ days?")
    child.expect("Enter show answer")
    child.send("t")  # type an answer first
    child.expect("Your answer")
    child.sendline("my attempt at it")
    child.sendline("")
    child.expect("reference answer")
    child.expect("Easy")
    child.send("1")  # Again
    child.expect(r"next in 10 min")
    child.expect("Enter show answer")
    child.send("u")  # undo the Again
    child.expect("undid Again")
    child.expect("card 2")
    child.send("\r")
    child.expect("Easy")
    child.send("4")
    child.expect("next in")
    child.expect("Enter show answer")
    child.sendintr()  # Ctrl-C in the middle of the next card
    child.expect("interrupted")
    child.expect("session summary")
    child.expect("reviewed 2 cards")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    log = _log(db)
    assert [(r, u) for _, r, u in log] == [(3, False), (1, True), (4, False)]
    assert log[1][0] == log[2][0]
    with sobes.open(db) as lib:
        assert not {log[0][0], log[2][0]} & {c.id for c in lib.due(limit=100)}


def test_quitting_with_q_prints_a_summary(db: Path) -> None:
    child = _spawn("study", "--db", str(db), "--topic", "rl")
    child.expect("Enter show answer")
    child.send("\r")
    child.expect("Easy")
    child.send("2")
    child.expect("next in 15 min")
    child.expect("Enter show answer")
    child.send("q")
    child.expect("reviewed 1 card in")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [r for _, r, _ in _log(db)] == [2]


def test_interview_in_a_terminal_with_a_timer_and_ctrl_c(db: Path) -> None:
    child = _spawn("interview", "--level", "middle", "--topics", "ml,dl", "--minutes", "12", "--db", str(db))
    child.expect("3 questions")
    child.expect("question 1/3")
    child.expect(r"⏱ 0:0\d on this question")  # the visible timer
    child.send("t")
    child.expect("Your answer")
    child.sendline("a short typed answer")
    child.sendline("")
    child.expect("reference answer")
    if child.expect([r"How did it go", r"grade \d+/100"]) == 0:  # self-rating unless grading exists
        child.send("1")
    child.expect("question 2/3")
    child.send("s")  # answered aloud
    child.expect("How did it go")
    child.send("4")
    child.expect("question 3/3")
    child.expect("on this question")
    child.sendintr()
    child.expect("interrupted")
    child.expect("interview report")
    child.expect("topics to review")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    with sobes.open(db) as lib:
        saved = lib.interviews()[0]
        assert saved.finished_at is not None and len(saved.answers) == 2
        first, second = saved.cards[:2]
        assert saved.answers[second.id]["spoken"] and saved.answers[second.id]["rating"] == 4
        assert len(_log(db)) == 2


def test_piped_study_session_and_json_listing(db: Path) -> None:
    result = runner.invoke(app, ["study", "--db", str(db), "--limit", "2"], input="\n3\n\n4\n")
    assert result.exit_code == 0, result.output
    assert "reviewed 2 cards" in result.output
    listing = runner.invoke(app, ["study", "--db", str(db), "--format", "json", "--limit", "3"])
    data = json.loads(listing.output)
    assert data["counts"]["new_today"] == 18 and len(data["cards"]) == 3


def test_progress_backup_and_optimize_commands(db: Path, tmp_path: Path) -> None:
    with sobes.open(db) as lib:
        for card in lib.due(NOW, limit=3):
            lib.review(card.id, 3, NOW - timedelta(hours=1))
    png = tmp_path / "p.png"
    res = runner.invoke(app, ["progress", "--db", str(db), "--format", "json", "--plot", str(png)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["totals"]["seen"] == 3 and png.exists()
    table = runner.invoke(app, ["progress", "--db", str(db)])
    assert "3 of" in table.output and "mastered" in table.output
    backup = tmp_path / "b.json"
    assert runner.invoke(app, ["reviews", "export", str(backup), "--db", str(db)]).exit_code == 0
    other = tmp_path / "other.db"
    res = runner.invoke(app, ["reviews", "import", str(backup), "--db", str(other), "--format", "json"])
    assert json.loads(res.output)["log_added"] == 3
    again = runner.invoke(app, ["reviews", "import", str(backup), "--db", str(other)])
    assert "added 0 reviews" in again.output


def test_errors_are_one_line_without_traceback(db: Path, tmp_path: Path) -> None:
    child = _spawn("optimize", "--db", str(db))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert child.before.strip().startswith("error: too few reviews to optimise: 0 of the needed 512")
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    child = _spawn("reviews", "import", str(bad), "--db", str(db))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1 and "Traceback" not in child.before
    assert "not a sobes review backup" in child.before
    child = _spawn("interview", "--level", "guru", "--db", str(db))
    child.expect(pexpect.EOF)
    assert "error: unknown level 'guru'" in child.before


def test_study_settings_from_the_command_line_are_kept(db: Path) -> None:
    res = runner.invoke(app, ["study", "--db", str(db), "--new-per-day", "4", "--retention", "0.85",
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["counts"]["new_today"] == 4
    with sobes.open(db) as lib:
        s = lib.study_settings()
        assert (s.retention, s.new_per_day) == (0.85, 4)
    bad = runner.invoke(app, ["study", "--db", str(db), "--retention", "2"])
    assert bad.exit_code != 0 and "retention must be between" in str(bad.exception)


def test_saved_interview_report_can_be_shown_again(db: Path) -> None:
    with sobes.open(db) as lib:
        iv = lib.start_interview("junior", "stats", 8, NOW, seed=3)
        lib.record_interview_answer(iv.id, iv.cards[0].id, spoken=True, seconds=12, self_rating=2, now=NOW)
        lib.finish_interview(iv.id, NOW)
    res = runner.invoke(app, ["interview", "--report", iv.id, "--db", str(db), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["interview_id"] == iv.id and data["topics_to_review"] == ["stats"]
    assert data["questions"][0]["rating_name"] == "Hard" and data["questions"][0]["seconds"] == 12
