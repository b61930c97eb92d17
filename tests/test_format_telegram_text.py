"""Telegram channel pages copied as text: the seeds 000–003 and our own fixture."""

from __future__ import annotations

import json
import re

import pytest

from conftest import FIXTURES, seed
from sobes.formats import base, telegram_text
from sobes.model import RawItem, Skip

TG_SEEDS = ["000", "001", "002", "003"]


def parse_path(path):  # type: ignore[no-untyped-def]
    items = list(telegram_text.parse(path.read_text(encoding="utf-8"), path.name))
    return [i for i in items if isinstance(i, RawItem)], [i for i in items if isinstance(i, Skip)]


@pytest.mark.parametrize("prefix", TG_SEEDS)
def test_seed_is_sniffed_as_telegram_text(prefix: str) -> None:
    assert telegram_text.sniff(seed(prefix).read_bytes()[:65536], seed(prefix).name)


def test_notion_export_is_not_sniffed_as_telegram_text() -> None:
    assert not telegram_text.sniff(seed("004").read_bytes()[:65536], seed("004").name)


@pytest.mark.parametrize("prefix", TG_SEEDS)
def test_answers_carry_no_post_furniture(prefix: str) -> None:
    cards, _ = parse_path(seed(prefix))
    furniture = re.compile(
        r"please open telegram|view in telegram|download telegram|^@\w+$|^#\w|^библиотека собеса по data science$",
        re.I | re.M,
    )
    for card in cards:
        text = card.answer or ""
        assert not furniture.search(text), (card.line, text[-120:])
        for line in text.splitlines():
            assert base.parse_reactions(line.strip()) is None or not line.strip(), (card.line, line)


@pytest.mark.parametrize("prefix", TG_SEEDS)
def test_no_ad_becomes_a_card(prefix: str) -> None:
    cards, _ = parse_path(seed(prefix))
    for card in cards:
        assert base.ad_score(card.question + "\n" + (card.answer or "")) < 2, card.question


def test_every_question_line_of_seed_000_becomes_a_card() -> None:
    text = seed("000").read_text(encoding="utf-8")
    cards, _ = parse_path(seed("000"))
    questions = {c.question for c in cards}
    # Independent count: lines ending with '?' that start a post in this seed.
    expected = [ln.strip() for ln in text.splitlines()[16:] if ln.strip().endswith("?") and len(ln) > 20]
    found = sum(1 for q in expected if q in questions)
    assert found / len(expected) >= 0.98


def test_question_only_post_followed_by_next_question_is_split() -> None:
    cards, _ = parse_path(seed("000"))
    llm = next(c for c in cards if c.question.startswith("Пробовали ли вы обучить LLM"))
    assert llm.answer is None
    nxt = next(c for c in cards if c.question.startswith("Какие методы и техники"))
    assert nxt.answer and nxt.answer.startswith("1. Архитектурные модификации")


def test_reactions_line_with_lost_emoji() -> None:
    cards, _ = parse_path(seed("000"))
    sgd = next(c for c in cards if "стохастического градиентного спуска" in c.question)
    assert sgd.reactions == {base.LOST_EMOJI: 10, "👍": 4}


def test_heading_without_question_mark_is_a_card() -> None:
    cards, _ = parse_path(seed("000"))
    assert any(c.question == "Подходы к задаче ранжирования" and c.answer for c in cards)


def test_hashtag_with_a_space_is_one_tag() -> None:
    cards, _ = parse_path(seed("001"))
    rl = next(c for c in cards if "обучение с подкреплением" in c.question)
    assert rl.tags == ["машинное_обучение", "глубокое_обучение"]
    assert "#" not in (rl.answer or "")


def test_post_without_reactions_ends_at_its_hashtags() -> None:
    cards, _ = parse_path(seed("001"))
    dl = next(c for c in cards if c.question.startswith("Как бы вы объяснили отличия глубокого"))
    assert dl.answer and dl.answer.rstrip().endswith("ручной обработке данных.")
    assert dl.reactions == {}


def test_post_repeated_without_its_question_is_skipped() -> None:
    cards, skips = parse_path(seed("002"))
    assert sum(1 for s in skips if s.reason == base.REPEAT) == 2
    assert sum(1 for c in cards if "Q-обучение" in c.question) == 1


def test_signature_and_filler_end_posts_in_channel_without_header() -> None:
    cards, skips = parse_path(seed("002"))
    grad = cards[0]
    assert grad.question == "Что такое проблемы взрывающегося и затухающего градиента?"
    assert grad.answer and grad.answer.endswith("уметь определять и устранять её.")
    assert {s.reason for s in skips} >= {base.LINK_ONLY, base.NO_QUESTION, base.REPEAT}


