"""The Notion / structured-document importer, on the real seed document and invented fixtures."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import SEEDS
from sobes.formats import notion
from sobes.model import Level, RawItem, Skip

FIXTURES = Path(__file__).parent / "fixtures" / "notion"
SEED = SEEDS / "004_b4324a5d77e5ec18.txt"
TELEGRAM_DUMP = SEEDS / "000_ad67e257beca3fad.txt"
DOCS = sorted(FIXTURES.glob("*.txt"))

MARKDOWN_BANK = """# Data Science interview questions

### What is overfitting?

**Answer:** The model learns noise in the training data.

### What is regularization?

<details><summary>Answer</summary>

A penalty on model complexity.

</details>
"""


def _items(text: str, name: str = "doc.txt") -> list[RawItem]:
    return [x for x in notion.parse(text, name) if isinstance(x, RawItem)]


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_items(seed_text: str) -> list[RawItem]:
    return _items(seed_text, SEED.name)


def _at(items: list[RawItem], line: int) -> RawItem:
    return next(x for x in items if x.line == line)


def _seed_line(seed_text: str, pattern: str) -> int:
    """1-based number of the first seed line matching ``pattern`` (so tests survive re-exports)."""
    rx = re.compile(pattern)
    return next(n for n, ln in enumerate(seed_text.split("\n"), 1) if rx.search(ln))


# ------------------------------------------------------------------------------- sniff


def test_sniff_accepts_the_notion_seed() -> None:
    assert notion.sniff(SEED.read_bytes()[:65536], SEED.name)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_sniff_accepts_own_fixtures(doc: Path) -> None:
    assert notion.sniff(doc.read_bytes()[:65536], doc.name)


def test_sniff_rejects_telegram_channel_dump() -> None:
    assert not notion.sniff(TELEGRAM_DUMP.read_bytes()[:65536], TELEGRAM_DUMP.name)


def test_sniff_rejects_github_markdown_bank() -> None:
    assert not notion.sniff(MARKDOWN_BANK.encode(), "README.md")


def test_sniff_rejects_json_even_with_toggles() -> None:
    assert not notion.sniff('[{"q": "▼ A"}, {"q": "▼ B"}]'.encode(), "cards.json")


def test_sniff_rejects_telegram_reactions_even_with_level_lines() -> None:
    text = "Junior\n\n1. Что такое ML?\n2. Что такое DL?\n3. Что такое RL?\n👍4🥱3\n\nSenior\n\n👍10🔥2\n"
    assert not notion.sniff(text.encode(), "channel.txt")


def test_sniff_accepts_level_toc_without_toggles() -> None:
    text = (
        "Contents\n\nJunior\n\nPython\n\nSenior\n\nPython\n\nPython\n\n"
        "1. What is a list?\n2. What is a dict?\n3. What is a set?\n"
    )
    assert notion.sniff(text.encode(), "notes.txt")


# ------------------------------------------------------------------------------- fixtures


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_fixture_matches_expected(doc: Path) -> None:
    expected = json.loads(doc.with_suffix(".expected.json").read_text(encoding="utf-8"))
    items = _items(doc.read_text(encoding="utf-8"), doc.name)
    got = [_summary(x, e) for x, e in zip(items, expected, strict=False)]
    assert got == expected[: len(got)]
    assert len(items) == len(expected)


def _summary(x: RawItem, e: dict[str, str | None]) -> dict[str, object]:
    """The item in the expected file's shape, its answer cut to the expected lengths."""
    head, tail = e["answer_startswith"] or "", e["answer_endswith"] or ""
    return {
        "line": x.line,
        "question": x.question,
        "answer_startswith": x.answer[: len(head)] if x.answer and head else x.answer,
        "answer_endswith": x.answer[len(x.answer) - len(tail) :] if x.answer and tail else x.answer,
        "level": str(x.level) if x.level else None,
        "section": x.section,
    }


def test_code_block_lines_are_not_questions_and_stay_verbatim() -> None:
    items = _items((FIXTURES / "ru_toc_levels.txt").read_text(encoding="utf-8"))
    reading = next(x for x in items if x.question == "Как прочитать файл построчно?")
    assert reading.answer is not None
    assert '```\n# файл закрывается сам\nwith open("data.txt") as f:\n    for line in f:  \n' in reading.answer
    assert "\n\n1. x\n```" in reading.answer
    assert not any(x.question.startswith(("x", "файл")) for x in items)


