"""Duplicate detection as plain functions, and on a small mixed-language bank of ours."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import sobes
from conftest import FIXTURES
from sobes.enrich.concepts import DIFFERENT, SAME, concepts, relation
from sobes.enrich.duplicates import Item, cluster, exact_pairs, neighbour_pairs
from sobes.library import Library

BANK = FIXTURES / "analysis" / "mixed_bank.md"


def by_question(lib: Library, start: str):  # type: ignore[no-untyped-def]
    found = [c for c in lib.cards(include_duplicates=True) if c.question.startswith(start)]
    assert len(found) == 1, start
    return found[0]


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = sobes.open(tmp_path_factory.mktemp("bank") / "lib.db")
    lib.import_path(BANK)
    yield lib
    lib.close()


@pytest.mark.parametrize(("a", "b"), [
    ("Как работает Dropout?", "Що таке dropout і навіщо він потрібен?"),
    # "in MLOps" adds nothing to an MLOps notion, and the CD of CI/CD is continuous deployment.
    ("Что такое CI/CD в контексте MLOps?", "Поясніть постійну інтеграцію (CI) і постійне розгортання (CD) в ML"),
    ("Что такое контейнеризация и как она используется в MLOps?", "What is containerization with Docker for?"),
    # A notion implies its field: pooling is a CNN's, BPE is tokenisation, temperature a language model's.
    ("Навіщо в CNN потрібен pooling?", "Max pooling vs average pooling"),
    ("Как работает Byte-Pair Encoding в токенизаторах?", "Поясніть алгоритм BPE-токенізації"),
    ("What does the temperature do when sampling from an LLM?", "За что отвечает temperature при генерации текста?"),
    ("Навіщо потрібна згортка 1×1?", "What is the point of a 1x1 convolution?"),
    ("Як визначити, скільки користувачів потрібно для A/B-тесту?", "Как рассчитать размер выборки для A/B-теста?"),
    ("Коротко про себе: чим займаєтеся?", "Расскажите о себе"),
    ("Чим відрізняється пошук у ширину від пошуку в глибину?", "BFS vs DFS: when to use which?"),
    ("Design an LRU cache with O(1) operations", "Implement a least-recently-used cache"),
    ("Поясніть, як працює двійковий пошук", "Как работает бинарный поиск?"),
    ("Mean encoding категорий: в чём риск?", "What is target encoding and what can go wrong?"),
    ("В чем разница между бустингом и бэггингом?", "Яка різниця між bagging і boosting?"),
    ("Что такое переобучение?", "What is overfitting?"),
])
def test_translations_name_the_same_concepts(a: str, b: str) -> None:
    assert relation(concepts(a), concepts(b)) == SAME


@pytest.mark.parametrize(("a", "b"), [
    ("What is the vanishing gradient problem?", "How to fight vanishing gradients in a seq2seq model?"),
    ("Difference between L1 and L2 regularization?", "Difference between L1 and L2 loss?"),
    ("Have you worked with Docker?", "Have you worked with Kubernetes?"),
    ("How are A/B tests run in MLOps?", "How do you run an A/B test?"),
    ("What does functools.lru_cache do?", "What is a decorator in Python?"),
    ("Where can XAI be used in NLP?", "Where can XAI be used in CV?"),
    ("Що таке стекінг і бегінг?", "Яка різниця між bagging і boosting?"),
])
def test_related_but_different_questions_are_told_apart(a: str, b: str) -> None:
    assert relation(concepts(a), concepts(b)) == DIFFERENT


@pytest.mark.parametrize(("a", "b"), [
    ("Что делать, если в выборке 97% объектов одного класса?", "Як боротися з дисбалансом класів?"),
    ("What would you do if one class is 90% of the data?", "How do you handle imbalanced classes?"),
    ("Що означає насичення функції активації?", "Что такое насыщение нейрона?"),
    ("What is the Global Interpreter Lock?", "Що таке GIL у Python?"),
    ("How does principal component analysis work?", "Що таке PCA?"),
    ("Why do gradients vanish in deep networks?", "Что такое затухающий градиент?"),
    ("Как понять, что распределение входных признаков изменилось?", "Що таке дрейф даних?"),
    ("What would you recommend to a new user with no history?", "Как решать проблему холодного старта?"),
    ("Объясните, как работает прореживание в нейросетях", "Что такое dropout и зачем он нужен?"),
    ("Сформулируйте ЦПТ", "Что утверждает центральная предельная теорема?"),
    ("В датасете всего 1% объектов положительного класса. Что делать?", "Як боротися з дисбалансом класів?"),
    ("Розкажіть коротко про себе", "Tell me about yourself"),
    ("Поясніть компроміс між зміщенням і дисперсією", "What is the bias-variance tradeoff?"),
    ("Що таке бутстреп?", "Что такое бутстрап в статистике?"),
    # Spelled-out abbreviations and the notions a technique implies.
    ("Explain discounted cumulative gain", "Что показывает NDCG?"),
    ("Як рахується intersection over union?", "Что такое IoU?"),
    ("Что такое низкоранговая адаптация?", "How does LoRA work for LLM fine-tuning?"),
    ("Что такое BPE?", "Как BPE используется в больших языковых моделях?"),
    ("Explain CUPED", "How does CUPED reduce the variance of an A/B test metric?"),
    ("What is teacher forcing?", "Как работает teacher forcing в seq2seq?"),
    ("Рання зупинка: яку метрику відстежувати?", "Как выбрать метрику для early stopping?"),
    ("Почему StandardScaler обучают только на трейне?", "Why fit the scaler on the training set only?"),
    ("Навіщо warmup швидкості навчання?", "Why warm up the learning rate?"),
    # Describing the notion instead of naming it.
    ("Позитивних прикладів лише 0,5 %. Як навчати модель?", "Как бороться с дисбалансом классов?"),
    ("Пользователь только что зарегистрировался. Что ему показать?", "Что такое холодный старт?"),
    ("Тест дал p = 0.04. Что это значит?", "Как интерпретировать p-value?"),
    ("Почему нельзя останавливать A/B тест, как только увидели значимость?", "What is peeking in A/B testing?"),
    ("Walk me through your background", "Расскажите о себе"),
    ("Що таке дрейф даних у продакшені?", "What is data drift?"),
    ("В данных 800 столбцов. Все ли брать в модель?", "Як відбирати ознаки для моделі?"),
    ("Признак есть в трейне, но не будет доступен в момент предсказания. Как это называется?",
     "Что такое утечка данных?"),
    ("Як інтерпретувати передбачення моделі?", "What is explainable ML?"),
    ("Чем плох `def push(x, stack=[])`?", "Why is a list a bad default argument value?"),
    ("Мы проверили 30 гипотез, и одна оказалась значимой. Верить ли ей?", "What is the multiple comparisons problem?"),
    ("How does a transformer know the order of the tokens?", "Навіщо потрібне позиційне кодування?"),
    ("Tell me about a time you disagreed with your manager", "Опишіть конфлікт у команді"),
    ("Lasso или Ridge: в чём разница?", "Чем L1-регуляризация отличается от L2?"),
    ("KFold: как он делит данные?", "Як працює крос-валідація?"),
    ("Explain the bias–variance tradeoff.", "Що таке bias і variance моделі?"),
    ("Почему в глубоких сетях затухает градиент?", "What is the vanishing gradient problem?"),
    ("В чём разница между дрейфом данных и дрейфом концепта?", "Data drift vs concept drift?"),
    ("Что такое Non-Maximum Suppression?", "Як працює NMS у детекції об'єктів?"),
    ("Что такое GIL в Python?", "Как GIL влияет на многопоточность?"),
    ("Чем BatchNorm отличается от layer normalization?", "BatchNorm vs LayerNorm?"),
    ("Что такое дилемма exploration vs exploitation?", "Explore-exploit tradeoff in bandits?"),
    ("Что значит «модель откалибрована»?", "What is probability calibration?"),
])
def test_paraphrases_without_the_term_name_the_same_concepts(a: str, b: str) -> None:
    assert relation(concepts(a), concepts(b), 0) == SAME


@pytest.mark.parametrize(("a", "b"), [
    ("Назовите свои слабые стороны.", "Назовите свои сильные стороны."),
    ("Які передумови успішного ML-проєкту?", "Які етапи розробки ML-проєкту?"),
    ("Расскажите о проекте, который провалился.", "Расскажите о самом успешном проекте."),
    ("Как спланировать A/B-тест?", "Как посчитать размер выборки для A/B-теста?"),
    ("Чем L1 отличается от L2?", "Как L1-регуляризация помогает отбирать признаки?"),
    ("How do you version models?", "What is the role of a feature store and data versioning?"),
    ("Що показує ROC AUC?", "Чи можна інтерпретувати модель через SHAP?"),
    # The same subject asked from another side: choosing a number of components or clusters.
    ("Що таке PCA і для чого його використовують?", "Як вибрати кількість компонент у PCA?"),
    ("Як працює алгоритм K-means?", "Як обирати значення K для алгоритму K-means?"),
    ("Что такое коллаборативная фильтрация?", "Чем content-based рекомендации лучше коллаборативной фильтрации?"),
    ("Какие алгоритмы кластеризации вы знаете?", "Як працює K-means?"),
    ("Что такое доверительный интервал?", "Чем доверительный интервал отличается от интервала прогноза?"),
    ("Что такое LoRA?", "Чем QLoRA отличается от LoRA?"),
    ("How do you recommend to a new user?", "How do you recommend a new item nobody has rated?"),
    ("Зачем маскировать будущие токены в декодере?", "Зачем нужны позиционные кодирования в трансформере?"),
    ("Зачем нужна padding mask?", "Зачем маскировать будущие токены в декодере?"),
    ("Что такое проблема множественных сравнений?", "Что такое sample ratio mismatch?"),
    ("Расскажите о проекте, которым гордитесь", "Расскажите о проекте, который провалился"),
    ("Как выбрать размер чанков для RAG?", "Что такое RAG?"),
    ("Чем L1-регуляризация отличается от L2?", "Чем L1 loss отличается от L2 loss?"),
])
def test_vague_or_related_questions_with_different_facets_are_told_apart(a: str, b: str) -> None:
    assert relation(concepts(a), concepts(b), 0) == DIFFERENT


def test_monitoring_presupposes_production() -> None:
    # Both only name generic notions, so an unusually close embedding must still confirm them.
    assert concepts("Как заметить деградацию модели?") == concepts("Как мониторить качество модели в продакшене?")


def test_variables_in_a_formula_are_not_names() -> None:
    assert concepts("Обчисліть IoU боксів (x1, y1, x2, y2)") == concepts("Что такое IoU?")


def test_interpreting_a_number_is_not_explainability() -> None:
    assert "xai" not in concepts("Как интерпретировать p-value?")
    assert "xai" in concepts("Что такое интерпретируемость моделей?")


def test_vague_questions_need_the_same_facets_and_a_clear_z_score() -> None:
    from sobes.enrich.duplicates import MIN_Z_VAGUE, Pair, is_duplicate

    a = Item("a", "ru", "Расскажите о проекте, который не удался.", "1")
    b = Item("b", "ru", "Был ли у вас провальный проект?", "2")
    c = Item("c", "ru", "Расскажите о своём самом успешном проекте.", "3")
    assert is_duplicate(a, b, Pair(0, 1, 0.92, MIN_Z_VAGUE + 0.5))
    assert not is_duplicate(a, b, Pair(0, 1, 0.92, MIN_Z_VAGUE - 0.5))
    assert not is_duplicate(a, c, Pair(0, 2, 0.95, 5.0))


def test_questions_the_lexicon_knows_nothing_about_are_not_vague_duplicates() -> None:
    from sobes.enrich.duplicates import MIN_SIM_WEAK, Pair, is_duplicate

    a = Item("a", "en", "What does a masked language model learn?", "1")
    b = Item("b", "en", "Why does a language model need so much text to learn?", "2")
    assert concepts(a.question) == concepts(b.question) == frozenset()
    assert not is_duplicate(a, b, Pair(0, 1, MIN_SIM_WEAK - 0.01, 4.0))


@pytest.mark.parametrize(
    ("a", "b", "narrower"),
    [  # a translation, a same-language rewording; each with a narrower question on the subject
        (Item("a", "uk", "Що таке PCA і як він працює?", "1"),
         Item("b", "en", "Explain how principal component analysis works.", "2"),
         Item("c", "en", "How many components should PCA keep?", "3")),
        (Item("a", "ru", "Что такое p-value?", "1"),
         Item("b", "ru", "Объясните p-значение менеджеру без статистического бэкграунда", "2"),
         Item("c", "ru", "Почему p-value в A/B-тесте нельзя подсматривать каждый день?", "3")),
    ],
)
def test_cards_that_are_each_others_nearest_in_their_language_pass_a_lower_floor(
    a: Item, b: Item, narrower: Item
) -> None:
    from sobes.enrich import duplicates as d

    cross = a.lang != b.lang
    floor, lower = (d.MIN_SIM_CROSS, d.MIN_SIM_MUTUAL_CROSS) if cross else (d.MIN_SIM_SAME, d.MIN_SIM_MUTUAL_SAME)
    sim = (floor + lower) / 2
    assert d.is_duplicate(a, b, d.Pair(0, 1, sim, 0.5, d.MIN_ZL + 0.5, 0.0))
    assert not d.is_duplicate(a, b, d.Pair(0, 1, sim, 0.5, d.MIN_ZL + 0.5, 0.02))  # one has a nearer card
    assert not d.is_duplicate(a, b, d.Pair(0, 1, sim, 0.5, d.MIN_ZL - 0.5, 0.0))  # it does not stand out
    assert not d.is_duplicate(a, b, d.Pair(0, 1, lower - 0.01, 0.5, d.MIN_ZL + 0.5, 0.0))
    assert not d.is_duplicate(a, narrower, d.Pair(0, 1, sim, 0.5, d.MIN_ZL + 0.5, 0.0))


def test_per_language_scores_match_brute_force(monkeypatch: pytest.MonkeyPatch) -> None:
    from sobes.enrich import duplicates

    rng = np.random.default_rng(1)
    x = rng.normal(size=(40, 16)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    langs = ["ru", "uk", "en", "ru"] * 10
    monkeypatch.setattr(duplicates, "BLOCK", 6)
    pairs = neighbour_pairs(x, None, range(0, 40, 3), k=4, langs=langs)
    s = x @ x.T
    np.fill_diagonal(s, np.nan)
    code = np.array(langs)

    def z_in(i: int, j: int) -> float:
        v = s[i, code == code[j]]
        v = v[~np.isnan(v)]
        return float((s[i, j] - v.mean()) / v.std())

    def best_in(i: int, j: int) -> float:
        return float(np.nanmax(np.where(code == code[j], s[i], np.nan)))

    assert pairs
    for p in pairs:
        assert p.zl == pytest.approx(min(z_in(p.a, p.b), z_in(p.b, p.a)), abs=1e-3)
        gap = max(best_in(p.a, p.b) - p.sim, best_in(p.b, p.a) - p.sim, 0.0)
        assert p.gap == pytest.approx(gap, abs=1e-5)


def test_generic_words_alone_do_not_make_a_match() -> None:
    assert relation(concepts("Які метрики ви знаєте?"), concepts("What metric would you pick?")) != SAME


def test_neighbours_in_blocks_match_brute_force(monkeypatch: pytest.MonkeyPatch) -> None:
    from sobes.enrich import duplicates

    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 16)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    monkeypatch.setattr(duplicates, "BLOCK", 7)
    pairs = neighbour_pairs(x, None, range(50), k=3)
    s = x @ x.T
    np.fill_diagonal(s, -np.inf)
    for i in range(50):
        best = int(np.argmax(s[i]))
        assert any({p.a, p.b} == {i, best} and abs(p.sim - s[i, best]) < 1e-5 for p in pairs)


def test_reposts_are_found_without_embeddings() -> None:
    items = [Item("a", "ru", "Что такое F1?", "что такое f1"), Item("b", "en", "What is F1?", "what is f1"),
             Item("c", "ru", "Что такое  F1 ?", "что такое f1"),
             Item("d", "en", "Bagging vs boosting: the difference?", "bagging vs boosting the difference"),
             Item("e", "en", "The difference: boosting vs bagging", "the difference boosting vs bagging")]
    assert exact_pairs(items) == [(0, 2), (3, 4)]


def test_a_chain_of_near_pairs_does_not_glue_different_questions() -> None:
    items = [Item("a", "en", "How does dropout work?", "1"),
             Item("b", "en", "How do dropout and batch norm work together?", "2"),
             Item("c", "en", "How does batch norm work?", "3")]
    groups = cluster(items, [(0, 1, 0.95), (1, 2, 0.95)]).groups()
    assert groups == [["a", "b"]]


def test_llm_alone_does_not_make_two_questions_the_same() -> None:
    a, b = concepts("Что такое RAG в LLM?"), concepts("Как уменьшить галлюцинации LLM?")
    assert relation(a, b, 0) != SAME


def test_a_collaborative_environment_is_not_collaborative_filtering() -> None:
    a = concepts("Як ви управляєте версіонуванням моделей у колаборативному середовищі?")
    assert relation(a, concepts("Назвіть практики версіонування моделей."), 0) == SAME


def test_a_group_is_a_clique_of_close_questions_not_a_chain() -> None:
    """B is close to A and to C, but A and C are far apart: one pair joins, not all three."""
    q = np.array([[1.0, 0.0], [0.95, 0.312], [0.80, 0.60]], dtype=np.float32)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    items = [Item(k, "en", "How does LLM sampling work?", k) for k in "abc"]
    groups = cluster(items, [(0, 1, 0.95), (1, 2, 0.95)], q, q).groups()
    assert groups == [["a", "b"]]
    assert len(cluster(items, [(0, 1, 0.95), (1, 2, 0.95)]).groups()[0]) == 3  # without vectors: concepts only


def test_translation_pairs_are_grouped(bank: Library) -> None:
    en = by_question(bank, "What does dropout do")
    uk = by_question(bank, "Що таке dropout")
    assert {en.duplicate_of, uk.duplicate_of} == {None, en.id if uk.duplicate_of else uk.id}
    ru = by_question(bank, "Как бороться с переобучением")
    uk2 = by_question(bank, "Як боротися з перенавчанням")
    assert (ru.duplicate_of or ru.id) == (uk2.duplicate_of or uk2.id)


def test_related_but_different_pairs_stay_apart(bank: Library) -> None:
    starts = ("What is the vanishing gradient", "How would you fight vanishing", "What is the difference between L1",
              "What is a decorator")
    for start in starts:
        found = [c for c in bank.cards(include_duplicates=True) if c.question.startswith(start)]
        assert found and all(c.duplicate_of is None for c in found)
    general = by_question(bank, "What is the vanishing gradient")
    assert bank.variants(general.id) == []


def test_a_repost_imported_from_two_files_ends_in_one_group(tmp_path: Path) -> None:
    lib = sobes.open(tmp_path / "lib.db")
    first, second = tmp_path / "notes.md", tmp_path / "notes-copy.md"
    shutil.copy(BANK, first)
    shutil.copy(BANK, second)
    lib.import_path(first)
    report = lib.import_path(second)
    assert report.new == 9
    cards = lib.cards(include_duplicates=True)
    for question in {c.question for c in cards}:
        same = [c for c in cards if c.question == question]
        heads = {c.duplicate_of or c.id for c in same}
        assert len(same) == 2 and len(heads) == 1
    assert len(lib.cards()) < 9  # translations merged too
    lib.close()


def test_without_embeddings_analysis_still_groups_exact_reposts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sobes.embed import reset_encoder

    monkeypatch.setenv("SOBES_ENCODER", "none")
    reset_encoder()
    try:
        lib = sobes.open(tmp_path / "lib.db")
        shutil.copy(BANK, tmp_path / "a.md")
        shutil.copy(BANK, tmp_path / "b.md")
        lib.import_path(tmp_path / "a.md")
        lib.import_path(tmp_path / "b.md")
        report = lib.analyze()
        assert not report.semantic
        assert report.duplicates == 9 and report.groups == 9
        assert all(c.topic for c in lib.cards())
        lib.close()
    finally:
        monkeypatch.delenv("SOBES_ENCODER")
        reset_encoder()


def test_linking_to_a_variant_joins_its_group_and_keeps_the_canonical(tmp_path: Path) -> None:
    lib = sobes.open(tmp_path / "lib.db")
    lib.import_path(BANK)
    en, uk = by_question(lib, "What does dropout do"), by_question(lib, "Що таке dropout")
    canonical, variant = (en, uk) if uk.duplicate_of == en.id else (uk, en)
    decorator = by_question(lib, "What is a decorator")
    assert lib.link(decorator.id, variant.id).duplicate_of == canonical.id
    assert {v.id for v in lib.variants(canonical.id)} == {variant.id, decorator.id}
    assert lib.unlink(decorator.id).duplicate_of is None
    lib.analyze()
    assert by_question(lib, "What is a decorator").duplicate_of is None
    assert lib.card(variant.id).duplicate_of == canonical.id
    lib.close()


def test_a_task_and_a_question_on_the_same_subject_are_not_duplicates() -> None:
    from sobes.enrich.duplicates import Pair, is_duplicate

    task = Item("t", "ru", "Напишите функцию, которая считает ROC AUC", "напишите функцию которая считает roc auc",
                "problem")
    question = Item("q", "ru", "Что такое ROC AUC и как его считать?", "что такое roc auc и как его считать", "qa")
    close = Pair(0, 1, sim=0.97, z=5.0, zl=5.0)
    assert not is_duplicate(task, question, close)
    assert is_duplicate(Item("q2", "ru", question.question + " ", question.norm, "qa"), question, close)
    open_question = Item("o", "ru", question.question, question.norm, "question")
    assert is_duplicate(open_question, question, close)  # qa and open questions may still be one group


@pytest.mark.parametrize(("text", "absent"), [
    ("Design an LRU cache with O(1) get and put.", "learning_rate"),  # "lr" is a whole word
    ("Which city has the most users?", "cicd"),
    ("Что вы продемонстрируете на защите?", "deployment"),  # "в проде", not "продемонстрировать"
])
def test_short_stems_match_whole_words(text: str, absent: str) -> None:
    assert absent not in concepts(text)


def test_slang_for_production_and_failure_is_understood() -> None:
    assert concepts("Расскажите о случае, когда модель сломалась в проде") == concepts(
        "Tell me about a model that failed in production") == {"deployment", "failure"}


def test_a_follow_up_sentence_does_not_make_a_narrower_question() -> None:
    from sobes.enrich import duplicates as d

    channel = Item("a", "ru", "Чем data drift отличается от concept drift?", "1")
    notion = Item("b", "uk", "Чим data drift відрізняється від concept drift? Як ви відстежували їх у продакшені?",
                  "2")
    narrower = Item("c", "ru", "Как отслеживать concept drift в продакшене?", "3")
    assert relation(concepts(channel.question), concepts(notion.question), 0) == DIFFERENT  # "monitoring" added
    assert d.opening(notion.question) == "Чим data drift відрізняється від concept drift?"
    sim = d.MIN_SIM_CROSS + 0.02
    assert d.is_duplicate(channel, notion, d.Pair(0, 1, sim, d.MIN_Z + 0.5, 0.0, 0.0))
    assert not d.is_duplicate(channel, notion, d.Pair(0, 1, sim, d.MIN_Z + 0.5, 0.0, 0.02))  # not each other's nearest
    assert not d.is_duplicate(channel, narrower, d.Pair(0, 1, d.MIN_SIM_SAME + 0.02, d.MIN_Z + 0.5, 0.0, 0.0))


@pytest.mark.parametrize(("a", "b"), [
    ("Яка різниця між WHERE і HAVING у SQL?", "Можно ли написать WHERE COUNT(*) > 5 вместо HAVING?"),
    ("Що виведе цей код?\n\ndef add_item(item, bucket=[]):\n    bucket.append(item)\n    return bucket",
     "Почему список — плохое значение аргумента по умолчанию?"),
    ("Навіщо в attention скалярний добуток ділять на √d_k?", "Зачем в механизме внимания логиты делят на корень из "
     "размерности ключей?"),
    ("Как снизить количество галлюцинаций у LLM?", "Какие приёмы уменьшают галлюцинации языковой модели?"),
    ("Чому не можна зупиняти A/B-тест у той момент, коли p-value став < 0.05?", "What is peeking in A/B tests?"),
    ("Bias vs. variance in one sentence?", "Explain the bias-variance tradeoff."),
])
def test_code_sql_words_and_more_paraphrases_name_the_same_concepts(a: str, b: str) -> None:
    ca, cb = concepts(a), concepts(b)
    assert relation(ca, cb, 1) == SAME, (ca, cb)


def test_vague_translations_stand_out_among_the_cards_of_their_language() -> None:
    from sobes.enrich import duplicates as d

    uk = Item("a", "uk", "Розкажіть про проєкт, який не вдався. Що ви з нього винесли?", "1")
    en = Item("b", "en", "Tell me about a project that failed. What did you learn from it?", "2")
    assert concepts(uk.question) == concepts(en.question) == {"project", "failure"}
    sim = d.MIN_SIM_CROSS + 0.01
    # Against every card the pair is unremarkable (z), against the English cards it stands out (zl).
    assert d.is_duplicate(uk, en, d.Pair(0, 1, sim, d.MIN_Z + 0.3, d.MIN_Z_VAGUE + 0.5, 0.0))
    assert not d.is_duplicate(uk, en, d.Pair(0, 1, sim, d.MIN_Z + 0.3, d.MIN_Z_VAGUE - 0.5, 0.0))


@pytest.mark.parametrize(("a", "b"), [
    ("Как объяснить результаты модели бизнес-заказчику без технических терминов?",
     "How do you explain a model's predictions to non-technical stakeholders?"),
    ("Чому не можна зупиняти A/B-тест у той момент, коли p-value став < 0.05?",
     "Что такое подглядывание в A/B-тестах?"),
])
def test_audience_and_peeking_paraphrases_name_the_same_concepts(a: str, b: str) -> None:
    assert relation(concepts(a), concepts(b), 0) == SAME


@pytest.mark.parametrize(("a", "b"), [
    ("Что будет с градиентным бустингом при learning_rate=1?",
     "Gradient boosting with a learning rate of 1: what happens?"),
    ("Почему p-value не равно вероятности того, что H0 верна?",
     "Чому p-value не є ймовірністю того, що нульова гіпотеза правильна?"),
    ("Чем beam search лучше жадного декодирования?", "Як працює пошук променем при генерації тексту?"),
    ("Semantic vs instance segmentation: в чому різниця?",
     "Чем семантическая сегментация отличается от инстанс-сегментации?"),
    ("Можно ли закончить A/B-тест, как только разница стала значимой?", "Why is peeking at an A/B test a problem?"),
    ("Почему вы решили сменить работу?", "Чому ви хочете піти з поточного місця?"),
    ("Коротко представьтесь.", "Tell me about yourself."),
    ("Объясните MoE простыми словами.", "What is a mixture of experts model?"),
    ("Распределение признаков в проде уехало от обучающего. Как это заметить?", "How do you detect data drift?"),
    ("На трейне accuracy 0.98, на валидации 0.70. Что происходит?", "Що таке перенавчання?"),
    ("Validation loss растёт, а train loss падает. Что это?", "What is overfitting?"),
    ("Чат-бот выдумывает факты о продукте. Что делать?", "Как бороться с галлюцинациями LLM?"),
    ("Как вы трекаете эксперименты?", "Which experiment tracking tools (MLflow, W&B) have you used?"),
    ("Прогнозы раз в сутки в таблицу или сервис в реальном времени?", "Batch inference vs online inference?"),
    ("Неявний фідбек проти явних оцінок: у чому різниця?", "Implicit vs explicit feedback?"),
    ("Закодировали категорию средним значением таргета. Чем это опасно?", "Target encoding: what can go wrong?"),
    ("Найдите элемент в отсортированном массиве за O(log n).", "Як працює бінарний пошук і яка його складність?"),
    ("В тесте 20 метрик, одна прокрасилась. Радоваться?", "What is the multiple comparisons problem?"),
    ("Що таке гетероскедастичність?", "What is heteroscedasticity of residuals?"),
    ("Текст не помещается в контекстное окно модели. Что делать?", "How do you handle inputs longer than the "
     "context window of an LLM?"),
    ("Зачем кэшировать ключи и значения при генерации?", "Що таке KV-cache?"),
    ("Пользователь пишет боту «игнорируй все предыдущие инструкции». Чем это опасно?", "What is prompt injection?"),
    ("Метки 0/1 заменяют на 0.9 и 0.1/(K-1). Зачем?", "Що таке label smoothing?"),
    ("Как patch embeddings работают в ViT?", "How does a Vision Transformer turn an image into tokens?"),
    ("Рекомендации по похожим пользователям: как это работает?", "What is collaborative filtering?"),
    ("Що таке oob_score_ у RandomForestClassifier?", "What is the out-of-bag error of a random forest?"),
    ("Два признака коррелируют на 0.97. Что станет с весами линейной модели?", "What is multicollinearity?"),
    ("Модель говорит 0.8, а по факту положительных только 50 %. Что не так?", "What is probability calibration?"),
    ("Как использовать данные до начала эксперимента в A/B-тесте?", "Що таке CUPED?"),
    ("Как выбрать число кластеров в k-means?", "Choosing k for k-means clustering?"),
    ("Поправка на множинне тестування: навіщо?", "What is the multiple comparisons problem?"),
    ("Менеджер хочет остановить эксперимент, как только появится значимость.", "What is peeking in A/B tests?"),
    ("Почему цикл на Python не ускоряется в 4 потоках?", "Что такое GIL?"),
    ("Зачем обрывать обучение раньше, когда val loss растёт?", "What is early stopping?"),
    ("Що означає потужність тесту 80%?", "Что такое мощность статистического критерия?"),
    ("Почему выборочное среднее почти нормально, даже если данные скошены?", "Сформулируйте ЦПТ."),
    ("Як перевірити модель на живому трафіку, не показуючи користувачам її прогнози?", "What is shadow deployment?"),
    ("Навіщо агенту обирати не найкращу дію? Як працює ε-greedy?", "Exploration vs exploitation?"),
    ("Что могло «протечь» в обучение?", "What is data leakage?"),
])
def test_spellings_and_symptoms_name_the_same_concepts(a: str, b: str) -> None:
    ca, cb = concepts(a), concepts(b)
    assert relation(ca, cb, 0) == SAME, (ca, cb)


@pytest.mark.parametrize(("text", "absent"), [
    ("Что показывает график остатков?", "graph"),  # a chart, not a graph
    ("How would you evaluate a fraud detection model?", "detection"),  # not object detection
    ("Как dropout ведёт себя на этапе инференса?", "stages"),  # one stage is no list of stages
    ("Объясните MoE простыми словами.", "lay_audience"),  # "in simple words" asks what MoE is
    ("Чем model registry отличается от трекера экспериментов?", "versioning"),
    ("One-tailed vs two-tailed test?", "ttest"),
    ("Why plot the residuals of a regression?", "skip"),  # residuals, not residual connections
    ("Explain the bias-variance tradeoff in terms of model complexity.", "complexity"),  # capacity, not Big-O
    ("Зачем в attention масштабировать на √d_k?", "normalization"),  # scaling scores, not features
])
def test_words_that_look_like_a_concept_but_are_not(text: str, absent: str) -> None:
    assert absent not in concepts(text)


def test_two_sum_and_three_sum_are_different_tasks() -> None:
    assert relation(concepts("Two Sum: find two numbers that add up to the target."),
                    concepts("Знайдіть усі трійки чисел у масиві з нульовою сумою."), 0) == DIFFERENT


def test_grouped_query_attention_is_a_narrower_question_than_the_kv_cache() -> None:
    assert relation(concepts("Как Grouped-Query Attention уменьшает KV-cache?"), concepts("Что такое KV-cache?"),
                    0) == DIFFERENT


def test_a_model_registry_is_not_experiment_tracking() -> None:
    assert relation(concepts("Что такое model registry и чем он отличается от трекера экспериментов?"),
                    concepts("Как вы трекаете ML-эксперименты?"), 0) == DIFFERENT


def test_a_project_that_did_not_take_off_failed() -> None:
    assert concepts("Расскажите о проекте, который не взлетел.") == concepts("Tell me about a project that failed.")
