"""Pieces every format parser shares: the parser face, and text rules common to all banks.

A format module exposes ``NAME``, ``DESCRIPTION``, ``sniff(head, name) -> bool`` and
``parse(text, name) -> Iterator[RawItem | Skip]``. Parsers never raise on odd content:
a block they cannot use becomes a ``Skip`` with a reason and a line number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Protocol

from sobes.model import Level, RawItem, Skip

Parsed = Iterator[RawItem | Skip]


class FormatModule(Protocol):
    NAME: str
    DESCRIPTION: str

    def sniff(self, head: bytes, name: str) -> bool: ...

    def parse(self, text: str, name: str) -> Parsed: ...


# Skip reasons are a small closed vocabulary so reports can be counted and compared.
AD = "ad"
LINK_ONLY = "link-only"
MEDIA_ONLY = "media-only"
FILLER = "filler"
SERVICE = "service-message"
NO_QUESTION = "no-question"
REPEAT = "repeated-post"
EMPTY = "empty"
MALFORMED = "malformed"

# Emoji as they appear in reaction counters: pictographs, dingbats, symbols, with
# variation selectors, skin tones and joiners glued on.
_EMOJI_CORE = (
    "\U0001f000-\U0001faff"
    "\u2600-\u27bf"
    "\u2b00-\u2bff"
    "\u2190-\u21ff"
    "\u2300-\u23ff"
    "\u25a0-\u25ff"
    "\u2900-\u297f"
    "\u3030\u303d\u3297\u3299\u00a9\u00ae\u203c\u2049\u2122\u2139"
)
_EMOJI_TAIL = "\ufe0f\ufe0e\u200d\U0001f3fb-\U0001f3ff\u20e3"
EMOJI_RE = re.compile(f"[{_EMOJI_CORE}][{_EMOJI_CORE}{_EMOJI_TAIL}]*")
_REACTION_LINE_RE = re.compile(f"^(\\d+)?((?:[{_EMOJI_CORE}][{_EMOJI_CORE}{_EMOJI_TAIL}]*\\d+)+)$")
_REACTION_PAIR_RE = re.compile(f"([{_EMOJI_CORE}][{_EMOJI_CORE}{_EMOJI_TAIL}]*?)(\\d+)")
LOST_EMOJI = "?"


def parse_reactions(line: str) -> dict[str, int] | None:
    """Read a Telegram reactions line such as ``👍4🥱3``, ``10👍4`` or a bare ``2``.

    Custom emoji are lost when a channel page is copied as text, leaving only their
    count; such counts are kept under ``LOST_EMOJI`` so no number disappears.
    Returns None when the line is not a reactions line.
    """
    s = line.strip().replace(" ", "")
    if not s:
        return None
    if s.isdigit():
        return {LOST_EMOJI: int(s)} if len(s) <= 6 else None
    m = _REACTION_LINE_RE.match(s)
    if not m:
        return None
    out: dict[str, int] = {}
    if m.group(1):
        out[LOST_EMOJI] = int(m.group(1))
    for emoji, count in _REACTION_PAIR_RE.findall(m.group(2)):
        emoji = emoji.replace("\ufe0f", "")
        out[emoji] = out.get(emoji, 0) + int(count)
    return out


_HASHTAG_LINE_RE = re.compile(r"^\s*#[^\s#]")


def parse_hashtags(line: str) -> list[str] | None:
    """Tags from a line made only of hashtags; None if the line is anything else.

    ``#глубокое обучение`` (a tag with a space, as channels sometimes type it) gives the
    same tag as ``#глубокое_обучение``.
    """
    if not _HASHTAG_LINE_RE.match(line):
        return None
    parts = [p.strip() for p in line.strip().split("#") if p.strip()]
    if not parts or any(len(p) > 40 or len(p.split()) > 3 for p in parts):
        return None
    return [normalize_tag(p) for p in parts]


def normalize_tag(tag: str) -> str:
    tag = tag.strip().lstrip("#").strip().lower()
    tag = re.sub(r"[\s\-]+", "_", tag)
    return tag.strip("_.,;:!")


# Words that open a question or an interview task, in ru / uk / en. Matched on the
# first word of a line (after emoji, numbering and bold markers are stripped).
QUESTION_OPENERS = {
    # ru
    "что", "чем", "как", "какой", "какая", "какое", "какие", "каким", "какую", "каков", "какова",
    "каковы", "почему", "зачем", "когда", "где", "куда", "сколько", "кто", "чей", "можно", "можете",
    "может", "нужно", "нужен", "нужна", "надо", "стоит", "бывает", "бывают", "опишите", "перечислите",
    "объясните", "расскажите", "назовите", "приведите", "поясните", "сравните", "докажите", "оцените",
    "предложите", "напишите", "реализуйте", "вычислите", "найдите", "посчитайте", "определите",
    "коротко", "кратко", "верно", "правда", "допустим", "предположим", "представьте", "в чём", "в чем",
    "для", "за", "из", "при", "с", "о", "об", "на", "по",
    # uk
    "що", "як", "який", "яка", "яке", "які", "яким", "якою", "чому", "навіщо", "коли", "де", "скільки",
    "хто", "чи", "опишіть", "перелічіть", "перерахуйте", "поясніть", "розкажіть", "назвіть",
    "наведіть", "порівняйте", "запропонуйте", "напишіть", "реалізуйте", "обчисліть", "знайдіть",
    "визначте", "припустимо", "уявіть", "озвучте", "намалюйте", "обговоріть", "у", "в", "від",
    # en
    "what", "what's", "whats", "why", "how", "when", "where", "which", "who", "whom", "whose", "is",
    "are", "can", "could", "would", "should", "do", "does", "did", "will", "explain", "describe",
    "list", "name", "compare", "define", "give", "write", "implement", "compute", "calculate",
    "find", "estimate", "suppose", "imagine", "tell", "walk", "discuss", "design", "derive", "prove",
    "in", "if",
}
# Openers strong enough to start a new question on their own (no '?' needed).
STRONG_OPENERS = {
    "что", "чем", "как", "какой", "какая", "какое", "какие", "почему", "зачем", "когда", "сколько",
    "опишите", "перечислите", "объясните", "расскажите", "назовите", "приведите", "поясните",
    "сравните", "що", "як", "який", "яка", "яке", "які", "чому", "навіщо", "скільки", "опишіть",
    "перелічіть", "поясніть", "розкажіть", "назвіть", "наведіть", "порівняйте", "what", "why", "how",
    "when", "which", "explain", "describe", "compare", "define", "сформулируйте", "сформулюйте", "докажите",
    "доведіть", "реализуйте", "реалізуйте", "предложите", "запропонуйте", "tell", "walk", "derive", "prove",
    "implement",
}
# "X vs Y — объясните на примере": the task after a dash or colon.
_TASK_AFTER_DASH_RE = re.compile(
    r"\s[—–:-]\s*(?:объясните|поясните|поясніть|опишите|опишіть|сравните|порівняйте|приведите|наведіть|explain"
    r"|describe|compare)\b", re.I)
# "Чем они отличаются? Отвечайте в комментариях 👇": a question to the readers, answered below the post.
_CALL_TO_COMMENT_RE = re.compile(
    r"(?<=[?»\"])(?![»\"])\s*[^?]{0,120}(?:коммент|комент|comment)[^?]{0,80}$", re.I)

_LEAD_RE = re.compile(rf"^(?:[\s>*_\-•·▪️🔸🔹]|{EMOJI_RE.pattern}|\d+[.)]\s)+")


def strip_lead(line: str) -> str:
    """The line without leading emoji, bullets, numbering and emphasis markers."""
    return _LEAD_RE.sub("", line).strip()


def first_word(line: str) -> str:
    words = re.findall(r"[\w'’]+", strip_lead(line).lower())
    return words[0] if words else ""


def looks_like_question(line: str) -> bool:
    """A line that reads as an interview question: ends with '?' or opens like one."""
    s = strip_lead(line).rstrip("*_ \u00a0")
    if not s:
        return False
    if s.endswith("?") or s.endswith("?»") or s.endswith("?\""):
        return True
    if _CALL_TO_COMMENT_RE.search(s) or _TASK_AFTER_DASH_RE.search(s):
        return True
    return first_word(s) in STRONG_OPENERS


def without_call_to_comment(text: str) -> str:
    """The question without "Отвечайте в комментариях 👇" after it."""
    return _CALL_TO_COMMENT_RE.sub("", text).rstrip()


# Promotion vocabulary (ru/uk/en). An ad needs two distinct hits, so a question that
# merely mentions a "course" of treatment or a "discount" in a pricing task survives.
_AD_PATTERNS = [
    r"курс[ауеом]?\b", r"курсы\b", r"скидк", r"промокод", r"записат", r"записывайт", r"запишит",
    r"старт\s+курса", r"₽", r"\bруб\.?\b", r"реклама", r"\berid\b", r"розыгрыш", r"вебинар",
    r"интенсив", r"успей", r"успейте", r"регистрац", r"подписывайт", r"подпишись", r"бесплатн",
    r"навсегда", r"распродаж", r"академи", r"менторск", r"наставник", r"clc\.to", r"акци[яи]",
    r"знижк", r"курсу\b", r"реєстрац", r"безкоштовн", r"\bdiscount\b", r"\bpromo\b",
    r"\benroll\b", r"\bsign up\b", r"\bwebinar\b", r"\bcoupon\b", r"-\d{2}%", r"\d{2}%\s*скидк",
    r"преподавател", r"лонгрид", r"наш\w*\s+(?:нов\w+\s+)?(?:онлайн-)?курс", r"нашем\s+курсе",
    # job ads and giveaways
    r"ваканси", r"откликн", r"відгукн", r"\bhiring\b", r"разыгрыва", r"розіграш", r"giveaway", r"участвую",
    r"итоги\s+подвед", r"(?:канал|channel)\w*[^\n.?!@]{0,40}@[a-z]", r"буткемп|bootcamp",
    r"(?:оставить|оставляйте|залишити|залишайте)\s+заявк", r"(?:осталось|лишилось)\s+\d+\s+(?:мест|місц)",
    # ("отклик" alone is a customer's response in uplift questions; "ищем" alone a search for a minimum.)
    r"вакансі", r"отклик(?:и\s*[:и]|айтесь)", r"резюме\s+(?:надсил|присыл|отправл|шлит)",
    r"(?:send|email)\s+(?:your\s+)?(?:cv|resume)",
    r"\b(?:ищем|шукаємо)\s+(?:[\w-]+\s+){0,3}(?:в|у|до)\s+(?:нашу\s+)?команд",
    r"\bвилка\b", r"на\s+руки\b",
    # a job ad's own field labels ("Откликаться: @hr", "Требования:", "Мы предлагаем")
    r"(?:откликаться|відгукуватися|how to apply|apply)\s*:", r"(?:требования|вимоги|обязанности|обов'язки)\s*:",
    r"(?:мы предлагаем|ми пропонуємо|we offer)\b", r"(?:gross|net|гросс)\b[^\n]{0,20}$|\d+\s*k\s+(?:gross|net)",
    r"подпишит", r"підписуйт", r"підпишіт", r"subscribe\b",
    r"(?:наш|мій|мой|our)\w*\s+(?:\w+\s+)?(?:канал|channel)", r"(?:запустили|launched)\s+(?:\w+\s+)?(?:канал|channel)",
]
# Patterns are lowercase and the text is lowercased once: case-insensitive matching of
# ~50 patterns per post was the hot spot of large imports.
_AD_RE = [re.compile(p.lower()) for p in _AD_PATTERNS]


def ad_score(text: str) -> int:
    """How many distinct promotion markers a text carries."""
    low = text.lower()
    return sum(1 for rx in _AD_RE if rx.search(low))


URL_RE = re.compile(r"(?:https?://|www\.|t\.me/)\S+", re.IGNORECASE)


def strip_urls(text: str) -> str:
    return URL_RE.sub("", text)


# Difficulty markers people put on questions in Markdown banks.
_LEVEL_MARKERS: list[tuple[re.Pattern[str], Level]] = [
    (re.compile(r"👶|🐣|\beasy\b|\bjunior\b|\bджун|\bлегк|\bпрост[оы]й\b|\bлегк", re.I), Level.JUNIOR),
    (re.compile(r"⭐️?|\bmedium\b|\bmiddle\b|\bмидл|\bмідл|\bсредн|\bсередн", re.I), Level.MIDDLE),
    (re.compile(r"🚀|\bhard\b|\bsenior\b|\bсеньор|\bсеньйор|\bсложн|\bскладн", re.I), Level.SENIOR),
]


def level_from_marker(text: str) -> Level | None:
    """Level named by a difficulty marker or a Junior/Middle/Senior word, if any."""
    for rx, level in _LEVEL_MARKERS:
        if rx.search(text):
            return level
    return None


def clean_line(line: str) -> str:
    """A source line without trailing whitespace and without the replacement
    characters left where a copy cut a multi-byte character in half."""
    return line.rstrip().rstrip("\ufffd").rstrip()


def tidy_block(lines: list[str]) -> str:
    """Join lines into Markdown text without leading/trailing blank lines and
    with runs of blank lines folded to one (code blocks kept verbatim)."""
    out: list[str] = []
    in_code = False
    for line in lines:
        if line.strip().startswith("```"):
            in_code = not in_code
        if not in_code and not line.strip():
            if out and out[-1] == "":
                continue
            out.append("")
            continue
        out.append(line if in_code else line.rstrip())
    while out and out[0] == "":
        out.pop(0)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)
