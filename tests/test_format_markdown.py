"""Markdown question banks: invented fixtures in every shape the format reads, plus sniffing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import SEEDS
from sobes.formats import markdown
from sobes.model import RawItem, Skip

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"
BANKS = sorted(FIXTURES.glob("*.md"))


def parse_text(text: str, name: str = "bank.md") -> tuple[list[RawItem], list[Skip]]:
    out = list(markdown.parse(text, name))
    return [o for o in out if isinstance(o, RawItem)], [o for o in out if isinstance(o, Skip)]


def parse_file(path: Path) -> tuple[list[RawItem], list[Skip]]:
    return parse_text(path.read_text(encoding="utf-8"), path.name)


def expected(path: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return data


def test_there_are_enough_fixtures() -> None:
    assert len(BANKS) >= 5
    for bank in BANKS:
        assert bank.with_suffix(".expected.json").exists(), bank.name


@pytest.mark.parametrize("bank", BANKS, ids=[b.stem for b in BANKS])
def test_bank_gives_expected_questions_in_order(bank: Path) -> None:
    cards, _ = parse_file(bank)
    assert [c.question for c in cards] == [e["question"] for e in expected(bank)]


@pytest.mark.parametrize("bank", BANKS, ids=[b.stem for b in BANKS])
def test_bank_answers_levels_and_sections(bank: Path) -> None:
    cards, _ = parse_file(bank)
    for card, want in zip(cards, expected(bank), strict=True):
        where = f"{bank.name}: {card.question}"
        if want["answer_startswith"] is None:
            assert card.answer is None, where
        else:
            assert card.answer is not None, where
            assert card.answer.startswith(want["answer_startswith"]), (where, card.answer[:200])
            assert card.answer.endswith(want["answer_endswith"]), (where, card.answer[-200:])
        assert (card.level.value if card.level else None) == want["level"], where
        assert card.section == want["section"], where
        if "tags" in want:
            assert card.tags == want["tags"], where
        if "line" in want:
            assert card.line == want["line"], where
        assert card.kind is None, where


@pytest.mark.parametrize("bank", BANKS, ids=[b.stem for b in BANKS])
def test_questions_are_plain_text(bank: Path) -> None:
    cards, _ = parse_file(bank)
    for card in cards:
        q = card.question
        assert not q.startswith(("#", "-", "*", "1.", "Q:", "A:")), q
        assert "**" not in q and "<" not in q and q == q.strip(), q
        assert not any(mark in q for mark in ("👶", "⭐", "🚀")), q


@pytest.mark.parametrize("bank", BANKS, ids=[b.stem for b in BANKS])
def test_answers_carry_no_navigation_or_rules(bank: Path) -> None:
    cards, _ = parse_file(bank)
    for card in cards:
        for line in (card.answer or "").splitlines():
            assert "](#" not in line, (card.question, line)
            assert line.strip() not in ("---", "***", "___"), card.question


@pytest.mark.parametrize("bank", BANKS, ids=[b.stem for b in BANKS])
def test_fixture_is_sniffed_as_markdown(bank: Path) -> None:
    head = bank.read_bytes()[:65536]
    assert markdown.sniff(head, bank.name)
    # The structure alone is enough, whatever the file is called.
    assert markdown.sniff(head, bank.stem + ".txt")


@pytest.mark.parametrize("seed", ["000_ad67e257beca3fad.txt", "004_b4324a5d77e5ec18.txt"])
def test_seed_is_not_sniffed_as_markdown(seed: str) -> None:
    path = SEEDS / seed
    assert not markdown.sniff(path.read_bytes()[:65536], path.name)


def test_notion_toggles_are_left_to_the_notion_format_even_as_md() -> None:
    head = "# Bank\n\n▼ **Machine Learning**\n\n1. **What is a tree?**\n".encode()
    assert not markdown.sniff(head, "export.md")


@pytest.mark.parametrize(
    ("head", "name"),
    [
        (b'[{"question": "What is a tree?", "answer": "A graph"}]', "bank.md"),
        (b'{"name": "channel", "messages": []}', "result.json"),
        (b"question,answer\nWhat is a tree?,A graph\n", "bank.csv"),
        (b"question;answer\nWhat is a tree?;A graph\n", "bank.txt"),
        ("Что такое бэггинг?\nБутстрэп.\n👍4🥱3\n\nЧто такое бустинг?\nОшибки.\n👍12\n".encode(), "dump.txt"),
        (b"Please open Telegram to view this post\n**What is X?**", "post.md"),
    ],
)
def test_data_and_telegram_dumps_are_not_markdown(head: bytes, name: str) -> None:
    assert not markdown.sniff(head, name)


def test_plain_prose_without_structure_is_not_sniffed() -> None:
    assert not markdown.sniff(b"Just some notes.\nNothing to see here.\n", "notes.txt")


def test_generated_bank_of_two_thousand_questions_yields_them_all() -> None:
    parts = ["# Generated bank\n"]
    for n in range(1, 2001):
        if n % 100 == 1:
            parts.append(f"\n## Topic {n // 100}\n")
        style = n % 4
        if style == 0:
            parts.append(f"\n### What is concept {n}?\n**Answer:** Concept {n} is a thing.\n")
        elif style == 1:
            parts.append(f"\n{n}. **How does mechanism {n} work?**\n   It works.\n")
        elif style == 2:
            parts.append(f"\n<details><summary>Why use method {n}?</summary>\n\nBecause.\n</details>\n")
        else:
            parts.append(f"\nQ: Explain idea {n}?\nA: Idea {n} explained.\n")
    cards, skips = parse_text("".join(parts))
    assert len(cards) == 2000
    assert not skips
    assert all(c.answer for c in cards)
    assert cards[-1].section == "Topic 19"


def test_link_only_question_in_a_list_is_skipped_with_its_line() -> None:
    text = "## Reading\n\n- [How to ace the ML interview?](https://example.org/ace)\n- What is a tree?\n"
    cards, skips = parse_text(text)
    assert [c.question for c in cards] == ["What is a tree?"]
    assert [(s.reason, s.line) for s in skips] == [("link-only", 3)]
    assert skips[0].excerpt.startswith("- [How to ace")


def test_stray_question_outside_any_structure_is_reported() -> None:
    text = "# Notes\n\nWhy would anyone read this?\n\n## Python\n\n**What is the GIL?**\nA lock.\n"
    cards, skips = parse_text(text)
    assert [c.question for c in cards] == ["What is the GIL?"]
    assert [(s.reason, s.line, s.excerpt) for s in skips] == [("no-question", 3, "Why would anyone read this?")]


def test_question_made_only_of_a_marker_is_reported_empty() -> None:
    cards, skips = parse_text("## Python\n\n### 🚀\n**Answer:** nothing to ask\n")
    assert cards == []
    assert [(s.reason, s.line) for s in skips] == [("empty", 3)]


def test_unclosed_code_fence_does_not_swallow_the_bank() -> None:
    text = "**What is a list?**\n```python\nx = [1]\n\n**What is a tuple?**\nAn immutable list.\n"
    cards, _ = parse_text(text)
    assert [c.question for c in cards] == ["What is a list?", "What is a tuple?"]


def test_windows_line_endings_and_bom_are_read() -> None:
    text = "\ufeff## Python\r\n\r\n**What is a generator?**\r\nA lazy iterator.\r\n"
    cards, _ = parse_text(text)
    assert [(c.question, c.answer, c.section, c.line) for c in cards] == [
        ("What is a generator?", "A lazy iterator.", "Python", 3)
    ]


def test_letter_markers_in_brackets_set_the_level() -> None:
    text = "## Linear algebra\n1. [E] Why are matrices linear maps?\n2. [M] What is a determinant?\n3. [H] Prove it.\n"
    cards, _ = parse_text(text)
    assert [(c.question, c.level.value if c.level else None) for c in cards] == [
        ("Why are matrices linear maps?", "junior"),
        ("What is a determinant?", "middle"),
        ("Prove it.", "senior"),
    ]


def test_level_words_inside_a_question_are_not_markers() -> None:
    cards, _ = parse_text(
        "**What is a hard-margin SVM?**\nNo slack.\n\n**Why is the middle layer small?**\nIt compresses.\n"
    )
    assert [c.level for c in cards] == [None, None]


def test_question_continues_on_the_line_above_its_answer_label() -> None:
    text = "### What is regularization?\nGive two examples.\n**Answer:** L1 and L2 penalties.\n"
    cards, _ = parse_text(text)
    assert [(c.question, c.answer) for c in cards] == [
        ("What is regularization? Give two examples.", "L1 and L2 penalties.")
    ]


def test_question_and_answer_on_one_line() -> None:
    cards, _ = parse_text("**Q: What is a tensor?** A: An n-dimensional array.\nQ: What is a scalar? A: A number.\n")
    assert [(c.question, c.answer) for c in cards] == [
        ("What is a tensor?", "An n-dimensional array."),
        ("What is a scalar?", "A number."),
    ]


def test_generic_heading_is_no_section_and_question_heading_closes_its_depth() -> None:
    text = (
        "# Interview questions\n\n## Questions & Answers\n\n### Questions\n\n"
        "### Q1: What is an outlier? ###\nA point far from the rest.\n\n"
        "### Q2: What is leverage?\nInfluence of a point on the fit.\n"
    )
    cards, _ = parse_text(text)
    assert [(c.question, c.section, c.answer) for c in cards] == [
        ("What is an outlier?", None, "A point far from the rest."),
        ("What is leverage?", None, "Influence of a point on the fit."),
    ]


def test_dotted_numbering_is_stripped_from_sections_and_questions() -> None:
    text = "## 1. Linear Regression\n### 1.1 What is linear regression?\nA linear model.\n"
    cards, _ = parse_text(text)
    assert [(c.question, c.section) for c in cards] == [("What is linear regression?", "Linear Regression")]


def test_unclosed_summary_does_not_swallow_the_bank() -> None:
    text = "<details><summary>What is a broken tag?\n" + "filler\n" * 12 + "\n**What comes next?**\nThis.\n"
    cards, _ = parse_text(text)
    assert cards[-1].question == "What comes next?" and cards[-1].answer == "This."


def test_inline_code_about_details_tags_is_text() -> None:
    text = "**How do I fold an answer on GitHub?**\nWrap it in `<details>` and `<summary>` tags.\n"
    cards, _ = parse_text(text)
    assert [(c.question, c.answer) for c in cards] == [
        ("How do I fold an answer on GitHub?", "Wrap it in `<details>` and `<summary>` tags.")
    ]


def test_answer_heading_label_and_nested_headings_stay_in_the_answer() -> None:
    text = "## PCA\n### What is PCA?\n#### Intuition\nRotate to max variance.\n#### Math\nEigenvectors.\n"
    cards, _ = parse_text(text)
    assert len(cards) == 1
    assert cards[0].answer == "#### Intuition\nRotate to max variance.\n#### Math\nEigenvectors."


def test_front_matter_is_ignored() -> None:
    text = "---\ntitle: Why study ML?\ndescription: What is inside?\n---\n\n**What is a tensor?**\nAn array.\n"
    cards, skips = parse_text(text)
    assert [(c.question, c.line) for c in cards] == [("What is a tensor?", 6)]
    assert skips == []


def test_html_answer_keeps_tables_and_code_but_converts_simple_tags() -> None:
    text = (
        "<details><summary>What is a join?</summary>\n\n| kind | rows |\n|---|---|\n| inner | both<br>sides |\n\n"
        "<b>Note</b>: <i>left</i> keeps all.\n```sql\nSELECT '<b>1</b>';\n```\n</details>\n"
    )
    cards, _ = parse_text(text)
    assert cards[0].answer == (
        "| kind | rows |\n|---|---|\n| inner | both<br>sides |\n\n"
        "**Note**: *left* keeps all.\n```sql\nSELECT '<b>1</b>';\n```"
    )


def test_question_lists_report_link_only_and_resource_questions() -> None:
    _, skips = parse_file(FIXTURES / "ru_lists.md")
    assert [(s.reason, s.line) for s in skips] == [("link-only", 17), ("no-question", 41)]


def test_placeholder_answers_become_no_answer() -> None:
    cards, _ = parse_text("**What is MAP@k?**\n\nAnswer here\n\n**What is NDCG?**\n\nTBD\n")
    assert [c.answer for c in cards] == [None, None]


def test_stars_inside_code_do_not_end_a_bold_question() -> None:
    text = (
        "# Python\n\n**1. What do `*args` and `**kwargs` mean?**\n\n"
        "They collect extra positional and keyword arguments.\n\n"
        "**2. What is a decorator?**\n\nA function that wraps another.\n"
    )
    cards, _ = parse_text(text)
    assert [c.question for c in cards] == ["What do *args and **kwargs mean?", "What is a decorator?"]
    assert cards[0].answer == "They collect extra positional and keyword arguments."