def test_numbered_list_inside_answer_stays_in_the_answer() -> None:
    items = _items((FIXTURES / "ru_toc_levels.txt").read_text(encoding="utf-8"))
    merge = next(x for x in items if x.question == "Как работает сортировка слиянием?")
    assert merge.answer is not None and "1. Разделить массив пополам.\n2. " in merge.answer
    # The list ran 1-3 after question 3, yet "4. Что такое GIL?" is the next question.
    assert [x.question for x in items if x.section == "Python" and x.level == Level.JUNIOR][-1] == "Что такое GIL?"


def test_numbered_list_inside_bold_question_answer_stays_in_the_answer() -> None:
    items = _items((FIXTURES / "en_toggles.txt").read_text(encoding="utf-8"))
    small = next(x for x in items if x.question.startswith("How would you validate"))
    assert small.answer is not None and small.answer.endswith("3. Average the scores.")


def test_question_like_line_in_the_preamble_is_reported_as_skip() -> None:
    parsed = list(notion.parse((FIXTURES / "ru_toc_levels.txt").read_text(encoding="utf-8"), "ru.txt"))
    skips = [x for x in parsed if isinstance(x, Skip)]
    assert [(s.line, s.excerpt) for s in skips] == [(9, "С чего начать подготовку?")]


def test_sections_before_first_level_marker_take_the_first_level() -> None:
    items = _items((FIXTURES / "ru_toc_levels.txt").read_text(encoding="utf-8"))
    behavioural = [x for x in items if x.section == "Поведенческие вопросы"]
    assert len(behavioural) == 3 and {x.level for x in behavioural} == {Level.JUNIOR}


def test_toggle_questions_and_markdown_heading_questions() -> None:
    text = "Junior\n\n▼ Що таке bias?\n\nЗсув моделі.\n\n### What is variance?\n\nSpread of predictions.\n"
    items = _items(text)
    assert [(x.question, x.answer, x.level) for x in items] == [
        ("Що таке bias?", "Зсув моделі.", Level.JUNIOR),
        ("What is variance?", "Spread of predictions.", Level.JUNIOR),
    ]


def _big_document(size: int) -> str:
    """A generated bank of the usual density: numbered questions with paragraph answers,
    lists, code and LaTeX, in sections that repeat under two levels."""
    para = (
        "Відповідь пояснює ідею на прикладі, наводить формулу $a^2 + b^2 = c^2$ і типові помилки, "
        "які роблять кандидати на співбесіді. "
    ) * 3
    parts = ["Зміст\n\nJunior\n\nPython\n\nSenior\n\nPython\n\n"]
    total, n = 0, 0
    while total < size:
        parts.append("▼ Python\n\n")
        for k in range(1, 31):
            n += 1
            chunk = f"{k}. Що таке поняття номер {n}?\n\n{para}\n\n- пункт перший\n- пункт другий\n\n"
            chunk += f"```\n1. x = {k}\n```\n\n"
            parts.append(chunk)
            total += len(chunk.encode())
    return "".join(parts)


def test_parse_is_fast_on_a_five_megabyte_document() -> None:
    text = _big_document(5_000_000)
    started = time.perf_counter()
    items = _items(text, "big.txt")
    elapsed = time.perf_counter() - started
    assert len(items) == text.count("Що таке поняття номер")
    assert elapsed < 1.0, f"{len(text.encode()) / 1e6:.1f} MB took {elapsed:.2f}s"


# ------------------------------------------------------------------------------- the real seed

_QUESTION_LINE_RE = re.compile(r"^(?:- )?\d{1,3}\. \S|^\*\*[^*].*\?\*\*$")


def test_seed_keeps_at_least_98_percent_of_its_questions(seed_text: str, seed_items: list[RawItem]) -> None:
    # Counted independently: every numbered line at the left margin, and bold '?' lines.
    expected = sum(1 for ln in seed_text.split("\n") if _QUESTION_LINE_RE.match(ln))
    assert expected > 250
    assert len(seed_items) >= 0.98 * expected
    assert len(seed_items) <= expected


def test_seed_items_all_have_level_section_and_line(seed_items: list[RawItem]) -> None:
    assert all(x.level is not None and x.section and x.line for x in seed_items)
    assert all("▼" not in x.section and "**" not in x.section for x in seed_items if x.section)


