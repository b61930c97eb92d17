"""Language of a card: Russian, Ukrainian or English.

Cyrillic text with English terms inside is normal in DS banks, so a card is
Cyrillic as soon as a real share of its letters is. Ukrainian and Russian are
told apart by letters only one of them has, and by short function words.
"""

from __future__ import annotations

import re

from sobes.model import Lang

_UK_LETTERS = set("іїєґІЇЄҐ")
_RU_LETTERS = set("ыэъёЫЭЪЁ")
_WORD_RE = re.compile(r"[а-яёіїєґ']+", re.I)
_UK_WORDS = {
    "що", "це", "та", "як", "які", "який", "яка", "яке", "чи", "для", "від", "між", "його", "її",
    "або", "тому", "коли", "також", "можна", "потрібно", "цей", "ця", "ці", "вони", "навіщо", "чому",
    "чим", "скільки", "розкажіть", "поясніть", "опишіть", "наведіть", "чого", "ви", "ваш", "котрий",
    "бути", "має", "мають", "дозволяє", "використовується", "навчання", "даних", "при", "й",
}
_RU_WORDS = {
    "что", "это", "как", "какие", "какой", "или", "для", "между", "его", "если", "когда", "также",
    "можно", "нужно", "этот", "эта", "эти", "они", "быть", "имеет", "позволяет", "используется",
    "обучения", "данных", "при", "чтобы", "только", "который", "которые", "ещё", "еще", "зачем", "почему",
    "чем", "сколько", "расскажите", "объясните", "опишите", "приведите", "чего", "вы", "ваш", "какая", "нужен",
}


_LETTER_RE = re.compile(r"[^\W\d_]")
_CYR_RE = re.compile(r"[\u0400-\u04ff]")
_UK_LETTER_RE = re.compile(f"[{''.join(sorted(_UK_LETTERS))}]")
_RU_LETTER_RE = re.compile(f"[{''.join(sorted(_RU_LETTERS))}]")


def detect_lang(text: str) -> Lang:
    letters = len(_LETTER_RE.findall(text))
    if not letters:
        return Lang.EN
    cyr = len(_CYR_RE.findall(text))
    if cyr < 3 or cyr / letters < 0.15:
        return Lang.EN
    return ru_or_uk(text)


def ru_or_uk(text: str) -> Lang:
    uk = len(_UK_LETTER_RE.findall(text))
    ru = len(_RU_LETTER_RE.findall(text))
    words = _WORD_RE.findall(text.lower())
    # Shared words ("для", "при", "даних") count for neither side.
    uk += 2 * sum(1 for w in words if w in _UK_WORDS and w not in _RU_WORDS)
    ru += 2 * sum(1 for w in words if w in _RU_WORDS and w not in _UK_WORDS)
    # "и" as a word is Russian; Ukrainian writes "і"/"й".
    ru += sum(1 for w in words if w == "и")
    return Lang.UK if uk > ru else Lang.RU
