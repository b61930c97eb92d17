"""Analysis on the real seed documents: language, topic, level, duplicate groups, and a
person's corrections surviving re-import and re-analysis."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import sobes
from conftest import seed
from sobes.library import Library
from sobes.model import Card, Lang

SEEDS = ("000", "001", "002", "003", "004")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, Path]]:
    folder = tmp_path_factory.mktemp("seeds")
    for prefix in SEEDS:
        shutil.copy(seed(prefix), folder / seed(prefix).name)
    lib = sobes.open(folder / "lib.db")
    for prefix in SEEDS:
        lib.import_path(folder / seed(prefix).name)
    yield lib, folder
    lib.close()


def at(lib: Library, prefix: str, line: int) -> Card:
    found = [
        c for c in lib.cards(include_duplicates=True) if c.source.name.startswith(prefix) and c.source.line == line
    ]
    assert len(found) == 1, (prefix, line)
    return found[0]


def head(card: Card) -> str:
    return card.duplicate_of or card.id


def test_languages_of_the_seeds(seeded: tuple[Library, Path]) -> None:
    lib, _ = seeded
    cards = lib.cards(include_duplicates=True)
    assert {c.lang for c in cards if c.source.name.startswith("004")} == {Lang.UK}
    assert {c.lang for c in cards if not c.source.name.startswith("004")} == {Lang.RU}


def test_every_card_has_a_topic_with_source_and_confidence(seeded: tuple[Library, Path]) -> None:
    lib, _ = seeded
    for c in lib.cards(include_duplicates=True):
        assert c.topic in c.topics and c.topic_source in ("source", "model")
        assert 0 <= c.topic_confidence <= 1
    assert at(lib, "004", 622).topic == "python" and at(lib, "004", 622).topic_source == "source"
    assert at(lib, "001", 149).topic == "rl"  # no section says it: the model does


def test_levels_come_from_the_source_or_are_estimated(seeded: tuple[Library, Path]) -> None:
    lib, _ = seeded
    senior = at(lib, "004", 2123)
    assert (senior.level, senior.level_source) == ("senior", "source")
    channel = at(lib, "000", 103)
    assert channel.level is not None and channel.level_source == "estimated"


@pytest.mark.parametrize(("a", "b"), [
    (("001", 17), ("001", 122)),  # neuron saturation asked twice in other words
    (("000", 103), ("004", 544)),  # dropout: a Russian post and a Ukrainian question
    (("000", 111), ("004", 1101)),  # bagging vs boosting, translated
    (("004", 411), ("004", 980)),  # class imbalance asked again
])
def test_seed_duplicates_share_a_group(seeded: tuple[Library, Path], a: tuple[str, int], b: tuple[str, int]) -> None:
    lib, _ = seeded
    assert head(at(lib, *a)) == head(at(lib, *b))


@pytest.mark.parametrize(("a", "b"), [
    (("000", 22), ("002", 1)),  # vanishing gradients in seq2seq vs in general
    (("004", 339), ("004", 264)),  # L1/L2 regularisation vs cross-entropy instead of L2
    (("004", 2085), ("004", 2140)),  # XAI in NLP vs XAI in CV
    (("004", 1253), ("004", 1265)),  # Docker vs Kubernetes
])
def test_related_seed_questions_stay_apart(
    seeded: tuple[Library, Path], a: tuple[str, int], b: tuple[str, int]
) -> None:
    lib, _ = seeded
    assert head(at(lib, *a)) != head(at(lib, *b))


def test_canonical_card_lists_its_variants_first(seeded: tuple[Library, Path]) -> None:
    lib, _ = seeded
    ru, uk = at(lib, "000", 103), at(lib, "004", 544)
    canonical = ru if ru.duplicate_of is None else uk
    other = uk if canonical is ru else ru
    assert [v.id for v in lib.variants(canonical.id)] == [other.id]
    assert lib.variants(other.id)[0].id == canonical.id
    assert canonical.id in {c.id for c in lib.cards()} and other.id not in {c.id for c in lib.cards()}


def test_reimport_is_unchanged_and_analyses_nothing_again(seeded: tuple[Library, Path]) -> None:
    lib, folder = seeded
    before = {c.id: (c.topic, c.level, c.duplicate_of) for c in lib.cards(include_duplicates=True)}
    report = lib.import_path(folder / seed("004").name)
    assert report.updated == 0 and report.unchanged == report.found
    after = {c.id: (c.topic, c.level, c.duplicate_of) for c in lib.cards(include_duplicates=True)}
    assert after == before


def test_links_and_unlinks_survive_reimport_and_analysis(seeded: tuple[Library, Path]) -> None:
    lib, folder = seeded
    momentum_ru, momentum_uk = at(lib, "001", 25), at(lib, "004", 277)
    saturation = at(lib, "001", 122)
    linked = lib.link(at(lib, "004", 2131).id, at(lib, "004", 2123).id)  # concept drift ~ model drift
    assert linked.duplicate_of == at(lib, "004", 2123).id
    lib.unlink(saturation.id)
    lib.unlink(momentum_uk.id)
    for prefix in ("001", "004"):
        lib.import_path(folder / seed(prefix).name)
    lib.analyze()
    assert at(lib, "004", 2131).duplicate_of == at(lib, "004", 2123).id
    assert at(lib, "001", 122).duplicate_of is None and lib.variants(saturation.id) == []
    assert at(lib, "001", 17).duplicate_of is None
    assert head(at(lib, "004", 277)) != head(momentum_ru)


def test_link_to_itself_is_refused(seeded: tuple[Library, Path]) -> None:
    from sobes.errors import BadInputError

    lib, _ = seeded
    card = at(lib, "004", 120)
    with pytest.raises(BadInputError, match="itself"):
        lib.link(card.id, card.id)


def test_incremental_analysis_touches_only_new_cards(seeded: tuple[Library, Path], tmp_path: Path) -> None:
    lib, _ = seeded
    from sobes.embed import get_encoder
    from sobes.enrich.analysis import run

    extra = tmp_path / "extra.md"
    extra.write_text("# Extra\n\n### Как работает Dropout в нейросетях?\nОтключает случайные нейроны при обучении.\n",
                     encoding="utf-8")
    lib.import_path(extra)
    assert run(lib.engine, get_encoder()).analysed == 0  # the import already analysed it
    new = [c for c in lib.cards(include_duplicates=True) if c.source.name == "extra.md"][0]
    assert head(new) == head(at(lib, "000", 103))


@pytest.mark.parametrize(("where", "kind"), [
    (("002", 9), "case"),  # the electrolysis take-home task
    (("002", 83), "problem"),  # a card-deck probability with a definite answer
    (("004", 844), "problem"),
    (("000", 84), "question"),  # behavioural, no reference answer
    (("004", 115), "question"),
    (("001", 17), "qa"),
])
def test_kind_of_seed_cards(seeded: tuple[Library, Path], where: tuple[str, int], kind: str) -> None:
    lib, _ = seeded
    assert at(lib, *where).kind == kind


def test_records_keep_their_own_topic_and_level(tmp_path: Path) -> None:
    from sobes.library import starter_path

    lib = sobes.open(tmp_path / "lib.db")
    lib.import_starter()
    lib.analyze()
    stated = {}
    for line in starter_path().read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        stated[row["id"]] = (row["topic"], row.get("level"))
    for card in lib.cards(include_duplicates=True):
        assert (str(card.topic), str(card.level) if card.level else None) == stated[card.id]
    lib.close()


def _understand_eval(seeded: tuple[Library, Path], labels: str) -> dict[str, Any]:
    from typer.testing import CliRunner

    from conftest import ROOT
    from sobes.cli import app

    _, folder = seeded
    args = ["understand-eval", str(ROOT / "devsets" / labels), "--format", "json", "--db", str(folder / "lib.db")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    scores: dict[str, Any] = json.loads(result.stdout)
    return scores


def test_understand_eval_on_our_labels_of_seed_cards(seeded: tuple[Library, Path]) -> None:
    scores = _understand_eval(seeded, "understand_seeds.jsonl")
    assert scores["counts"]["topic"] > 200 and scores["accuracy"]["lang"] == 1.0
    assert scores["accuracy"]["topic"] >= 0.9
    assert scores["counts"]["level_estimated"] > 200  # seed 004 states levels: the estimate is scored against them
    assert scores["accuracy"]["level_estimated"] >= 0.45  # 0.52; the level model alone would give 0.44
    assert scores["pairs"]["same_lang"]["recall"] >= 0.7 and scores["pairs"]["cross_lang"]["true_pairs"] >= 5


def test_understand_eval_on_a_second_independent_labelling_of_the_seeds(seeded: tuple[Library, Path]) -> None:
    """All 317 seed cards labelled again by someone who saw neither our labels nor the output:
    closer to a stranger's judgement than our own sample, on which the rules were tuned."""
    scores = _understand_eval(seeded, "understand_seeds_second.jsonl")
    assert scores["counts"]["topic"] == 317
    assert scores["accuracy"]["topic"] >= 0.88  # 0.896
    # "CI/CD in MLOps" (ru) and "CI and CD in ML" (uk) and the like: 6 of 12 translations found.
    assert scores["pairs"]["cross_lang"]["recall"] >= 0.45 and scores["pairs"]["cross_lang"]["precision"] >= 0.8