def test_ad_glued_to_next_question_is_cut_off() -> None:
    cards, skips = parse_path(seed("003"))
    tf = next(c for c in cards if "teacher forcing" in c.question)
    assert tf.question.startswith("Почему при обучении моделей")
    assert tf.answer and tf.answer.startswith("«Teacher forcing» — это")
    assert sum(1 for s in skips if s.reason == base.AD) >= 6
    assert not any("курс" in c.question.lower() for c in cards)


def test_problem_with_listed_events_keeps_the_list_in_the_question() -> None:
    cards, _ = parse_path(seed("002"))
    cardsq = next(c for c in cards if "колоды" in c.question)
    assert "F:" in cardsq.question and cardsq.answer is None


def test_own_fixture_matches_expected_cards() -> None:
    path = FIXTURES / "telegram_text" / "channel.txt"
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    cards, skips = parse_path(path)
    assert [c.question for c in cards] == [e["question"] for e in expected]
    for card, exp in zip(cards, expected, strict=True):
        if "answer" in exp:
            assert card.answer == exp["answer"]
        else:
            assert card.answer and card.answer.startswith(exp["answer_startswith"])
            assert card.answer.endswith(exp["answer_endswith"])
        assert card.tags == exp["tags"]
        assert card.reactions == exp["reactions"]
    reasons = [s.reason for s in skips]
    assert reasons.count(base.AD) == 1
    assert base.LINK_ONLY in reasons
    assert base.REPEAT in reasons


def _parse_text(text: str) -> tuple[list[RawItem], list[Skip]]:
    items = list(telegram_text.parse(text, "channel.txt"))
    return [i for i in items if isinstance(i, RawItem)], [i for i in items if isinstance(i, Skip)]


# Channel furniture written by us in the shapes channels use: rubric lines above the question,
# "Ответ:" blocks, quizzes, polls with their vote counts, job ads, giveaways, greetings.
CHANNEL_FURNITURE = """\
Data Interview Club
Download Telegram
Вопрос с собеседования 👇
Что такое стратифицированная выборка?

Ответ:
Разбиение, при котором доля каждого класса в частях такая же, как во всём наборе.
👍12
❓ Вопрос с собеседования: чем медиана отличается от среднего

Ответ:
Медиана устойчива к выбросам, среднее — нет.
#junior #stats
👍9
🧩 Квиз для разминки

Какой метод не является ансамблем?

A) Random Forest
B) AdaBoost
C) k-NN

Правильный ответ: C) k-NN.
Он не объединяет несколько моделей.
👍31
Какие темы разобрать в следующем месяце?
Anonymous Poll
41%
Статистика
59%
SQL
1.1K votes
Какой порядок сложности у бинарного поиска?
Anonymous Quiz
O(n)
O(log n)
312 votes
Доброе утро, коллеги ☕️
Пятница — хороший день, чтобы повторить пару тем.
❤️14
🎁 РОЗЫГРЫШ
Разыгрываем три книги по статистике среди подписчиков!
Нажмите «Участвую» под постом, итоги подведём в пятницу.
Участвую (1 284)
Что такое доверительный интервал?

Интервал, который с заданной вероятностью накрывает истинное значение параметра.
👍20
💼 Вакансия: Junior Data Analyst
Задачи: отчёты и A/B-тесты. Откликнуться: @hr_example
#вакансия
Чем Q-learning отличается от SARSA?

Q-learning обновляется по лучшему действию в следующем состоянии, SARSA — по выбранному.
👍7
"""


def test_channel_furniture_is_dropped_and_questions_are_found() -> None:
    cards, skips = _parse_text(CHANNEL_FURNITURE)
    by_question = {c.question.split("\n")[0]: c for c in cards}
    assert set(by_question) == {
        "Что такое стратифицированная выборка?",
        "Чем медиана отличается от среднего",
        "Какой метод не является ансамблем?",
        "Какой порядок сложности у бинарного поиска?",
        "Что такое доверительный интервал?",
        "Чем Q-learning отличается от SARSA?",
    }
    assert by_question["Что такое стратифицированная выборка?"].line == 4  # the question, not the rubric
    assert by_question["Что такое стратифицированная выборка?"].answer.startswith("Разбиение")
    assert by_question["Чем медиана отличается от среднего"].answer == "Медиана устойчива к выбросам, среднее — нет."
    assert by_question["Чем медиана отличается от среднего"].tags == ["junior", "stats"]
    reasons = {s.reason for s in skips}
    assert {base.AD, base.FILLER, base.NO_QUESTION} <= reasons


