"""Search on a small hand-written library: duplicate groups, hostile queries, the fallback
without embeddings, escaping, and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

import sobes
from sobes.cli.app import app
from sobes.embed import reset_encoder
from sobes.errors import BadInputError
from sobes.library import Library
from sobes.store.schema import cards

CARDS = [
    {"id": "t-en-dropout", "question": "What does dropout do during training?", "lang": "en", "topic": "dl",
     "level": "junior", "answer": "It zeroes random activations so units cannot co-adapt.", "tags": ["regularization"]},
    {"id": "t-ru-dropout", "question": "Что делает dropout во время обучения?", "lang": "ru", "topic": "dl",
     "level": "middle", "answer": "Случайно обнуляет активации, чтобы нейроны не подстраивались друг под друга."},
    {"id": "t-uk-dropout", "question": "Що робить dropout під час навчання?", "lang": "uk", "topic": "dl",
     "level": "senior", "answer": "Випадково обнуляє активації нейронів."},
    {"id": "t-en-html", "question": "Why is <script>alert(1)</script> dangerous in a card & how to escape it?",
     "lang": "en", "topic": "general", "answer": "Render untrusted text escaped."},
    {"id": "t-ru-trees", "question": "Как строится решающее дерево и как выбирается разбиение?", "lang": "ru",
     "topic": "ml", "answer": "Жадно: на каждом шаге выбирается признак и порог с наибольшим приростом информации."},
    {"id": "t-uk-pvalue", "question": "Що таке p-value і як його тлумачити?", "lang": "uk", "topic": "stats",
     "answer": "Імовірність побачити такі або ще крайніші дані, якщо нульова гіпотеза правдива."},
]


def write_bank(path: Path) -> Path:
    rows = [{"kind": "qa", "topics": [c["topic"]], "tags": [], **c} for c in CARDS]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    tmp = tmp_path_factory.mktemp("small")
    lib = sobes.open(tmp / "lib.db")
    lib.import_path(write_bank(tmp / "bank.jsonl"), format="jsonl", analyze=False)
    lib.embed()
    # One duplicate group: the English card is canonical, the other two are its variants.
    with lib.engine.begin() as conn:
        conn.execute(update(cards).where(cards.c.id.in_(["t-ru-dropout", "t-uk-dropout"]))
                     .values(duplicate_of="t-en-dropout"))
    yield lib
    lib.close()


def test_duplicate_group_is_one_hit_naming_its_variants(small: Library) -> None:
    hits = small.search("dropout", limit=10)
    dropout = [h for h in hits if "dropout" in h.card.question]
    assert [h.card.id for h in dropout] == ["t-en-dropout"]
    assert {v["id"] for v in dropout[0].also_in} == {"t-ru-dropout", "t-uk-dropout"}
    assert {v["lang"] for v in dropout[0].also_in} == {"ru", "uk"}
    assert set(dropout[0].also_in[0]) == {"id", "source", "level", "topic", "lang"}


def test_a_variant_matching_best_still_shows_its_canonical(small: Library) -> None:
    hits = small.search("обнуляє активації нейронів", limit=3)
    assert hits[0].card.id == "t-en-dropout"


def test_filter_that_excludes_the_canonical_shows_the_variant(small: Library) -> None:
    hits = small.search("dropout", limit=5, lang="uk")
    assert hits[0].card.id == "t-uk-dropout" and all(h.card.lang == "uk" for h in hits)
    assert {v["id"] for v in hits[0].also_in} == {"t-en-dropout", "t-ru-dropout"}


def test_hit_to_dict_has_the_contract_shape(small: Library) -> None:
    data = small.search("p-value", limit=1)[0].to_dict()
    assert set(data) == {"card", "score", "snippet", "also_in"}
    assert data["card"]["id"] == "t-uk-pvalue" and isinstance(data["score"], float)


def test_snippet_is_escaped_and_only_marks_are_markup(small: Library) -> None:
    hit = small.search("escape dangerous", limit=1)[0]
    assert hit.card.id == "t-en-html"
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet and "&amp;" in hit.snippet
    stripped = hit.snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped and ">" not in stripped
    assert "<mark>escape</mark>" in hit.snippet


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_query_is_bad_input(small: Library, text: str) -> None:
    with pytest.raises(BadInputError, match="type something to search"):
        small.search(text)


@pytest.mark.parametrize("limit", [0, -1, 10_000])
def test_limit_out_of_range_is_bad_input(small: Library, limit: int) -> None:
    with pytest.raises(BadInputError, match="limit"):
        small.search("dropout", limit=limit)


HOSTILE = [
    '"', '""', "'", "NEAR(", "NEAR(dropout training", "*", "dropout*", "OR", "AND OR NOT", "dropout OR",
    "(", ")", "{qwords}: dropout", "qwords:dropout", "^dropout", "-dropout", "!!!???...", "%_%", "\\",
    "'; DROP TABLE cards; --", "1 OR 1=1", "SELECT * FROM cards", "\x00dropout", "🤖🔥", "ё й ї ґ",
    "dropout " * 1500, "x" * 10_000, "ф" * 5000 + " dropout",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_crash(small: Library, text: str) -> None:
    hits = small.search(text, limit=5)
    assert isinstance(hits, list) and len(hits) <= 5
    assert small.count() == len(CARDS) - 2  # nothing was touched (two cards are variants)


def test_only_punctuation_finds_nothing(small: Library) -> None:
    assert small.search("?!.,;:") == []


@pytest.fixture
def no_embeddings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SOBES_ENCODER", "none")
    reset_encoder()
    yield
    monkeypatch.undo()
    reset_encoder()


def test_without_embeddings_search_uses_words(small: Library, no_embeddings: None) -> None:
    assert small.embedding_problem() is not None
    hits = small.search("решающее дерево", limit=3)
    assert hits[0].card.id == "t-ru-trees"
    assert small.search("деревья", limit=3)[0].card.id == "t-ru-trees"  # lemmas still work


def test_broken_encoder_falls_back_to_words(small: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOBES_ENCODER", "no_such_module_for_sobes:encoder")
    reset_encoder()
    try:
        assert "no_such_module_for_sobes" in (small.embedding_problem() or "")
        assert small.search("p-value", limit=1)[0].card.id == "t-uk-pvalue"
    finally:
        monkeypatch.undo()
        reset_encoder()


runner = CliRunner()


def test_cli_table_shows_hits_and_variants(small: Library) -> None:
    result = runner.invoke(app, ["search", "dropout", "--db", small.location, "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "t-en-dropout" in result.stdout and "also in:" in result.stdout
    assert "t-ru-dropout" not in result.stdout


def test_cli_json_is_a_list_of_hits(small: Library) -> None:
    result = runner.invoke(app, ["search", "p-value", "--db", small.location, "--format", "json", "-n", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data) <= 2 and data[0]["card"]["id"] == "t-uk-pvalue"
    assert set(data[0]) == {"card", "score", "snippet", "also_in"}


def test_cli_empty_query_is_one_error_line(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "sobes", "search", "  ", "--db", str(tmp_path / "l.db")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "error: type something to search"


def test_cli_says_once_that_semantic_search_is_off(small: Library, no_embeddings: None) -> None:
    result = runner.invoke(app, ["search", "дерево", "--db", small.location])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("note:") == 1 and "words only" in result.stderr
    assert "t-ru-trees" in result.stdout


def test_in_memory_lexical_index_serves_databases_without_fts5(small: Library) -> None:
    from sobes.search import memory, query

    hits = memory.search(small.engine, query.parse("деревья разбиение"), 5)
    assert hits[0].card_id == "t-ru-trees" and hits[0].coverage == 1.0
    assert memory.search(small.engine, query.parse("zzzz"), 5) == []


@pytest.fixture
def without_fts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Search as on PostgreSQL: the lexical side over the in-memory index."""
    from sobes.search import service

    monkeypatch.setattr(service, "full_text", lambda engine: False)


