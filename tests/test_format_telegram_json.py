"""Telegram Desktop JSON exports: the shared sample channel and our own fixture."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, SAMPLES, one_by_message, seed, split_items
from sobes.errors import BadInputError
from sobes.formats import base, telegram_json
from sobes.model import RawItem, Skip

SAMPLE = SAMPLES / "telegram_export" / "result.json"
FIXTURE = FIXTURES / "telegram_json" / "result.json"


def parse_text(text: str, name: str = "result.json") -> tuple[list[RawItem], list[Skip]]:
    return split_items(telegram_json.parse(text, name))


def parse_path(path: Path) -> tuple[list[RawItem], list[Skip]]:
    return parse_text(path.read_text(encoding="utf-8"), path.name)


def card(path: Path, message_id: int) -> RawItem:
    return one_by_message(parse_path(path)[0], message_id)


def skip(path: Path, message_id: int) -> Skip:
    _, skips = parse_path(path)
    return next(s for s in skips if s.message_id == message_id)


def export(messages: list[dict[str, Any]], **chat: Any) -> str:
    doc = {"name": "Test channel", "type": "public_channel", "id": 42, **chat, "messages": messages}
    return json.dumps(doc, ensure_ascii=False, indent=1)


# --- the shared sample export -------------------------------------------------


def test_sample_export_gives_ten_cards_in_message_order() -> None:
    cards, _ = parse_path(SAMPLE)
    assert [c.message_id for c in cards] == [2, 4, 6, 7, 8, 10, 11, 12, 13, 15]
    assert [c.question for c in cards] == [
        "Что такое переобучение и как его заметить?",
        "Чем batch normalization отличается от layer normalization?",
        "How do you pick k in k-means?",
        "Як працює early stopping?",
        "Напишите функцию, которая считает ROC AUC без sklearn",
        "Расскажите о проекте, которым вы гордитесь больше всего.",
        "Как понять, что модель переобучилась?",
        "В колоде 36 карт. Наугад вынимают 2 карты. Какова вероятность, что обе — тузы?",
        "What is data leakage? Give an example.",
        "Что такое переобучение и как его заметить?",
    ]


def test_sample_export_skips_carry_their_reasons() -> None:
    _, skips = parse_path(SAMPLE)
    assert [(s.message_id, s.reason) for s in skips] == [
        (1, base.SERVICE),
        (3, base.AD),
        (5, base.LINK_ONLY),
        (9, base.MEDIA_ONLY),
        (14, base.FILLER),
    ]


@pytest.mark.parametrize(
    ("message_id", "start", "end"),
    [
        (2, "Переобучение — ситуация, когда модель запоминает шум", "• более простая модель."),
        (4, "BatchNorm нормирует каждый признак", "поэтому его используют в трансформерах и RNN."),
        (6, "Common approaches: the elbow method", "Always check stability across random initialisations."),
        (7, "Під час навчання стежимо за метрикою", "Це проста і дешева форма регуляризації."),
        (8, "Идея: AUC равен вероятности", "нужно усреднять по рангам — в этой версии этого нет."),
        (12, "C(4,2)/C(36,2)", "= 6/630 = 1/105."),
        (13, "Leakage is when information", "so the model sees the future."),
    ],
)
def test_sample_answers_start_and_end_as_posted(message_id: int, start: str, end: str) -> None:
    answer = card(SAMPLE, message_id).answer or ""
    assert answer.startswith(start)
    assert answer.endswith(end)


def test_answer_label_after_a_blank_line_is_removed() -> None:
    assert card(SAMPLE, 12).answer == "C(4,2)/C(36,2) = 6/630 = 1/105."


def test_code_entity_becomes_a_fenced_block_in_the_answer() -> None:
    answer = card(SAMPLE, 8).answer or ""
    assert "\n```\ndef roc_auc(y, s):\n    order = sorted(" in answer
    assert "(n_pos * n_neg)\n```\n" in answer


def test_hashtags_become_tags_not_answer_text() -> None:
    item = card(SAMPLE, 8)
    assert item.tags == ["python", "метрики"]
    assert "#" not in (item.answer or "")


def test_question_only_post_has_no_answer_and_keeps_its_tag() -> None:
    item = card(SAMPLE, 10)
    assert item.answer is None
    assert item.tags == ["собеседование"]
    assert item.reactions == {"🤔": 2}


@pytest.mark.parametrize(
    ("message_id", "reactions"),
    [(2, {"👍": 12, "🔥": 3}), (6, {"❤": 4, "👍": 6}), (8, {"👍": 15, "🤯": 1})],
)
def test_reactions_keep_emoji_counts_without_variation_selector(
    message_id: int, reactions: dict[str, int]
) -> None:
    assert card(SAMPLE, message_id).reactions == reactions


def test_forwarded_and_edited_posts_are_cards_with_their_extra() -> None:
    forwarded, edited = card(SAMPLE, 13), card(SAMPLE, 4)
    assert forwarded.extra == {"date": "2024-03-14T13:00:00", "forwarded_from": "ML Daily"}
    assert edited.extra == {"date": "2024-03-05T14:00:00", "edited": "2024-03-05T16:00:00"}


def test_line_points_at_the_message_object_in_result_json() -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    cards, skips = parse_path(SAMPLE)
    for item in [*cards, *skips]:
        assert item.line is not None
        assert lines[item.line - 1].strip() == "{", item
        assert lines[item.line].strip() == f'"id": {item.message_id},', item


def test_keys_name_the_chat_and_the_message() -> None:
    cards, _ = parse_path(SAMPLE)
    assert [c.key for c in cards][:2] == ["tg:1700000001:2", "tg:1700000001:4"]


# --- our fixture: what the sample lacks -------------------------------------


def test_service_message_is_skipped_with_reason() -> None:
    item = skip(FIXTURE, 100)
    assert (item.reason, item.excerpt, item.line) == (base.SERVICE, "pin_message", 6)


@pytest.mark.parametrize(
    ("message_id", "media"),
    [(107, "file"), (109, "sticker"), (114, "photo")],
)
def test_media_without_caption_is_skipped_as_media_only(message_id: int, media: str) -> None:
    item = skip(FIXTURE, message_id)
    assert (item.reason, item.excerpt) == (base.MEDIA_ONLY, media)


def test_plain_string_text_without_entities_is_read() -> None:
    item = card(FIXTURE, 101)
    assert item.question == "Что такое p-value?"
    assert item.answer == (
        "Вероятность получить такие же или ещё более экстремальные данные, если нулевая гипотеза "
        "верна. Это не вероятность того, что гипотеза верна."
    )


def test_custom_and_paid_reactions_are_summed_under_the_lost_emoji_key() -> None:
    assert card(FIXTURE, 101).reactions == {"👍": 7, base.LOST_EMOJI: 6}


def test_pre_block_keeps_its_language_and_inline_code_its_backticks() -> None:
    item = card(FIXTURE, 102)
    assert item.answer == (
        "Срез с шагом -1 создаёт новую строку:\n\n"
        '```python\ns = "stressed"\nprint(s[::-1])  # desserts\n```\n\n'
        "Для списков есть ещё `list.reverse()`, но он меняет список на месте."
    )
    assert item.tags == ["python"]


@pytest.mark.parametrize(
    "fragment",
    [
        "Bagging обучает модели *независимо* на бутстрэп-выборках",
        "boosting обучает *последовательно*,",
        "~~Boosting всегда лучше.~~",
        "Подробнее — в [статье про ансамбли](https://example.org/ensembles).",
    ],
)
def test_inline_entities_render_as_markdown(fragment: str) -> None:
    assert fragment in (card(FIXTURE, 103).answer or "")


def test_blockquote_becomes_quoted_lines_and_plain_entities_stay_text() -> None:
    item = card(FIXTURE, 104)
    assert item.question == "What is the bias-variance tradeoff?"
    assert item.answer == (
        "> Simple models underfit (high bias); complex models overfit (high variance).\n\n"
        "Pick the complexity where the validation error is lowest 🔥 — see "
        "https://example.org/bias-variance or ask @ds_jobs_bot. Regularization moves you along "
        "the curve; so does early stopping."
    )


def test_forwarded_post_records_its_origin() -> None:
    assert card(FIXTURE, 104).extra["forwarded_from"] == "Data Science Jobs"


def test_edited_post_is_imported_with_its_edit_time() -> None:
    item = card(FIXTURE, 105)
    assert item.question == "Что такое стратифицированная кросс-валидация?"
    assert item.extra == {"date": "2024-04-02T12:00:00", "edited": "2024-04-02T13:30:00"}


def test_video_with_caption_is_a_card() -> None:
    item = card(FIXTURE, 106)
    assert item.question == "Объясните, как работает attention в трансформерах."
    assert (item.answer or "").endswith("На видео — разбор на примере машинного перевода.")


def test_question_only_post_glued_to_the_next_question_gives_two_cards() -> None:
    cards, _ = parse_path(FIXTURE)
    first, second = [c for c in cards if c.message_id == 108]
    assert first.question == "Какие метрики качества классификации вы знаете и когда какую выбирать?"
    assert first.answer is None
    assert second.question == "Чем ROC AUC отличается от PR AUC на несбалансированных данных?"
    assert (second.answer or "").startswith("ROC AUC учитывает долю ложных срабатываний")
    assert (first.key, second.key) == ("tg:1855500001:108.0", "tg:1855500001:108")
    # Tags and reactions belong to the post's last card.
    assert (first.tags, first.reactions) == ([], {})
    assert (second.tags, second.reactions) == (["метрики"], {"👍": 10})


def test_hostile_text_stays_inert_markdown() -> None:
    item = card(FIXTURE, 110)
    text = item.question + "\n" + (item.answer or "")
    assert item.question == "Почему нельзя вставлять \\<script>alert(1)\\</script> в шаблон без экранирования?"
    assert not re.search(r"(?<!\\)<script", text)
    assert "](javascript" not in text
    assert (item.answer or "").endswith("не доверяйте атрибутам onclick. Подробнее")


def test_ad_post_is_skipped() -> None:
    assert skip(FIXTURE, 111).reason == base.AD


def test_poll_becomes_a_question_listing_its_options() -> None:
    item = card(FIXTURE, 112)
    assert item.question == "Какая функция потерь у логистической регрессии?\n- MSE\n- Log loss\n- Hinge loss"
    assert item.answer is None
    assert item.extra["poll"] is True


def test_hashtag_inside_a_sentence_stays_as_text_and_is_a_tag() -> None:
    item = card(FIXTURE, 113)
    assert item.question == "Вопрос из рубрики #stats: чем медиана устойчивее среднего?"
    assert item.tags == ["stats"]


def test_fixture_counts() -> None:
    cards, skips = parse_path(FIXTURE)
    assert len(cards) == 11
    reasons: dict[str, int] = {}
    for s in skips:
        reasons[s.reason] = reasons.get(s.reason, 0) + 1
    assert reasons == {base.SERVICE: 1, base.MEDIA_ONLY: 3, base.AD: 1}


def test_key_is_stable_when_the_message_text_is_edited() -> None:
    doc = json.loads(FIXTURE.read_text(encoding="utf-8"))
    before = card(FIXTURE, 105)
    msg = next(m for m in doc["messages"] if m["id"] == 105)
    new_text = [{"type": "bold", "text": "Зачем нужна стратифицированная кросс-валидация?"}, "\n\nЧтобы фолды"
                " сохраняли доли классов."]
    msg["text"] = new_text
    msg["text_entities"] = [new_text[0], {"type": "plain", "text": new_text[1]}]
    msg["edited"] = "2024-05-01T08:00:00"
    cards, _ = parse_text(json.dumps(doc, ensure_ascii=False, indent=1))
    after = next(c for c in cards if c.message_id == 105)
    assert after.question == "Зачем нужна стратифицированная кросс-валидация?"
    assert after.key == before.key == "tg:1855500001:105"


def test_chat_without_id_is_keyed_by_its_name() -> None:
    text = export([{"id": 7, "type": "message", "text": "Что такое bias?\n\nСистематическая ошибка модели."}])
    text = text.replace('"id": 42,', "")
    cards, _ = parse_text(text)
    assert cards[0].key == "tg:Test channel:7"


def test_full_account_export_reads_every_chat() -> None:
    message = {"id": 1, "type": "message", "text": "Что такое bias?\n\nСистематическая ошибка модели."}
    doc = {
        "about": "Here is the data you requested.",
        "personal_information": {"first_name": "Test"},
        "chats": {"about": "...", "list": [
            {"name": "A", "type": "public_channel", "id": 11, "messages": [message]},
            {"name": "B", "type": "private_channel", "id": 22, "messages": [message]},
        ]},
    }
    text = json.dumps(doc, indent=1)
    assert telegram_json.sniff(text.encode(), "result.json")
    cards, _ = parse_text(text)
    assert [c.key for c in cards] == ["tg:11:1", "tg:22:1"]
    lines = text.splitlines()
    assert [lines[c.line][:-1].strip() for c in cards if c.line] == ['"id": 1', '"id": 1']
    assert cards[0].line != cards[1].line


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([{"type": "bold", "text": "Q? "}], "**Q?** "),
        ([{"type": "code", "text": "a`b"}], "``a`b``"),
        ([{"type": "text_link", "text": "x", "href": "javascript:alert(1)"}], "x"),
        ([{"type": "text_link", "text": "docs [v2]", "href": "https://e.org/a b"}], "[docs \\[v2\\]](https://e.org/a%20b)"),
        ([{"type": "email", "text": "a@b.org"}, " ", {"type": "phone", "text": "+7 900"}], "a@b.org +7 900"),
        ([{"type": "bot_command", "text": "/start"}, {"type": "cashtag", "text": "$USD"}], "/start$USD"),
        (["a \\<b> and <!-- c -->"], "a \\\\\\<b> and \\<!-- c -->"),
        ("x < y", "x < y"),
    ],
)
def test_entities_render_to_safe_markdown(parts: Any, expected: str) -> None:
    assert telegram_json.render_entities(parts) == expected


# --- bad input and sniffing -------------------------------------------------


def test_truncated_export_raises_bad_input_saying_where(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    cut = tmp_path / "result.json"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(BadInputError) as err:
        list(telegram_json.parse(cut.read_text(encoding="utf-8"), cut.name))
    message = str(err.value)
    assert "\n" not in message
    assert re.search(r"line \d+, column \d+", message)
    assert "truncated" in message and message.startswith("result.json: ")


@pytest.mark.parametrize("text", ['{"foo": 1}', "[1, 2, 3]", '{"messages": "none"}'])
def test_json_that_is_not_a_telegram_export_is_rejected(text: str) -> None:
    with pytest.raises(BadInputError, match="not a Telegram Desktop export"):
        list(telegram_json.parse(text, "data.json"))


@pytest.mark.parametrize("path", [SAMPLE, FIXTURE])
def test_telegram_exports_are_sniffed(path: Path) -> None:
    assert telegram_json.sniff(path.read_bytes()[:65536], path.name)


@pytest.mark.parametrize(
    "head",
    [
        seed("000").read_bytes()[:65536],
        b'{"id": "c1", "question": "What are \\"messages\\": [ in Kafka?", "answer": null, "type": "qa"}\n'
        b'{"id": "c2", "question": "Q2?", "answer": "A"}\n',
        b'{"foo": 1, "bar": [1, 2]}',
        b'<!DOCTYPE html><html><div class="history"></div></html>',
    ],
)
def test_other_files_are_not_sniffed_as_telegram_json(head: bytes) -> None:
    assert not telegram_json.sniff(head, "file.json")


def test_ten_thousand_messages_all_yield_an_item_or_a_skip() -> None:
    # Speed is measured in bench/import_speed.py, not asserted here.
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))["messages"]
    messages = [{**sample[1 + i % 14], "id": i + 1} for i in range(10_000)]
    items = list(telegram_json.parse(export(messages), "big.json"))
    assert len(items) == 10_000
