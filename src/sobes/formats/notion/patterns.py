"""Notion exports: line patterns, level words and thresholds."""

from __future__ import annotations

import re

from sobes.model import Level

_TOGGLES = "▼▾▶►"
_NUMBERED_RE = re.compile(r"^(?:[-*•+]\s+)?(\*\*)?\s*(\d{1,3})[.)]\s+(\S.*)$")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+(.+?)\s*#*$")
_LIST_RE = re.compile(r"^(?:[-*•+]\s|\d{1,3}[.)]\s)")
_URL_RE = re.compile(r"https?://|www\.|\]\(", re.I)
_LINK_ONLY_RE = re.compile(r"^\[([^\]]+)\]\([^)]*\)$")
_STAR_RUN_RE = re.compile(r"\*{2,}")
_BOLD_LEAD_RE = re.compile(r"^\*\*(.+?)\*\*")
_ITALIC_RE = re.compile(r"(?<![*\w])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![*\w])")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
_WORD_RE = re.compile(r"[^\W_]+")
_SPACES_RE = re.compile(r"\s+")
_BULLET_RE = re.compile(r"^\s*[-*•]\s+")
_TERMINAL = ".!?:;…"
_TRAILING_MARKUP = "*_\"'»”’ \t"

_LEVEL_WORDS = {
    Level.JUNIOR: r"junior|intern|trainee|джуніор|джуниор|джун|стажер|стажёр|стажист",
    Level.MIDDLE: r"middle|мідл|мидл",
    Level.SENIOR: r"senior|lead|principal|сеньйор|сеньор|синьор|сениор|синьйор",
}
# A whole line that names a level: "Junior", "Middle+", "Senior level", "Рівень Middle".
_MARKER_RES = {
    level: re.compile(
        r"^(?:(?:level|grade|рівень|уровень|грейд|для|питання для|вопросы для|questions for)\s+)?"
        rf"(?:{words})(?:\s*\+|\s*[-–]?\s*(?:level|рівень|уровень|questions|питання|вопросы))?$",
        re.I,
    )
    for level, words in _LEVEL_WORDS.items()
}
_ANY_LEVEL_RE = re.compile("|".join(_LEVEL_WORDS.values()), re.I)
_LEVEL_IN_TITLE_RES = {level: re.compile(rf"\b(?:{words})\b", re.I) for level, words in _LEVEL_WORDS.items()}
_TOC_TITLE_RE = re.compile(
    r"^(?:теми питань|темы вопросов|теми|темы|зміст|содержание|оглавление|розділи|разделы|"
    r"contents|table of contents|topics|sections)\s*:?$",
    re.I,
)
# Words that continue a question rather than answer it: "… Наведіть приклади.", "Будь ласка, …".
_IMPERATIVE_RE = re.compile(
    r"^(?:будь ласка|пожалуйста|please|наведіть|наведи|обґрунтуйте|обгрунтуйте|опишіть|поясніть|"
    r"розкажіть|вкажіть|назвіть|перелічіть|перерахуйте|порівняйте|покажіть|аргументуйте|запропонуйте|"
    r"приведите|обоснуйте|опишите|объясните|поясните|расскажите|укажите|назовите|перечислите|"
    r"сравните|покажите|аргументируйте|предложите|намалюйте|нарисуйте|напишіть|напишите|реалізуйте|"
    r"реализуйте|обговоріть|обсудите|озвучте|оцініть|оцените|спроєктуйте|спроектируйте|give|provide|"
    r"describe|explain|justify|list|name|compare|show|illustrate|discuss|elaborate|draw|write|"
    r"implement|design|sketch|outline)\b",
    re.I,
)
_DEFINITION_RE = re.compile(r"^[^.?!]{1,100}?\s[—–]\s|^[^.?!]{1,100}?\s-\s(?:це|это)\b", re.I)
_ANSWER_LABEL_RE = re.compile(r"^\**(?:відповідь|ответ|answer)\**\s*[:.—-]\s*\**\s*", re.I)
# Words too common to show that an answer opens with a term the question asked about.
_STOPWORDS = frozenset(
    "the and for is in it an as at by on to of or we для при про або или что що как які какие це на по до "
    "за из то не та як чи но а".split()
)
_LONG_REMAINDER = 80  # characters after a question's last '?' that can only be an answer
_SHORT_CONTINUATION = 150  # a question's continuation after a page break is one short sentence
_LABEL = 40  # a "Label:" closing a task's line and heading its answer
_MAX_TITLE = 80  # longer lines are never section titles
_MAX_MARKER = 40  # nor level markers
_SPECIAL_START = _TOGGLES + "#*_-•+>|$`[<"