def test_seed_has_all_three_levels_in_plausible_numbers(seed_items: list[RawItem]) -> None:
    counts = Counter(x.level for x in seed_items)
    assert set(counts) == {Level.JUNIOR, Level.MIDDLE, Level.SENIOR}
    assert counts[Level.JUNIOR] >= 100 and counts[Level.MIDDLE] >= 90 and counts[Level.SENIOR] >= 45
    # Machine Learning repeats under every level; the order of the ToC decides.
    assert {x.level for x in seed_items if x.section == "Machine Learning"} == set(Level)


def test_seed_levels_follow_the_body_markers(seed_text: str, seed_items: list[RawItem]) -> None:
    middle = _seed_line(seed_text, r"^Middle$")
    senior = _seed_line(seed_text, r"^Senior$")
    # The first marker line is in the ToC; the second occurrence is the body's.
    lines = seed_text.split("\n")
    middle = next(n for n in range(middle + 1, len(lines) + 1) if lines[n - 1] == "Middle")
    senior = next(n for n in range(senior + 1, len(lines) + 1) if lines[n - 1] == "Senior")
    for x in seed_items:
        assert x.line is not None
        want = Level.JUNIOR if x.line < middle else Level.MIDDLE if x.line < senior else Level.SENIOR
        assert x.level == want, (x.line, x.question)


def test_seed_answers_never_contain_the_next_question(seed_items: list[RawItem]) -> None:
    for current, following in zip(seed_items, seed_items[1:], strict=False):
        assert following.question[:40] not in (current.answer or ""), (current.line, following.line)


def test_seed_questions_are_clean(seed_items: list[RawItem]) -> None:
    for x in seed_items:
        assert "**" not in x.question and not x.question.endswith("*"), x.line
        assert not re.match(r"^(?:- )?\d+\.", x.question), x.line
        assert not x.question.endswith(":"), x.line


def test_seed_question_split_across_page_break_is_joined(seed_text: str, seed_items: list[RawItem]) -> None:
    map_filter = _at(seed_items, _seed_line(seed_text, r"^18\. Яка різниця між “map”"))
    assert map_filter.question.endswith("? Наведіть приклади їх використання.")
    assert map_filter.answer is not None and map_filter.answer.startswith("- **Map:**")

    docker = _at(seed_items, _seed_line(seed_text, r"контейнеризації, такими як Docker\?\*\*$"))
    assert docker.question.endswith("Docker? Будь ласка, опишіть ваш досвід.")
    assert docker.answer is not None and docker.answer.startswith("Так, Docker")

    classes = _at(seed_items, _seed_line(seed_text, r"класифікатор на 100 тисяч класів\?$"))
    assert classes.question.endswith("класів? Обґрунтуйте свою думку.")

    finetune = _at(seed_items, _seed_line(seed_text, r"Як ми можемо зменшити$"))
    assert finetune.question.endswith(
        "Як ми можемо зменшити потребу у великих розмічених датасетах під час фінтунінгу LLM?"
    )
    assert finetune.answer is not None and finetune.answer.startswith("- **Few-shot learning:**")


def test_seed_one_line_question_and_answer_is_split(seed_text: str, seed_items: list[RawItem]) -> None:
    drift = _at(seed_items, _seed_line(seed_text, r"^3\. Що таке concept drift\? Concept drift — це"))
    assert drift.question == "Що таке concept drift?"
    assert drift.answer is not None and drift.answer.startswith("Concept drift — це зміна")

    cold = _at(seed_items, _seed_line(seed_text, r"^2\. Що таке cold start problem\?"))
    assert cold.question == "Що таке cold start problem? Як з нею справлятися?"
    assert cold.answer is not None and cold.answer.startswith("Cold start problem виникає")  # page break joined

    mlops = _at(seed_items, _seed_line(seed_text, r"^1\. \*\*Що таке MLOps"))
    assert mlops.question == "Що таке MLOps і чому він важливий у проєктах з машинного навчання?"
    assert mlops.answer is not None and mlops.answer.startswith("MLOps (Machine Learning Operations) — це")
    assert "(ML) та операційні процеси DevOps" in mlops.answer  # a page-break fragment joined

    distil = _at(seed_items, _seed_line(seed_text, r"NoisyStudent Networks\? Knowledge Distillation\*\*"))
    assert distil.question.endswith("Що таке NoisyStudent Networks?")
    assert distil.answer is not None and distil.answer.startswith("**Knowledge Distillation** — це")


