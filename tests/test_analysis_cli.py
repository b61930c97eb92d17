"""The analysis commands in-process: analyze, link, unlink, show with variants, understand-eval."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, ROOT
from sobes.cli import app

BANK = FIXTURES / "analysis" / "mixed_bank.md"
runner = CliRunner()


def run(*args: str, db: Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", str(db)])
    return result.exit_code, result.stdout, result.stderr


def cards(db: Path) -> list[dict]:  # type: ignore[type-arg]
    code, out, _ = run("list", "--all", "--format", "json", db=db)
    assert code == 0
    return json.loads(out)  # type: ignore[no-any-return]


def find(rows: list[dict], start: str) -> dict:  # type: ignore[type-arg]
    return next(r for r in rows if r["question"].startswith(start))


def test_analyze_reports_groups_as_json(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    assert run("import", str(BANK), db=db)[0] == 0
    code, out, _ = run("analyze", "--format", "json", db=db)
    assert code == 0
    report = json.loads(out)
    assert report["cards"] == 9 and report["analysed"] == 9 and report["groups"] == 2
    code, out, _ = run("analyze", db=db)
    assert code == 0 and "analysed 9 of 9 cards" in out and "2 duplicate groups" in " ".join(out.split())


def test_link_unlink_and_show_variants(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    run("import", str(BANK), db=db)
    rows = cards(db)
    general, seq2seq = find(rows, "What is the vanishing"), find(rows, "How would you fight")
    code, out, _ = run("link", seq2seq["id"], general["id"], db=db)
    assert code == 0 and out.strip() == f"{seq2seq['id']} is now a variant of {general['id']}"
    code, out, _ = run("show", general["id"], "--format", "json", db=db)
    shown = json.loads(out)
    assert [v["id"] for v in shown["variants"]] == [seq2seq["id"]]
    code, out, _ = run("show", general["id"], db=db)
    assert "1 other variant(s)" in out and "seq2seq" in out
    code, out, _ = run("unlink", seq2seq["id"], db=db)
    assert code == 0 and "stands alone" in out
    assert find(cards(db), "How would you fight")["duplicate_of"] is None


def sobes_cmd(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sobes", *args], capture_output=True, text=True, timeout=120)


def test_link_errors_are_one_line(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    run("import", str(BANK), db=db)
    proc = sobes_cmd("link", "nope", "nada", "--db", str(db))
    assert proc.returncode == 1 and proc.stderr.strip() == "error: no card with id 'nope'"


def test_understand_eval_prints_accuracy_pairs_and_confusion(tmp_path: Path) -> None:
    devset = ROOT / "devsets" / "understand_dev.jsonl"
    code, out, _ = run("understand-eval", str(devset), "--format", "json", db=tmp_path / "l.db")
    assert code == 0
    scores = json.loads(out)
    assert set(scores["accuracy"]) == {"lang", "topic", "level", "level_estimated"}
    assert scores["accuracy"]["lang"] >= 0.95 and scores["accuracy"]["topic"] >= 0.7
    assert scores["pairs"]["cross_lang"]["true_pairs"] > 0 and scores["pairs"]["same_lang"]["true_pairs"] > 0
    assert sum(sum(row.values()) for row in scores["topic_confusion"].values()) == scores["counts"]["topic"]
    code, out, _ = run("understand-eval", str(devset), db=tmp_path / "l.db")
    assert code == 0 and "duplicate pairs" in out and "topic confusion" in out


def test_understand_eval_rejects_a_broken_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "ok", "topic": "ml"}\nnot json\n', encoding="utf-8")
    proc = sobes_cmd("understand-eval", str(bad), "--db", str(tmp_path / "l.db"))
    assert proc.returncode == 1 and proc.stderr.startswith("error: bad.jsonl:2: not JSON")
    assert "Traceback" not in proc.stderr


def test_topics_of_questions_nobody_trained_on_are_mostly_right() -> None:
    """devsets/understand_topic_test.jsonl was written by another author to DESIGN.md's topic
    borders and is never trained on (scripts/train_topic.py reads only the train sets)."""
    from sobes.embed import get_encoder
    from sobes.enrich.evaluate import evaluate, read_devset
    from sobes.enrich.topic_model import TopicModel

    rows = read_devset(ROOT / "devsets" / "understand_topic_test.jsonl")
    scores = evaluate(rows, get_encoder(), TopicModel.load())
    assert scores.counts["topic"] == len(rows) >= 300
    assert scores.accuracy["topic"] >= 0.94  # 0.90 with the vector model alone
    assert scores.accuracy["lang"] >= 0.99
    assert scores.accuracy["level_estimated"] >= 0.55  # the wording rules alone: 0.50


# name: (true pairs within, across; floors for precision/recall within, across). Measured:
# dups5 0.85/0.53 within, 1.00/0.76 across; dups6 0.58/0.20, 0.64/0.36; topic 0.914 and 0.915.
_DUPLICATE_SET_FLOORS = {
    "understand_dups5.jsonl": ((32, 21), (0.75, 0.45), (0.85, 0.65)),
    "understand_dups6.jsonl": ((35, 25), (0.5, 0.17), (0.55, 0.3)),
    "understand_dups7.jsonl": ((30, 23), (0.85, 0.35), (0.6, 0.3)),
}


@pytest.mark.parametrize("name", sorted(_DUPLICATE_SET_FLOORS))
def test_duplicate_sets_keep_their_scores(name: str) -> None:
    """devsets/understand_dups5.jsonl was held out until session 8, when its misses showed gaps in
    the concept lexicon; understand_dups6.jsonl was written after those changes and measured once,
    untuned, and understand_dups7.jsonl (session 9) served to judge a learned pair model against
    the rules. Guards that later changes do not quietly lose what any of them measured."""
    from sobes.embed import get_encoder
    from sobes.enrich.evaluate import evaluate, read_devset
    from sobes.enrich.topic_model import TopicModel

    (true_within, true_across), floor_within, floor_across = _DUPLICATE_SET_FLOORS[name]
    scores = evaluate(read_devset(ROOT / "devsets" / name), get_encoder(), TopicModel.load())
    assert scores.accuracy["lang"] == 1.0 and scores.accuracy["topic"] >= 0.89
    within, across = scores.pairs["same_lang"], scores.pairs["cross_lang"]
    assert (within["true_pairs"], across["true_pairs"]) == (true_within, true_across)
    for pairs, (precision, recall) in ((within, floor_within), (across, floor_across)):
        assert pairs["precision"] >= precision and pairs["recall"] >= recall