def test_quiz_keeps_its_options_in_the_question_and_the_right_one_as_answer() -> None:
    cards, _ = _parse_text(CHANNEL_FURNITURE)
    quiz = next(c for c in cards if c.question.startswith("Какой метод"))
    assert quiz.question.splitlines()[-3:] == ["A) Random Forest", "B) AdaBoost", "C) k-NN"]
    assert quiz.answer is not None and quiz.answer.startswith("C) k-NN.")
    poll = next(c for c in cards if c.question.startswith("Какой порядок"))
    assert poll.question.splitlines()[1:] == ["- O(n)", "- O(log n)"]
    assert poll.answer is None


def test_a_survey_poll_is_filler_and_does_not_swallow_the_next_post() -> None:
    cards, skips = _parse_text(CHANNEL_FURNITURE)
    assert not any("темы разобрать" in c.question for c in cards)
    assert any(s.reason == base.FILLER and "темы разобрать" in (s.excerpt or "") for s in skips)


def test_a_rubric_line_is_kept_when_no_question_follows() -> None:
    text = "Download Telegram\nПодходы к ранжированию\n\nБывают pointwise, pairwise и listwise.\n👍3\n"
    cards, _ = _parse_text(text)
    assert [c.question for c in cards] == ["Подходы к ранжированию"]


def test_a_question_wrapped_over_two_lines_is_not_a_rubric() -> None:
    text = "Download Telegram\nВ чём разница между\nL1 и L2 регуляризацией?\n\nL1 зануляет веса.\n👍3\n"
    cards, _ = _parse_text(text)
    assert [c.question for c in cards] == ["В чём разница между L1 и L2 регуляризацией?"]


def test_a_q_learning_question_keeps_its_q() -> None:
    text = "Download Telegram\nQ-learning: что обновляет агент на каждом шаге?\n\nОценку Q(s, a).\n👍3\n"
    cards, _ = _parse_text(text)
    assert cards[0].question.startswith("Q-learning")


def test_web_page_footers_and_service_lines_are_borders_not_text() -> None:
    text = """\
Data Interview Club
12.3K subscribers
Download Telegram
Что такое стратифицированная выборка?

Разбиение, при котором доля каждого класса сохраняется.
👍12
1.2K views
edited  14:05
Forwarded from ML Notes
Чем медиана отличается от среднего?

Медиана устойчива к выбросам.
845 views
14:20
Channel photo updated
Pinned «Что такое доверительный интервал?»
Что такое доверительный интервал?

Интервал, который накрывает истинное значение с заданной вероятностью.
3.4K views 15:01
"""
    cards, _ = _parse_text(text)
    assert [(c.line, c.question) for c in cards] == [
        (4, "Что такое стратифицированная выборка?"),
        (11, "Чем медиана отличается от среднего?"),
        (18, "Что такое доверительный интервал?"),
    ]
    assert cards[1].answer == "Медиана устойчива к выбросам."
    assert cards[2].answer == "Интервал, который накрывает истинное значение с заданной вероятностью."


MORE_CHANNEL_SHAPES = """\
Download Telegram
🧩 Задача дня
Дан массив чисел и число target. Найдите два индекса с суммой target за O(n).

Решение:
Один проход со словарём «значение → индекс».
👍12
⚡️ Блиц: два вопроса по Python
1. Чем list отличается от tuple?
— list изменяемый, tuple нет.
2. Что вернёт bool([])?
— False: пустые контейнеры ложны.
#блиц #python
👍33
🔗 Полезные ссылки недели
https://example.org/a
https://example.org/b
👍12
Подписывайтесь на наш второй канал @example_sql 👈
Там тот же формат, только про SQL.
👍8
Я вернулся из отпуска! 🏔
Две недели без ноутбука, накопилось много тем.
❤️71
Итоги года 🎄
Канал вырос втрое, спасибо вам.
❤️88
🔁 Из архива
Вопрос #37. Что показывает p-value?

Разбор:
Вероятность получить такие же или более крайние данные при верной H0.
👍5
Какие вопросы задать работодателю?
1. Какой стек?
2. Как устроено ревью кода?
👍4
"""


def test_problem_posts_blitz_posts_and_channel_news() -> None:
    cards, skips = _parse_text(MORE_CHANNEL_SHAPES)
    got = [(c.question.split("\n")[0], (c.answer or "").split("\n")[0]) for c in cards]
    assert got == [
        ("Дан массив чисел и число target. Найдите два индекса с суммой target за O(n).",
         "Один проход со словарём «значение → индекс»."),
        ("Чем list отличается от tuple?", "list изменяемый, tuple нет."),
        ("Что вернёт bool([])?", "False: пустые контейнеры ложны."),
        ("Что показывает p-value?", "Вероятность получить такие же или более крайние данные при верной H0."),
        ("Какие вопросы задать работодателю?", ""),  # its list of questions stays with it
    ]
    assert cards[4].question.splitlines()[1:] == ["1. Какой стек?", "2. Как устроено ревью кода?"]
    assert cards[2].tags == ["блиц", "python"]
    assert [s.reason for s in skips if s.reason != base.NO_QUESTION] == [base.LINK_ONLY, base.AD]
    assert sum(1 for s in skips if s.reason == base.NO_QUESTION) == 2  # the holiday and the year's results


