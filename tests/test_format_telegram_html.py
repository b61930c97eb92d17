"""Telegram Desktop HTML exports: our two-page fixture and small hand-made pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, SAMPLES, one_by_message, seed, split_items
from sobes.formats import base, telegram_html
from sobes.model import RawItem, Skip

PAGES = FIXTURES / "telegram_html"
PAGE1 = PAGES / "messages.html"
PAGE2 = PAGES / "messages2.html"
CHAT = "Собес по ML | вопросы и ответы"


def parse_text(text: str, name: str = "messages.html") -> tuple[list[RawItem], list[Skip]]:
    return split_items(telegram_html.parse(text, name))


def parse_path(path: Path) -> tuple[list[RawItem], list[Skip]]:
    return parse_text(path.read_text(encoding="utf-8"), path.name)


def card(path: Path, message_id: int) -> RawItem:
    return one_by_message(parse_path(path)[0], message_id)


def one_message(text_html: str, *, extra_body: str = "") -> RawItem:
    """The card from a minimal page holding one message with this text div."""
    page = (
        '<html><body><div class="page_wrap"><div class="history">'
        '<div class="message default clearfix" id="message5"><div class="body">'
        f'{extra_body}<div class="text">\n{text_html}\n</div></div></div></div></div></body></html>'
    )
    cards, skips = parse_text(page)
    assert len(cards) == 1, skips
    return cards[0]


# --- the fixture pages ---------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "questions"),
    [
        (
            PAGE1,
            {
                2: "Что такое регуляризация и зачем она нужна?",
                3: "What is the difference between L1 and L2 regularization?",
                6: "Как перевернуть список в Python без reverse()?",
                7: "Why does accuracy mislead on imbalanced data?",
                8: "Почему нельзя вставлять пользовательский ввод в HTML без экранирования?",
                9: "Объясните, как работает attention в трансформерах.",
            },
        ),
        (
            PAGE2,
            {
                11: "Що таке градієнтний спуск?",
                13: "Расскажите о самой сложной задаче, которую вы решали на работе.",
                14: "Какая функция потерь у логистической регрессии?\n- MSE\n- Log loss\n- Hinge loss",
            },
        ),
    ],
)
def test_each_page_gives_its_cards(path: Path, questions: dict[int, str]) -> None:
    cards, _ = parse_path(path)
    assert {c.message_id: c.question for c in cards} == questions


@pytest.mark.parametrize(
    ("path", "skips"),
    [
        (PAGE1, [(1, base.SERVICE), (4, base.AD), (5, base.MEDIA_ONLY)]),
        (PAGE2, [(10, base.SERVICE), (12, base.MEDIA_ONLY), (15, base.LINK_ONLY)]),
    ],
)
def test_each_page_skips_with_reasons(path: Path, skips: list[tuple[int, str]]) -> None:
    _, found = parse_path(path)
    assert [(s.message_id, s.reason) for s in found] == skips


def test_service_message_is_skipped_with_reason() -> None:
    _, skips = parse_path(PAGE1)
    assert skips[0] == Skip(base.SERVICE, 46, f"Channel «{CHAT}» created", 1)


def test_date_separators_are_not_reported() -> None:
    for path in (PAGE1, PAGE2):
        _, skips = parse_path(path)
        assert all(s.message_id is not None and s.message_id > 0 for s in skips)


def test_bold_question_and_its_answer_paragraphs() -> None:
    item = card(PAGE1, 2)
    assert item.answer == (
        "Регуляризация — штраф за сложность модели, который добавляют к функции потерь. Она уменьшает "
        "переобучение: модель хуже запоминает шум и лучше обобщает.\n\n"
        "Примеры: L1 (Lasso), L2 (Ridge), dropout, ранняя остановка."
    )


def test_hashtags_become_tags_not_answer_text() -> None:
    item = card(PAGE1, 2)
    assert item.tags == ["ml", "регуляризация"]
    assert "#" not in (item.answer or "")
    assert "ShowHashtag" not in (item.answer or "")


@pytest.mark.parametrize(
    ("path", "message_id", "reactions"),
    [
        (PAGE1, 2, {"👍": 14, "❤": 3}),
        (PAGE1, 3, {"🔥": 4}),
        (PAGE1, 9, {"👍": 6, base.LOST_EMOJI: 7}),  # a custom emoji (5) and a paid star (2)
        (PAGE2, 14, {"👍": 8}),
    ],
)
def test_reactions_are_read_from_the_reactions_block(
    path: Path, message_id: int, reactions: dict[str, int]
) -> None:
    assert card(path, message_id).reactions == reactions


def test_joined_message_is_a_card_of_its_own_with_inline_markdown() -> None:
    item = card(PAGE1, 3)
    assert item.answer == (
        "L1 adds the sum of *absolute* weights and drives some of them to exactly zero, so it also selects "
        "features. L2 adds the sum of *squared* weights and shrinks all of them smoothly. "
        "In scikit-learn: `Lasso` vs `Ridge`."
    )


def test_code_block_and_link_become_markdown() -> None:
    item = card(PAGE1, 6)
    assert item.answer == (
        "Срезом с отрицательным шагом — он создаёт новый список:\n\n"
        "```\nnums = [1, 2, 3]\nprint(nums[::-1])  # [3, 2, 1]\n```\n\n"
        "Подробнее — в [документации Python](https://docs.python.org/3/tutorial/introduction.html#lists)."
    )
    assert item.tags == ["python"]


def test_forwarded_post_keeps_the_original_sender_and_date() -> None:
    item = card(PAGE1, 7)
    assert item.extra == {"date": "2024-04-02T16:00:00+03:00", "forwarded_from": "Data Science Jobs"}
    assert (item.answer or "").startswith("With 99% negatives a model that always says “no”")


def test_hostile_markup_comes_out_as_inert_text() -> None:
    item = card(PAGE1, 8)
    answer = item.answer or ""
    assert answer == (
        "Иначе строка вроде \\<script>alert('xss')\\</script> или атрибут onclick=\"steal()\" выполнится "
        "в браузере жертвы (XSS). Ссылки javascript:alert(1) тоже опасны. Подробнее"
    )
    assert not re.search(r"(?<!\\)<", answer)
    # The tampered link target, the real <script> element and the <img onerror> are gone.
    for gone in ("document.cookie", "evil.example", "onerror", "alert(2)", "steal()\">"):
        assert gone not in answer


def test_blockquote_stands_apart_from_the_next_paragraph() -> None:
    answer = card(PAGE1, 9).answer or ""
    assert "value.\n\n> Attention is all you need.\n\nНа видео — разбор" in answer


def test_video_with_caption_is_a_card() -> None:
    assert card(PAGE1, 9).tags == ["nlp"]


def test_question_only_post_has_no_answer() -> None:
    item = card(PAGE2, 13)
    assert (item.answer, item.tags) == (None, ["собеседование"])


def test_poll_is_marked_in_extra() -> None:
    assert card(PAGE2, 14).extra == {"date": "2024-04-03T15:00:00+03:00", "poll": True}


def test_line_points_at_the_message_div() -> None:
    for path in (PAGE1, PAGE2):
        lines = path.read_text(encoding="utf-8").splitlines()
        cards, skips = parse_path(path)
        for item in [*cards, *skips]:
            assert item.line is not None
            assert f'id="message{item.message_id}"' in lines[item.line - 1], item


def test_keys_name_the_chat_so_both_pages_share_one_namespace() -> None:
    cards = parse_path(PAGE1)[0] + parse_path(PAGE2)[0]
    assert cards[0].key == f"tg:{CHAT}:2"
    assert all(c.key == f"tg:{CHAT}:{c.message_id}" for c in cards)
    assert len({c.key for c in cards}) == len(cards)


def test_key_is_stable_when_the_message_text_is_edited() -> None:
    text = PAGE1.read_text(encoding="utf-8")
    edited = text.replace("Что такое регуляризация и зачем она нужна?", "Зачем нужна регуляризация?")
    assert edited != text
    before, after = card(PAGE1, 2), next(c for c in parse_text(edited)[0] if c.message_id == 2)
    assert after.question == "Зачем нужна регуляризация?"
    assert after.key == before.key


# --- small pages: one rule each ------------------------------------------------


@pytest.mark.parametrize(
    ("text_html", "answer"),
    [
        ("a <s>b</s> <u>c</u> <strong><em>d</em></strong>", "a ~~b~~ c ***d***"),
        ('ask <a href="https://t.me/ds_bot">@ds_bot</a>', "ask @ds_bot"),
        ('<a href="mailto:a@b.org">a@b.org</a>, <a href="tel:+7900">+7900</a>', "a@b.org, +7900"),
        ('<a href="" onclick="return ShowBotCommand(&quot;start&quot;)">/start</a>', "/start"),
        (
            '<span class="spoiler hidden" onclick="ShowSpoiler(this)"><span aria-hidden="true">forty-two</span></span>',
            "forty-two",
        ),
        ('<pre><code class="language-sql">SELECT 1;</code></pre>', "```sql\nSELECT 1;\n```"),
        ("x &lt; y &amp;&amp; y &gt; z", "x < y && y > z"),
        ('<a href="https://e.org/x" onclick="steal()">see this</a>', "[see this](https://e.org/x)"),
        ('<a href="data:text/html,hi">see this</a>', "see this"),
    ],
)
def test_text_markup_becomes_markdown(text_html: str, answer: str) -> None:
    item = one_message(f"<strong>What is it?</strong><br><br>{text_html}")
    assert item.question == "What is it?"
    assert item.answer == answer


def test_line_breaks_in_the_source_are_not_text() -> None:
    item = one_message("<strong>What is a tensor?</strong><br><br>A multi-dimensional\n      array.")
    assert item.answer == "A multi-dimensional array."


def test_message_without_a_page_header_is_keyed_by_the_file_name() -> None:
    item = one_message("<strong>What is a tensor?</strong><br><br>An array.")
    assert item.key == "tg:messages:5"


def test_photo_only_post_is_skipped_as_media_only() -> None:
    _, skips = parse_path(PAGE1)
    photo = next(s for s in skips if s.message_id == 5)
    assert (photo.reason, photo.excerpt) == (base.MEDIA_ONLY, "photo")


# --- sniffing ------------------------------------------------------------------


@pytest.mark.parametrize("path", [PAGE1, PAGE2])
def test_telegram_html_pages_are_sniffed(path: Path) -> None:
    assert telegram_html.sniff(path.read_bytes()[:65536], path.name)


@pytest.mark.parametrize(
    "head",
    [
        seed("000").read_bytes()[:65536],
        (SAMPLES / "telegram_export" / "result.json").read_bytes()[:65536],
        b"<!DOCTYPE html><html><head><title>Notes</title></head><body><div class=\"content\">"
        b"<p class=\"messages\">What is bias?</p></div></body></html>",
        b'{"id": "c1", "question": "What is class=\\"history\\"?", "answer": null}\n',
    ],
)
def test_other_files_are_not_sniffed_as_telegram_html(head: bytes) -> None:
    assert not telegram_html.sniff(head, "file.html")
