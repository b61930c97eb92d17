"""Kind of a card: a Q&A, an open question, a problem with a definite answer, or a case."""

from __future__ import annotations

import re

from sobes.model import Kind

_CASE_RE = re.compile(
    r"тестов\w+ задани|домашн\w+ задани|take[- ]home|критерии успешности|критерії успішності|"
    r"в качестве данных доступны|як дані доступні|success criteria|"
    r"описание процесса|опис процесу|the data (?:is|are) available|dataset is provided",
    re.I,
)
_PROBLEM_RE = re.compile(
    r"вероятност|ймовірн|probabilit|сколько|скільки|how many|вычисл|обчисл|calculate|compute|"
    r"найдите|знайдіть|find the|посчитайте|порахуйте|expected value|матожидан|математическ\w+ ожидан|"
    r"каков\w* (?:будет|шанс)|якою буде|what is the (?:expected|probability|value)|оцінк\w+ параметр|"
    r"best estimate|наилучш\w+ оценк|найкращ\w+ оцінк",
    re.I,
)
_NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?%?")


def detect_kind(question: str, answer: str | None) -> Kind:
    text = question + "\n" + (answer or "")
    if len(text) > 400 and len(_CASE_RE.findall(text)) >= 2:
        return Kind.CASE
    if _PROBLEM_RE.search(question) and len(_NUMBER_RE.findall(question)) >= 2:
        return Kind.PROBLEM
    return Kind.QA if answer else Kind.QUESTION
