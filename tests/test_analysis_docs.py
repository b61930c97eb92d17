"""Documents end to end: import a set of channel dumps, a Notion export and a Markdown bank
written for us (devsets/docs8 … docs12), then score what the library holds against their
labels (``sobes understand-eval --library``): questions found, nothing else taken for one, and the
stored languages, topics and duplicate groups."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from sobes.cli import app

DOCS = ROOT / "devsets" / "docs8"
LABELS = ROOT / "devsets" / "understand_docs8.jsonl"
runner = CliRunner()

# set: (labelled questions, floors: found, topic, (precision, recall) within, across; cards nobody
# labelled, at most). Measured once
# before the importer learned from them, then after (session 10):
#   docs8  found 139 → 147 of 149, cards nobody labelled 8 → 0, topic 97.8 → 98.0 %,
#          pairs within 88/88 → 85/85, across 90/78 → 92/80;
#   docs9  found 84 → 150 of 151 (its Notion page numbers questions "Питання 12." and was not
#          recognised at all), cards nobody labelled 12 → 0, topic 98.8 → 97.3 %,
#          pairs within 100/88 → 100/88, across 100/71 → 100/62 (7 → 26 pairs labelled).
# Session 11, both first measured at commit b615abe, then after the fixes they showed:
#   docs10 found 146 → 147 of 147, cards nobody labelled 4 → 0, topic 98.6 → 98.6 %,
#          pairs within 95/64 → 92/79, across 81/51 → 82/84;
#   docs11 found 131 → 137 of 137 (ads glued to the next question at a link), cards nobody
#          labelled 5 → 0, topic 89.3 → 89.8 % (its author files SQL under python; we follow
#          DESIGN's "general"), pairs within 90/69 → 92/80, across 93/50 → 96/78.
# Session 12, docs12 first measured at commit 72bcd34, then after the fixes:
#   docs12 found 139 → 149 of 149 (emoji rubrics "♻️ Из архива" above reposts, questions to the
#          readers, imperative tasks), cards nobody labelled 8 → 1 (a "what do you think?" poll),
#          topic 92.1 → 92.6 %, pairs within 83/36 → 94/68, across 82/60 → 88/69.
SETS = {
    "docs8": (149, 0.98, 0.95, (0.8, 0.8), (0.85, 0.75), 0),
    "docs9": (151, 0.98, 0.95, (0.9, 0.8), (0.9, 0.55), 0),
    "docs10": (147, 0.98, 0.95, (0.85, 0.7), (0.75, 0.75), 0),
    "docs11": (137, 0.98, 0.85, (0.85, 0.75), (0.9, 0.7), 0),
    "docs12": (149, 0.98, 0.9, (0.85, 0.6), (0.8, 0.6), 1),
}


@pytest.fixture(scope="module", params=sorted(SETS))
def measured(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:  # type: ignore[type-arg]
    name = request.param
    db = tmp_path_factory.mktemp(name) / "lib.db"
    assert runner.invoke(app, ["import", str(ROOT / "devsets" / name), "--db", str(db)]).exit_code == 0
    labels = ROOT / "devsets" / f"understand_{name}.jsonl"
    result = runner.invoke(app, ["understand-eval", str(labels), "--library", "--format", "json", "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    return name, json.loads(result.stdout)


def test_the_import_finds_the_questions_and_takes_nothing_else_for_one(measured: tuple[str, dict]) -> None:  # type: ignore[type-arg]
    name, scores = measured
    labelled, found, *_, stray = SETS[name]
    # The misses left: one-line items of a Markdown "rapid-fire" list, an imperative bold question
    # without '?'. None of the ads, greetings, job posts, link digests and channel news became a
    # card; one "a вы как думаете?" poll of docs12 did (it reads as a question to the readers).
    assert scores["counts"]["labelled"] == labelled
    assert scores["accuracy"]["found"] >= found
    assert scores["counts"]["unlabelled_cards"] <= stray


def test_stored_language_topic_and_groups_match_the_labels(measured: tuple[str, dict]) -> None:  # type: ignore[type-arg]
    name, scores = measured
    _, _, topic, floor_within, floor_across, _ = SETS[name]
    assert scores["accuracy"]["lang"] == 1.0
    assert scores["accuracy"]["topic"] >= topic
    within, across = scores["pairs"]["same_lang"], scores["pairs"]["cross_lang"]
    for pairs, (precision, recall) in ((within, floor_within), (across, floor_across)):
        assert pairs["precision"] >= precision and pairs["recall"] >= recall


def test_library_scoring_needs_refs(tmp_path: Path) -> None:
    rows = tmp_path / "inline.jsonl"
    rows.write_text(json.dumps({"question": "Что такое dropout?", "lang": "ru"}, ensure_ascii=False) + "\n")
    proc = subprocess.run(
        [sys.executable, "-m", "sobes", "understand-eval", str(rows), "--library", "--db", str(tmp_path / "l.db")],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == "error: --library scores cards in the library: every row needs a 'ref'"


def test_a_label_no_card_answers_is_counted_not_fatal_with_library(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    assert runner.invoke(app, ["import", str(DOCS / "docs8_md_en.md"), "--db", str(db)]).exit_code == 0
    rows = tmp_path / "refs.jsonl"
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    mine = [o for o in labels if o["ref"]["source"] == "docs8_md_en"]
    rows.write_text("".join(json.dumps(o) + "\n" for o in [*mine, {"ref": {"source": "docs8_md_en", "line": 1}}]))
    result = runner.invoke(app, ["understand-eval", str(rows), "--library", "--format", "json", "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["counts"]["labelled"] == len(mine) + 1
    assert out["counts"]["found"] <= len(mine)
    assert any(e["predicted"] == "no card" and e["where"].endswith("docs8_md_en:1") for e in out["errors"])
