"""Interface strings in English, Russian and Ukrainian.

Templates call ``t("key")``; a missing translation falls back to English, a missing key
to the key itself (so a forgotten string shows up, it does not break a page).
"""

from __future__ import annotations

from collections.abc import Callable

LANGS = ("en", "ru", "uk")
DEFAULT = "en"

# key: (en, ru, uk)
STRINGS: dict[str, tuple[str, str, str]] = {
    "app.tagline": ("Interview questions for Data Science and ML", "Вопросы к собеседованиям по Data Science и ML",
                    "Питання до співбесід з Data Science та ML"),
    "nav.library": ("Library", "Библиотека", "Бібліотека"),
    "nav.search": ("Search", "Поиск", "Пошук"),
    "nav.study": ("Study", "Учить", "Вчити"),
    "nav.interview": ("Interview", "Собеседование", "Співбесіда"),
    "nav.progress": ("Progress", "Прогресс", "Прогрес"),
    "nav.import": ("Import", "Импорт", "Імпорт"),
    "nav.settings": ("Settings", "Настройки", "Налаштування"),
    "nav.login": ("Log in", "Войти", "Увійти"),
    "nav.signup": ("Sign up", "Регистрация", "Реєстрація"),
    "nav.logout": ("Log out", "Выйти", "Вийти"),
    "filter.topic": ("Topic", "Тема", "Тема"),
    "filter.level": ("Level", "Уровень", "Рівень"),
    "filter.lang": ("Language", "Язык", "Мова"),
    "filter.kind": ("Kind", "Тип", "Тип"),
    "filter.source": ("Source", "Источник", "Джерело"),
    "filter.tag": ("Tag", "Тег", "Тег"),
    "filter.any": ("any", "все", "усі"),
    "filter.apply": ("Filter", "Показать", "Показати"),
    "filter.reset": ("Reset", "Сбросить", "Скинути"),
    "library.count": ("cards", "карточек", "карток"),
    "library.empty": ("No cards match. Import a question bank or change the filters.",
                      "Ничего не найдено. Импортируйте банк вопросов или измените фильтры.",
                      "Нічого не знайдено. Імпортуйте банк питань або змініть фільтри."),
    "page.prev": ("← Previous", "← Назад", "← Назад"),
    "page.next": ("Next →", "Дальше →", "Далі →"),
    "page.of": ("page {page} of {pages}", "страница {page} из {pages}", "сторінка {page} з {pages}"),
    "search.placeholder": ("Search questions and answers…", "Искать в вопросах и ответах…",
                           "Шукати в питаннях і відповідях…"),
    "search.button": ("Search", "Найти", "Знайти"),
    "search.none": ("Nothing found for", "Ничего не найдено по запросу", "Нічого не знайдено за запитом"),
    "search.also_in": ("also in", "также в", "також у"),
    "search.hint": ("Type a question in any language: ru, uk or en.", "Пишите вопрос на любом языке: ru, uk или en.",
                    "Пишіть питання будь-якою мовою: ru, uk або en."),
    "card.answer": ("Answer", "Ответ", "Відповідь"),
    "card.no_answer": ("No reference answer in the source.", "В источнике нет эталонного ответа.",
                       "У джерелі немає еталонної відповіді."),
    "card.source": ("Source", "Источник", "Джерело"),
    "card.line": ("line", "строка", "рядок"),
    "card.variants": ("Duplicates and translations", "Дубликаты и переводы", "Дублікати та переклади"),
    "card.keypoints": ("Key points", "Ключевые пункты", "Ключові пункти"),
    "card.duplicate_of": ("This card repeats", "Эта карточка повторяет", "Ця картка повторює"),
    "feedback.title": ("Check your answer", "Проверить свой ответ", "Перевірити свою відповідь"),
    "feedback.placeholder": ("Type your answer here…", "Напишите ответ здесь…", "Напишіть відповідь тут…"),
    "feedback.submit": ("Get feedback", "Получить разбор", "Отримати розбір"),
    "feedback.score": ("Score", "Оценка", "Оцінка"),
    "feedback.covered": ("Covered", "Раскрыто", "Розкрито"),
    "feedback.missed": ("Missed", "Упущено", "Пропущено"),
    "feedback.wrong": ("Wrong", "Ошибки", "Помилки"),
    "feedback.related": ("Related cards", "Связанные карточки", "Пов'язані картки"),
    "feedback.solution": ("Worked solution", "Решение", "Розв'язок"),
    "study.title": ("Study", "Повторение", "Повторення"),
    "study.due": ("due", "к повторению", "до повторення"),
    "study.new": ("new today", "новых сегодня", "нових сьогодні"),
    "study.show": ("Show answer", "Показать ответ", "Показати відповідь"),
    "study.keys": ("Keys: space shows the answer, 1–4 rate it.", "Клавиши: пробел — ответ, 1–4 — оценка.",
                   "Клавіші: пробіл — відповідь, 1–4 — оцінка."),
    "study.done": ("Nothing is due right now. Come back later or study new cards tomorrow.",
                   "Сейчас нечего повторять. Возвращайтесь позже.", "Зараз нічого повторювати. Поверніться пізніше."),
    "study.next_in": ("Last card comes back in", "Последняя карточка вернётся через",
                      "Остання картка повернеться через"),
    "study.undo": ("Undo last rating", "Отменить последнюю оценку", "Скасувати останню оцінку"),
    "rating.1": ("Again", "Снова", "Знову"),
    "rating.2": ("Hard", "Трудно", "Важко"),
    "rating.3": ("Good", "Хорошо", "Добре"),
    "rating.4": ("Easy", "Легко", "Легко"),
    "interview.title": ("Mock interview", "Пробное собеседование", "Пробна співбесіда"),
    "interview.level": ("Level", "Уровень", "Рівень"),
    "interview.topics": ("Topics", "Темы", "Теми"),
    "interview.minutes": ("Minutes", "Минут", "Хвилин"),
    "interview.start": ("Start the interview", "Начать собеседование", "Почати співбесіду"),
    "interview.not_answered": ("not answered", "без ответа", "без відповіді"),
    "interview.aloud": ("aloud", "вслух", "вголос"),
    "interview.again": ("Start another interview", "Начать ещё одно собеседование", "Почати ще одну співбесіду"),
    "interview.question": ("Question {n} of {total}", "Вопрос {n} из {total}", "Питання {n} з {total}"),
    "interview.left": ("left", "осталось", "залишилось"),
    "interview.time_up": ("Time is up: finish this answer and see the report",
                          "Время вышло: допишите ответ и посмотрите отчёт",
                          "Час вийшов: допишіть відповідь і перегляньте звіт"),
    "interview.next": ("Answer and go on", "Ответить и дальше", "Відповісти і далі"),
    "interview.skip": ("Skip", "Пропустить", "Пропустити"),
    "interview.spoken": ("I answered aloud", "Я ответил(а) вслух", "Я відповів(ла) вголос"),
    "interview.finish": ("Finish and see the report", "Закончить и посмотреть отчёт", "Завершити і переглянути звіт"),
    "interview.self": ("How did it go?", "Как получилось?", "Як вийшло?"),
    "interview.report": ("Interview report", "Отчёт о собеседовании", "Звіт про співбесіду"),
    "interview.answered": ("answered", "отвечено", "відповідей"),
    "interview.review_topics": ("Topics to review", "Темы для повторения", "Теми для повторення"),
    "interview.seconds": ("s", "с", "с"),
    "interview.recent": ("Recent interviews", "Недавние собеседования", "Нещодавні співбесіди"),
    "interview.grade": ("grade", "оценка", "оцінка"),
    "interview.reference": ("Reference answer", "Эталонный ответ", "Еталонна відповідь"),
    "interview.your_answer": ("Your answer", "Ваш ответ", "Ваша відповідь"),
    "progress.title": ("Progress", "Прогресс", "Прогрес"),
    "progress.reviews": ("Reviews per day (30 days)", "Повторений в день (30 дней)", "Повторень на день (30 днів)"),
    "progress.forecast": ("Due in the next 14 days", "К повторению в ближайшие 14 дней",
                          "До повторення в найближчі 14 днів"),
    "progress.mastery": ("Mastered by topic", "Освоено по темам", "Засвоєно за темами"),
    "progress.streak": ("Streak, days", "Серия, дней", "Серія, днів"),
    "progress.total": ("Reviews in total", "Всего повторений", "Усього повторень"),
    "progress.weakest": ("Weakest cards", "Самые слабые карточки", "Найслабші картки"),
    "progress.seen": ("seen", "изучено", "вивчено"),
    "progress.mastered": ("mastered", "освоено", "засвоєно"),
    "progress.cards": ("cards", "карточек", "карток"),
    "import.title": ("Import a question bank", "Импорт банка вопросов", "Імпорт банку питань"),
    "import.help": ("Telegram export (JSON or HTML), a channel dump, Markdown or Notion export, JSONL/CSV. "
                    "Several files at once (messages.html, messages2.html, …) are imported together. "
                    "Re-importing the same file is safe.",
                    "Экспорт Telegram (JSON или HTML), выгрузка канала, Markdown или экспорт Notion, JSONL/CSV. "
                    "Несколько файлов сразу (messages.html, messages2.html, …) импортируются вместе. "
                    "Повторный импорт того же файла безопасен.",
                    "Експорт Telegram (JSON або HTML), вивантаження каналу, Markdown або експорт Notion, JSONL/CSV. "
                    "Кілька файлів одразу (messages.html, messages2.html, …) імпортуються разом. "
                    "Повторний імпорт того самого файлу безпечний."),
    "import.file": ("File", "Файл", "Файл"),
    "import.limit": ("at most {mb} MB", "не больше {mb} МБ", "не більше {mb} МБ"),
    "import.submit": ("Import", "Импортировать", "Імпортувати"),
    "import.report": ("Import report", "Отчёт об импорте", "Звіт про імпорт"),
    "import.found": ("found", "найдено", "знайдено"),
    "import.new": ("new", "новых", "нових"),
    "import.updated": ("updated", "обновлено", "оновлено"),
    "import.unchanged": ("unchanged", "без изменений", "без змін"),
    "import.retired": ("retired", "убрано", "прибрано"),
    "import.skipped": ("skipped", "пропущено", "пропущено"),
    "import.admin_only": ("Only an administrator can import.", "Импортировать может только администратор.",
                          "Імпортувати може лише адміністратор."),
    "settings.title": ("Settings", "Настройки", "Налаштування"),
    "settings.retention": ("Desired retention", "Желаемое запоминание", "Бажане запам'ятовування"),
    "settings.retention_help": ("0.70–0.99: higher means more reviews and better recall.",
                                "0.70–0.99: выше — больше повторений и лучше память.",
                                "0.70–0.99: вище — більше повторень і краща пам'ять."),
    "settings.new_per_day": ("New cards per day", "Новых карточек в день", "Нових карток на день"),
    "settings.ui_lang": ("Interface language", "Язык интерфейса", "Мова інтерфейсу"),
    "settings.save": ("Save", "Сохранить", "Зберегти"),
    "settings.saved": ("Saved.", "Сохранено.", "Збережено."),
    "auth.username": ("Username", "Имя пользователя", "Ім'я користувача"),
    "auth.password": ("Password", "Пароль", "Пароль"),
    "auth.login": ("Log in", "Войти", "Увійти"),
    "auth.signup": ("Create an account", "Создать аккаунт", "Створити акаунт"),
    "auth.no_account": ("No account yet?", "Ещё нет аккаунта?", "Ще немає акаунта?"),
    "auth.have_account": ("Already have an account?", "Уже есть аккаунт?", "Вже є акаунт?"),
    "auth.first_admin": ("The first account becomes the administrator.", "Первый аккаунт становится администратором.",
                         "Перший акаунт стає адміністратором."),
    "error.title": ("Something is not right", "Что-то не так", "Щось не так"),
    "error.back": ("Back to the library", "Вернуться в библиотеку", "Повернутися до бібліотеки"),
    "error.not_found": ("Page not found.", "Страница не найдена.", "Сторінку не знайдено."),
}


def translator(lang: str) -> Callable[..., str]:
    index = LANGS.index(lang) if lang in LANGS else 0

    def t(key: str, **values: object) -> str:
        row = STRINGS.get(key)
        text = (row[index] or row[0]) if row else key
        return text.format(**values) if values else text

    return t


def from_accept_language(header: str | None) -> str:
    """The first of ru/uk/en the browser asks for; English otherwise."""
    for part in (header or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return DEFAULT