def test_in_memory_index_corrects_typos(small: Library) -> None:
    from sobes.search import memory, query

    terms = query.parse("разбеение дерво")
    memory.correct_typos(memory.build(small.engine), terms)
    assert [t.corrections for t in terms] == [["разбиение"], ["дерево"]]
    known = query.parse("разбиение")
    memory.correct_typos(memory.build(small.engine), known)
    assert known[0].corrections == []


def test_search_without_fts5_end_to_end(small: Library, without_fts: None) -> None:
    assert small.search("решающее дерево", limit=1)[0].card.id == "t-ru-trees"
    assert small.search("p-value", limit=1)[0].card.id == "t-uk-pvalue"
    hit = small.search("dropout", limit=10)
    assert [h.card.id for h in hit].count("t-en-dropout") == 1 and len(hit[0].also_in) == 2
    assert all(h.card.lang == "ru" for h in small.search("dropout", limit=5, lang="ru"))


def test_search_without_fts5_or_embeddings_uses_words(small: Library, without_fts: None,
                                                      no_embeddings: None) -> None:
    assert small.search("деревья", limit=3)[0].card.id == "t-ru-trees"  # lemmas
    assert small.search("разбеение", limit=3)[0].card.id == "t-ru-trees"  # a typo
    for text in HOSTILE[:12]:
        assert isinstance(small.search(text, limit=3), list)


