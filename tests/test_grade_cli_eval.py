"""`sobes grade`, `sobes keypoints` and `sobes grade-eval` in-process, and the dev set."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sobes
from conftest import ROOT, SEEDS
from sobes.cli import app
from sobes.errors import BadInputError, NotFoundError
from sobes.grade.eval import spearman

runner = CliRunner()
DEVSET = ROOT / "devsets" / "grade_answers.jsonl"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("gradecli") / "lib.db"
    with sobes.open(path) as lib:
        lib.import_starter()
        lib.import_path(SEEDS)
    yield path


def invoke(db: Path, *args: str, stdin: str | None = None) -> tuple[int, str, BaseException | None]:
    result = runner.invoke(app, [*args, "--db", str(db)], input=stdin)
    return result.exit_code, result.stdout, result.exception


def test_grade_reads_a_piped_answer_and_prints_json(db: Path) -> None:
    code, out, _ = invoke(db, "grade", "starter-dl-01", "--format", "json", stdin="Dropout zeroes units in training.")
    assert code == 0
    data = json.loads(out)
    assert 0 <= data["score"] <= 100 and set(data) >= {"covered", "missed", "wrong", "related"}


def test_grade_renders_wrong_statements_and_solutions(db: Path) -> None:
    code, out, _ = invoke(db, "grade", "starter-dl-01", "-a", "Dropout stays on at inference.")
    assert code == 0 and "score" in out and "wrong" in out
    code, out, _ = invoke(db, "grade", "starter-stats-07", "-a", "1/105")
    assert code == 0 and "100/100" in out and "worked solution" in out


def test_grade_errors_are_sobes_errors(db: Path) -> None:
    assert isinstance(invoke(db, "grade", "no-such-card", "-a", "x")[2], NotFoundError)
    assert isinstance(invoke(db, "grade-eval", str(db.parent / "missing.jsonl"))[2], BadInputError)


def test_keypoints_edit_from_stdin_and_reset(db: Path) -> None:
    code, out, _ = invoke(db, "keypoints", "starter-ml-01", "-f", "json")
    derived = json.loads(out)["keypoints"]
    assert code == 0 and 3 <= len(derived) <= 7
    code, out, _ = invoke(
        db,
        "keypoints",
        "starter-ml-01",
        "--edit",
        "-f",
        "json",
        stdin="# mine\n- Bias: too simple\n\n- Variance: too flexible\n",
    )
    assert json.loads(out)["keypoints"] == ["Bias: too simple", "Variance: too flexible"]
    code, out, _ = invoke(db, "keypoints", "starter-ml-01", "--reset", "-f", "json")
    assert json.loads(out)["keypoints"] == derived


def test_grade_eval_reports_agreement(db: Path, tmp_path: Path) -> None:
    rows = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines()][:10]
    rows.append({"card": "no-such-card", "answer": "x", "label": 5, "category": "wrong"})
    path = tmp_path / "small.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    code, out, _ = invoke(db, "grade-eval", str(path), "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["answers"] == 10 and len(data["unresolved"]) == 1
    assert -1 <= data["spearman"] <= 1
    code, out, _ = invoke(db, "grade-eval", str(path))
    assert "Spearman" in out and "fluent-but-wrong" in out


def test_grade_eval_rejects_malformed_lines(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"card": "starter-ml-01", "answer": "x"}\n', encoding="utf-8")
    assert isinstance(invoke(db, "grade-eval", str(path))[2], BadInputError)


def test_spearman_matches_the_definition() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    from scipy.stats import spearmanr

    x, y = [1, 2, 2, 3, 7, 5], [1, 3, 2, 4, 4, 9]
    assert spearman(x, y) == pytest.approx(float(spearmanr(x, y).statistic))


def test_devset_is_large_varied_and_resolves(db: Path) -> None:
    rows = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 150
    assert {r["lang"] for r in rows} == {"en", "ru", "uk"}
    assert {"excellent", "partial", "fluent_wrong", "wrong", "off_topic", "empty"} <= {r["category"] for r in rows}
    with sobes.open(db) as lib:
        cards = lib.cards(include_duplicates=True)
        from sobes.grade.eval import read_rows, resolve

        ids = {resolve(data, cards, lib.card).id for _, data in read_rows(DEVSET)}
    assert len(ids) >= 30


@pytest.mark.slow
def test_grader_agrees_with_the_devset(db: Path) -> None:
    with sobes.open(db) as lib:
        report = lib.grade_eval(DEVSET).to_dict()
    # Regression guard well below the measured values (see the report in bench/grade_speed.py).
    assert report["spearman"] >= 0.65
    assert report["excellent_above_partial"]["share"] >= 0.85
    assert report["fluent_wrong_below_partial"]["share"] >= 0.5


def test_labelled_answers_find_seed_cards_by_path_prefix_and_loose_text(db: Path) -> None:
    from sobes.grade.eval import resolve

    seed = next(SEEDS.glob("004_*.txt"))
    with sobes.open(db) as lib:
        cards = lib.cards(include_duplicates=True)
        exact = resolve({"source": seed.name, "question_contains": "Precision/Recall"}, cards, lib.card)
        for source in (str(seed), seed.stem, "004"):
            data = {"source": source, "question_contains": "  precision/RECALL "}
            assert resolve(data, cards, lib.card).id == exact.id
        with pytest.raises(NotFoundError):
            resolve({"source": "no-such-file.txt", "question_contains": "Precision"}, cards, lib.card)