GLUED_POSTS = """\
Канал про собесы
Download Telegram
📌 Навигация по каналу

Задачи с кодом ищите по тегу #задача
👍12
Зачем нужна стандартизация признаков?

Чтобы признаки с большими числами не доминировали в расстояниях и градиентах.
👍5
📣 Друзья, мы завели соседний канал про SQL — @sql_daily_demo
Подписывайтесь, чтобы не пропустить
Что такое оконная функция в SQL?

Функция, считающая значение по группе строк, не схлопывая их: ROW_NUMBER, LAG, SUM OVER.
👍7
📚 Подборка на выходные:

https://example.org/one
https://example.org/two
Что такое утечка данных?

Когда в признаки попадает информация, недоступная в момент предсказания.
👍9
💼 Вакансия: Junior DS в ритейл

Вилка 150–200 тыс. на руки. Резюме присылайте: @hr_demo
Чем медиана лучше среднего при выбросах?

Медиана не сдвигается от нескольких экстремальных значений.
👍4
🤖 Готовитесь к собесу? Попробуйте бота @DrillDemoBot

Первые дни без оплаты.
#реклама
Всем хороших выходных! 🌿
А пока расскажите в комментах: какой вопрос поставил вас в тупик?
❤️18
"""


def test_posts_glued_at_a_link_and_channel_promotions_are_told_apart() -> None:
    cards, skips = _parse_text(GLUED_POSTS)
    assert [c.question for c in cards] == [
        "Зачем нужна стандартизация признаков?",
        "Что такое оконная функция в SQL?",
        "Что такое утечка данных?",
        "Чем медиана лучше среднего при выбросах?",
    ]
    assert cards[1].answer and cards[1].answer.startswith("Функция, считающая")
    reasons = [s.reason for s in skips if s.reason != base.EMPTY]
    # navigation; channel promo; link digest; job ad; a post its channel tagged #реклама; weekend chatter
    assert reasons == [base.NO_QUESTION, base.AD, base.LINK_ONLY, base.AD, base.AD, base.NO_QUESTION]


def test_uplift_and_search_words_alone_are_not_an_ad() -> None:
    text = "Как измерить отклик клиента на рассылку? Ищем минимум функции потерь в команде моделей."
    assert base.ad_score(text) < 2


REPOSTS_AND_READER_QUESTIONS = """\
Канал про собесы
Download Telegram
🔁 Из архива
Модель ошибается на редком классе чаще, чем на частом. Почему и что с этим делать?

Потому что функция потерь усредняет ошибку по объектам, а редких объектов мало.
👍8
🔁 Повтор
Почему случайный лес почти не переобучается при росте числа деревьев?

Усреднение независимых деревьев снижает дисперсию, смещение не растёт.
👍6
📚 Что почитать:

https://example.org/a
https://example.org/b
https://example.org/c

Сохраняйте себе 👆
👍3
Требуется ML-инженер

Чем заниматься: рекомендации и ранжирование.
Откликаться: @hr_demo
#вакансия
👍2
Медиана и мода — чем они отличаются? Отвечайте в комментариях 👇
👍5
💬 Частый вопрос: «Как вы выбирали метрику для последнего проекта?» Делитесь историями в комментах.
👍4
Precision vs recall — объясните на примере медицинского теста.
Precision — доля больных среди тех, кого тест назвал больными; recall — доля найденных среди всех больных.
👍7
Сформулируйте закон больших чисел.
Среднее выборки сходится к математическому ожиданию с ростом её размера.
👍3
"""


def test_reposts_rubrics_and_questions_to_the_readers() -> None:
    cards, skips = _parse_text(REPOSTS_AND_READER_QUESTIONS)
    assert [c.question for c in cards] == [
        "Модель ошибается на редком классе чаще, чем на частом. Почему и что с этим делать?",
        "Почему случайный лес почти не переобучается при росте числа деревьев?",
        "Медиана и мода — чем они отличаются?",
        "Как вы выбирали метрику для последнего проекта?",
        "Precision vs recall — объясните на примере медицинского теста.",
        "Сформулируйте закон больших чисел.",
    ]
    assert cards[0].answer and cards[0].answer.startswith("Потому что")
    assert cards[2].answer is None and cards[3].answer is None  # answered by the readers, below the post
    assert cards[5].answer and cards[5].answer.startswith("Среднее выборки")
    reasons = [s.reason for s in skips if s.reason != base.EMPTY]
    assert reasons == [base.LINK_ONLY, base.AD]  # the digest; the job ad its channel tagged #вакансия