def test_per_language_calibration_removes_a_language_offset() -> None:
    import numpy as np

    from sobes.search.fusion import zscores

    # Russian cards all look 0.1 closer (same language as the query); the best English card
    # is as far above its own crowd as the best Russian one.
    en = np.array([0.70, 0.71, 0.72, 0.90] * 100, dtype=np.float32)
    ru = en + 0.1
    sims, langs = np.concatenate([en, ru]), np.array([0] * 400 + [1] * 400)
    calibrated, plain = zscores(sims, langs), zscores(sims)
    assert abs(float(calibrated[3] - calibrated[403])) < 0.1 * abs(float(plain[3] - plain[403]))


def test_search_rebuilds_missing_index_tables(tmp_path: Path) -> None:
    from sqlalchemy import text

    lib = sobes.open(tmp_path / "lib.db")
    lib.import_path(write_bank(tmp_path / "bank.jsonl"), format="jsonl", analyze=False)
    with lib.engine.begin() as conn:  # a library migrated while the search migration was empty
        for name in ("search_trigrams", "search_vocab", "search_fts", "search_docs", "search_meta",
                     "search_terms", "search_changes", "search_matrix"):
            conn.execute(text(f"DROP TABLE {name}"))
    fresh = sobes.open(tmp_path / "lib.db")
    assert fresh.search("p-value", limit=1)[0].card.id == "t-uk-pvalue"
    fresh.close()
    lib.close()


def test_retired_cards_leave_the_results(tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "bank.jsonl")
    lib = sobes.open(tmp_path / "lib.db")
    lib.import_path(bank, format="jsonl", analyze=False)
    assert any(h.card.id == "t-ru-trees" for h in lib.search("решающее дерево", limit=3))
    rows = [line for line in bank.read_text(encoding="utf-8").splitlines() if "t-ru-trees" not in line]
    bank.write_text("\n".join(rows) + "\n", encoding="utf-8")
    lib.import_path(bank, format="jsonl", analyze=False)
    assert all(h.card.id != "t-ru-trees" for h in lib.search("решающее дерево", limit=10))
    lib.close()


def test_variant_label_names_source_level_topic_and_language() -> None:
    from sobes.cli.search_output import variant_label

    label = variant_label({"id": "x", "source": "004_b4324a5d77e5ec18.txt", "level": "middle", "topic": "dl",
                           "lang": "uk"})
    assert label == "004 · Middle · Deep Learning · uk"
    assert variant_label({"id": "y", "source": "starter.jsonl", "level": None, "topic": "ml",
                          "lang": "en"}) == "starter · Machine Learning · en"


