"""Search over the real seeds and the starter bank: morphology, cross-lingual hits, typos,
filters, the index following imports and edits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import sobes
from conftest import SEEDS
from sobes.library import Library
from sobes.search import lexical, query
from sobes.search.text import lemmas, words


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = sobes.open(tmp_path_factory.mktemp("search") / "lib.db")
    lib.import_starter(analyze=False)
    for path in sorted(SEEDS.glob("*.txt")):
        lib.import_path(path, analyze=False)
    lib.embed()
    yield lib
    lib.close()


def questions(hits: list[sobes.search.hit.Hit]) -> list[str]:  # type: ignore[name-defined]
    return [h.card.question.lower() for h in hits]


def lexical_questions(lib: Library, text: str) -> list[str]:
    from sobes.search import index

    index.sync(lib.engine)
    with lib.engine.connect() as conn:
        hits = lexical.search(conn, query.parse(text), 20)
    by_id = {c.id: c for c in lib.cards(include_duplicates=True)}
    return [by_id[h.card_id].question.lower() for h in hits]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("переобучения", "переобучение"),
        ("градиентов", "градиент"),
        ("затухающего", "затухающий"),
        ("перенавчанням", "перенавчання"),
        ("градієнта", "градієнтів"),
        ("регуляризації", "регуляризація"),
        ("networks", "network"),
        ("overfitting", "overfit"),
    ],
)
def test_inflected_forms_share_a_lemma(a: str, b: str) -> None:
    assert set(lemmas(words(a)[0])) & set(lemmas(words(b)[0]))


def test_russian_inflection_finds_the_card_by_words_alone(seeded: Library) -> None:
    # "затухающие градиенты" is written nowhere in that form; the cards say "затухающего градиента".
    found = lexical_questions(seeded, "затухающие градиенты")
    assert any("затухающего градиента" in q for q in found[:3])


def test_ukrainian_inflection_finds_the_card_by_words_alone(seeded: Library) -> None:
    found = lexical_questions(seeded, "кластеризацією")
    assert any("кластеризац" in q for q in found[:3])


def test_keyword_ranks_the_card_about_it_first(seeded: Library) -> None:
    top = questions(seeded.search("dropout", limit=3))
    assert all("dropout" in q for q in top)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("how do I pick k in k-means", "k-means"),
        ("механізм уваги трансформер", "attention"),
        ("логистическая регрессия", "логістична регресія"),
        ("central limit theorem", "центральна гранична теорема"),
        ("менеджер контекста python", "context manager"),
    ],
)
def test_a_query_finds_cards_written_in_another_language(seeded: Library, text: str, needle: str) -> None:
    assert any(needle in q for q in questions(seeded.search(text, limit=5)))


def test_english_query_reaches_a_russian_only_card(seeded: Library) -> None:
    hits = seeded.search("what is LambdaMART", limit=3)
    assert hits[0].card.lang == "ru" and "lambdamart" in hits[0].card.question.lower()


@pytest.mark.parametrize(
    ("text", "needle"),
    [("q lerning", "q-learning"), ("bagginng boostng", "bagging"), ("регуляризацыя", "регул")],
)
def test_typos_are_forgiven(seeded: Library, text: str, needle: str) -> None:
    assert any(needle in q for q in questions(seeded.search(text, limit=5)))


def test_a_typo_is_corrected_to_a_word_of_the_library(seeded: Library) -> None:
    terms = query.parse("перобучение")
    with seeded.engine.connect() as conn:
        lexical.correct_typos(conn, terms)
    assert terms[0].corrections == ["переобучение"]


def test_snippet_marks_the_matched_words(seeded: Library) -> None:
    hit = seeded.search("затухающего градиента", limit=1)[0]
    assert "<mark>затухающего</mark>" in hit.snippet.lower() or "<mark>градиента</mark>" in hit.snippet.lower()


def test_filters_narrow_the_results(seeded: Library) -> None:
    uk = seeded.search("regularization", limit=10, lang="uk")
    assert uk and all(h.card.lang == "uk" for h in uk)
    stats = seeded.search("probability", limit=10, topic="stats")
    assert stats and all(h.card.topic == "stats" for h in stats)
    starter = seeded.search("dropout", limit=10, source="starter")
    assert starter and all("starter" in h.card.source.name for h in starter)
    tagged = seeded.search("overfitting", limit=10, tag="overfitting")
    assert tagged and all("overfitting" in h.card.tags for h in tagged)


def test_limit_is_respected(seeded: Library) -> None:
    assert len(seeded.search("model", limit=7)) == 7


def test_hits_are_ordered_by_score(seeded: Library) -> None:
    scores = [h.score for h in seeded.search("gradient boosting", limit=10)]
    assert scores == sorted(scores, reverse=True)


def test_unknown_filter_value_is_bad_input(seeded: Library) -> None:
    with pytest.raises(sobes.errors.BadInputError, match="unknown lang"):  # type: ignore[attr-defined]
        seeded.search("dropout", lang="de")


def test_index_follows_edits_and_retirements(tmp_path: Path) -> None:
    bank = tmp_path / "bank.md"
    bank.write_text("# Bank\n\n## What is a zorblax?\n\nA zorblax is a made-up estimator.\n", encoding="utf-8")
    lib = sobes.open(tmp_path / "lib.db")
    lib.import_path(bank, analyze=False)
    assert [h.card.question for h in lib.search("zorblax")] == ["What is a zorblax?"]
    bank.write_text("# Bank\n\n## What is a quuxifier?\n\nA quuxifier is another made-up thing.\n",
                    encoding="utf-8")
    lib.import_path(bank, analyze=False)
    assert [h.card.question for h in lib.search("quuxifier")] == ["What is a quuxifier?"]
    assert all("zorblax" not in h.card.question for h in lib.search("zorblax"))
    lib.close()


def test_a_large_limit_returns_every_live_card_once(seeded: Library) -> None:
    hits = seeded.search("machine learning", limit=1000)
    ids = [h.card.id for h in hits]
    assert len(ids) == len(set(ids)) == seeded.count()


def test_the_encoder_also_sees_the_corrected_query(seeded: Library) -> None:
    from sobes.search.service import _corrected

    with seeded.engine.connect() as conn:
        typo, fine = query.parse("Перобучение, модели?"), query.parse("dropout")
        lexical.correct_typos(conn, typo)
        lexical.correct_typos(conn, fine)
    assert _corrected("Перобучение, модели?", typo) == "переобучение, модели?"
    assert _corrected("dropout", fine) is None


def test_glossary_terms_reach_cards_in_other_languages_by_words(seeded: Library) -> None:
    terms = query.parse("overfitting")
    assert {"переобучение", "перенавчання"} <= terms[0].all_lemmas()
    found = lexical_questions(seeded, "overfitting")
    assert any("overfit" not in q and ("перенавчан" in q or "переобуч" in q) for q in found[:10])
    # A word outside the glossary keeps to itself.
    assert query.parse("zorblax")[0].translations == ()


def test_real_duplicate_groups_collapse_to_one_hit(seeded: Library) -> None:
    # Run last in this module: the analysis links the seeds' and the starter bank's copies
    # of the same question (e.g. the dropout questions in RU, UK and EN).
    seeded.analyze()
    hits = seeded.search("dropout", limit=10)
    groups = [h.card.duplicate_of or h.card.id for h in hits]
    assert len(groups) == len(set(groups))
    shown = {h.card.id for h in hits} | {v["id"] for h in hits for v in h.also_in}
    assert len(shown) == len({h.card.id for h in hits}) + sum(len(h.also_in) for h in hits)
    grouped = [h for h in hits if h.also_in]
    assert grouped and all(h.card.duplicate_of is None for h in grouped)
    variants = {v["id"]: v for h in grouped for v in h.also_in}
    for card in seeded.cards(include_duplicates=True):
        if card.id in variants:
            assert card.duplicate_of in {h.card.id for h in grouped}
            assert variants[card.id]["source"] == card.source.name