def test_seed_imperative_after_question_mark_stays_in_the_question(seed_text: str, seed_items: list[RawItem]) -> None:
    anchor = _at(seed_items, _seed_line(seed_text, r"^4\. Що таке anchor в object detection\?"))
    assert anchor.question == "Що таке anchor в object detection? Розкажіть про anchor-free підходи."
    assert anchor.answer is not None and anchor.answer.startswith("Anchor — це")


def test_seed_broken_numbering_in_statistics_keeps_every_question(seed_text: str, seed_items: list[RawItem]) -> None:
    stats = [x for x in seed_items if x.section == "Статистика"]
    assert [x.extra["number"] for x in stats] == [*range(1, 16), 14, 15]
    heading = _seed_line(seed_text, r"^▼ Статистика")
    numbered = [
        n
        for n, ln in enumerate(seed_text.split("\n"), 1)
        if n > heading and re.match(r"^\d+\. ", ln) and n < _seed_line(seed_text, r"^▼ Загальні запитання")
    ]
    assert [x.line for x in stats] == numbered


def test_seed_hr_questions_have_their_sub_bullet_answers(seed_items: list[RawItem]) -> None:
    hr = [x for x in seed_items if x.section and x.section.startswith("HR питання")]
    assert len(hr) == 10
    assert [x.extra["number"] for x in hr] == list(range(1, 11))
    assert all(x.answer and x.answer.startswith("- ") and "\n" not in x.answer for x in hr)
    assert hr[0].question.endswith("Які основні виклики ви подолали?")  # stray closing ** removed


def test_seed_questions_without_answer_have_none(seed_text: str, seed_items: list[RawItem]) -> None:
    paper = _at(seed_items, _seed_line(seed_text, r"^1\. Який останній ML paper ти читав\?"))
    assert paper.answer is None and paper.section == "Загальні питання" and paper.level == Level.JUNIOR


def test_seed_code_blocks_are_kept_verbatim(seed_text: str, seed_items: list[RawItem]) -> None:
    singleton = _at(seed_items, _seed_line(seed_text, r"^17\. Як можна створити singleton"))
    assert singleton.answer is not None
    assert "```\nclass Singleton(type):  \n    _instances = {}  \n" in singleton.answer
    assert singleton.answer.endswith("    pass\n```")


def test_seed_latex_is_kept(seed_text: str, seed_items: list[RawItem]) -> None:
    logreg = _at(seed_items, _seed_line(seed_text, r"^1\. Поясніть, як працює логістична регресія"))
    assert logreg.answer is not None and "\n\n$$P(y = 1|X) = \\frac{1}" in logreg.answer


def test_intro_question_under_heading_does_not_swallow_numbered_questions() -> None:
    text = "Junior\n\n▼ Статистика\n\nНавіщо це знати?\n\n1. Що таке p-value?\n\nЙмовірність.\n\n2. Що таке CLT?\n"
    assert [(x.question, x.extra.get("number")) for x in _items(text)] == [
        ("Навіщо це знати?", None),
        ("Що таке p-value?", 1),
        ("Що таке CLT?", 2),
    ]


def test_bold_question_right_after_previous_answer_bullet() -> None:
    text = (
        "▼ Behavioural\n\n**Why do you want this job?**\n- Talk about the product.\n"
        "**Describe a conflict in your team.**\n- Use the STAR format.\n\n▼ Other\n"
    )
    assert [(x.question, x.answer) for x in _items(text)] == [
        ("Why do you want this job?", "- Talk about the product."),
        ("Describe a conflict in your team.", "- Use the STAR format."),
    ]


def test_seed_without_toggles_still_finds_every_section(seed_text: str, seed_items: list[RawItem]) -> None:
    # The same document with its ▼ toggles flattened to bare title lines.
    bare = re.sub(r"(?m)^▼ (?:\*\*)?(.*?)(?:\*\*)?$", r"\1", seed_text)
    items = _items(bare)
    assert [(x.question, x.level, x.section) for x in items] == [(x.question, x.level, x.section) for x in seed_items]