def test_terminal_snippet_keeps_text_literal() -> None:
    from sobes.cli.search_output import rich_snippet

    markup = rich_snippet("a &lt;b&gt; [red]x[/red] <mark>drop</mark>")
    assert "[bold yellow]drop[/bold yellow]" in markup and "\\[red]" in markup and "<b>" in markup


def test_concurrent_first_searches_share_one_index(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    lib = sobes.open(tmp_path / "lib.db")
    lib.import_path(write_bank(tmp_path / "bank.jsonl"), format="jsonl", analyze=False)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda q: lib.search(q, limit=1)[0].card.id, ["p-value"] * 4 + ["дерево"] * 4))
    assert results == ["t-uk-pvalue"] * 4 + ["t-ru-trees"] * 4
    lib.close()


def test_prepare_search_builds_the_index_ahead(tmp_path: Path) -> None:
    from sqlalchemy import text

    lib = sobes.open(tmp_path / "lib.db")
    lib.import_path(write_bank(tmp_path / "bank.jsonl"), format="jsonl", analyze=False)
    lib.prepare_search()
    with lib.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM search_docs")).scalar() == len(CARDS)
    lib.close()


def test_kept_matrix_serves_a_new_process_until_the_vectors_change(tmp_path: Path) -> None:
    from sobes.embed import get_encoder
    from sobes.search import matrix, semantic

    bank = write_bank(tmp_path / "bank.jsonl")
    lib = sobes.open(tmp_path / "lib.db")
    lib.import_path(bank, format="jsonl", analyze=False)
    lib.embed()
    lib.search("dropout")
    encoder = get_encoder()
    assert encoder is not None
    other = sobes.open(tmp_path / "lib.db")  # a new engine: nothing in memory for it
    fp = semantic._fingerprint(other.engine, encoder.name)
    kept = matrix.read_kept(other.engine, encoder.name, fp)
    assert kept is not None and sorted(kept.ids) == sorted(c.id for c in lib.cards(include_duplicates=True))
    assert other.search("p-value", limit=1)[0].card.id == "t-uk-pvalue"
    bank.write_text(bank.read_text(encoding="utf-8").replace("p-value", "p-значення"), encoding="utf-8")
    lib.import_path(bank, format="jsonl", analyze=False)
    lib.embed()
    assert matrix.read_kept(other.engine, encoder.name, semantic._fingerprint(other.engine, encoder.name)) is None
    assert "p-значення" in other.search("p-значення", limit=1)[0].card.question
    other.close()
    lib.close()


def test_cli_json_without_embeddings_keeps_stdout_json(small: Library, no_embeddings: None) -> None:
    result = runner.invoke(app, ["search", "дерево", "--db", small.location, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["card"]["id"] == "t-ru-trees"
    assert result.stderr.count("note:") == 1


def test_index_follows_changes_made_by_another_process(tmp_path: Path, no_embeddings: None) -> None:
    from sqlalchemy import text

    bank = write_bank(tmp_path / "bank.jsonl")
    lib = sobes.open(tmp_path / "lib.db")
    lib.import_path(bank, format="jsonl", analyze=False)
    assert lib.search("разбиение", limit=1)[0].card.id == "t-ru-trees"
    other = sobes.open(tmp_path / "lib.db")  # a new engine, as in another process
    other.search("разбиение", limit=1)
    bank.write_text(bank.read_text(encoding="utf-8").replace("разбиение", "расщепление"), encoding="utf-8")
    lib.import_path(bank, format="jsonl", analyze=False)
    assert "расщепление" in other.search("расщепление", limit=1)[0].card.question
    with lib.engine.begin() as conn:  # a change the counters cannot see
        conn.execute(text("DROP TRIGGER search_watch_cards_update"))
        conn.execute(text("UPDATE cards SET question = 'Как выбирается сплит?', content_hash = 'x' "
                          "WHERE id = 't-ru-trees'"))
    third = sobes.open(tmp_path / "lib.db")
    assert [h.card.id for h in third.search("сплит", limit=3)] == ["t-ru-trees"]
    for library in (third, other, lib):
        library.close()


def test_a_damaged_typo_index_leaves_the_rest_working(tmp_path: Path) -> None:
    from sqlalchemy import text

    lib = sobes.open(tmp_path / "lib.db")
    lib.import_path(write_bank(tmp_path / "bank.jsonl"), format="jsonl", analyze=False)
    assert lib.search("разбеение", limit=1)[0].card.id == "t-ru-trees"
    with lib.engine.begin() as conn:
        conn.execute(text("DROP TABLE search_trigrams"))
    assert lib.search("решающее дерево", limit=1)[0].card.id == "t-ru-trees"
    assert isinstance(lib.search("разбеение", limit=1), list)
    lib.close()


def test_an_import_indexes_its_cards_for_search(tmp_path: Path) -> None:
    from sqlalchemy import text

    lib = sobes.open(tmp_path / "lib.db")
    lib.import_path(write_bank(tmp_path / "bank.jsonl"), format="jsonl")  # refresh: vectors, analysis, index
    with lib.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM search_docs")).scalar() == len(CARDS)
    lib.close()


def test_matrix_is_kept_across_changes_that_do_not_touch_vectors(tmp_path: Path) -> None:
    from sobes.embed import get_encoder
    from sobes.search import semantic

    bank = write_bank(tmp_path / "bank.jsonl")
    lib = sobes.open(tmp_path / "lib.db")
    lib.import_path(bank, format="jsonl", analyze=False)
    lib.embed()
    encoder = get_encoder()
    assert encoder is not None
    before = semantic.vectors(lib.engine, encoder.name)
    with lib.engine.begin() as conn:  # a duplicate link: not a matter for the vectors
        conn.execute(update(cards).where(cards.c.id == "t-uk-dropout").values(duplicate_of="t-en-dropout"))
    assert semantic.vectors(lib.engine, encoder.name) is before
    with lib.engine.begin() as conn:  # a language: the matrix calibrates by it
        conn.execute(update(cards).where(cards.c.id == "t-en-html").values(lang="uk"))
    assert semantic.vectors(lib.engine, encoder.name) is not before
    # A card that leaves and comes back unchanged keeps its vectors and is found again.
    rows = bank.read_text(encoding="utf-8").splitlines()
    bank.write_text("\n".join(r for r in rows if "t-uk-pvalue" not in r) + "\n", encoding="utf-8")
    lib.import_path(bank, format="jsonl", analyze=False)
    assert "t-uk-pvalue" not in semantic.vectors(lib.engine, encoder.name).ids
    bank.write_text("\n".join(rows) + "\n", encoding="utf-8")
    lib.import_path(bank, format="jsonl", analyze=False)
    assert "t-uk-pvalue" in semantic.vectors(lib.engine, encoder.name).ids
    assert lib.search("p-value", limit=1)[0].card.id == "t-uk-pvalue"
    lib.close()


def test_answer_passages_are_plain_text_without_markdown_or_latex() -> None:
    from sobes.markup import plain
    from sobes.model import Card, Kind, Lang, SourceRef, Topic
    from sobes.search.query import parse
    from sobes.search.snippet import snippet

    md = "**Gradient boosting** builds trees *one by one*: $m_t = \\beta_1 m_{t-1}$, see [docs](http://x) and `fit()`"
    assert plain(md) == "Gradient boosting builds trees one by one: m_t = beta1 m_(t-1), see docs and fit()"
    assert plain("keep snake_case and 2*3 as they are") == "keep snake_case and 2*3 as they are"
    card = Card(id="x", question="How are trees combined in an ensemble?", answer=md, kind=Kind.QA, lang=Lang.EN,
                topic=Topic.ML, source=SourceRef(name="t.jsonl", format="jsonl", line=1))
    shown = snippet(card, parse("boosting"))
    assert "<mark>boosting</mark>" in shown and "**" not in shown and "$" not in shown and "beta" in shown
