"""Exact checking of `problem` cards: the reference starts with a line like
``**Answer:** 1/105 ≈ 0.00952``; every item of it (split at commas and semicolons) must
appear in the user's answer as a number within tolerance, a fraction, a percentage, a simple
expression (sympy), a shape like 31×31×16, or a literal in backticks. The worked solution is
everything after that line."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from sobes.grade.feedback import Feedback

REL_TOL = 0.015
_ANSWER_LINE = re.compile(
    r"^\s*(?:\*\*|__)?\s*(?:answer|ответ|відповідь)\s*:?\s*(?:\*\*|__)?\s*:?\s*(.+)$", re.IGNORECASE | re.MULTILINE
)
_WORDS = re.compile(r"[A-Za-zА-Яа-яЁёІіЇїЄєҐґ_@]+\d*")
_NUM = r"\d+(?:[.,]\d+)?"
_USER_NUM = re.compile(rf"(?<![\w.])(-?{_NUM})\s*(?:/\s*({_NUM}))?\s*(%)?")
_SHAPE_SEP = re.compile(r"\s*[×xх*]\s*")
_SHAPE_IN_TEXT = re.compile(r"(\d)\s*[xх×]\s*(?=\d)")
_MATH_SEGMENT = re.compile(r"[\d\s.,+\-*/^()!]+")


@dataclass(frozen=True)
class Expected:
    text: str
    values: tuple[float, ...] = ()  # alternatives that all mean the same value
    shape: tuple[float, ...] = ()  # every number required (31×31×16)
    literal: str = ""  # compared without spaces (code output)


def split_reference(answer: str) -> tuple[str, str] | None:
    """(the answer line's text, the worked solution) or None when there is no answer line."""
    m = _ANSWER_LINE.search(answer)
    if m is None or m.start() > len(answer) // 3 + 40:
        return None
    solution = (answer[: m.start()] + answer[m.end() :]).strip()
    return m.group(1).strip().rstrip("."), solution


@lru_cache(maxsize=4096)
def evaluate(expr: str) -> float | None:
    """The value of a small arithmetic expression ("1/105", "(5/6)^4", "16.7%"), else None."""
    expr = expr.strip().replace(",", ".").replace("−", "-").replace("·", "*").replace("^", "**")
    if not expr or len(expr) > 60 or not re.fullmatch(r"[\d\s.+\-*/()!%]+", expr):
        return None
    percent = expr.endswith("%")
    expr = expr.rstrip("%").strip()
    try:
        value = float(expr)
    except ValueError:
        try:
            from sympy import sympify

            value = float(sympify(expr, rational=True))
        except Exception:  # noqa: BLE001 - anything sympy cannot read is simply not a value
            return None
    if not math.isfinite(value):
        return None
    return value / 100 if percent else value


def parse_expected(line: str) -> list[Expected]:
    literals = re.findall(r"`([^`]+)`", line)
    if literals:
        return [Expected(f"`{lit}`", literal=re.sub(r"\s+", "", lit)) for lit in literals]
    items: list[Expected] = []
    for part in re.split(r"[;,](?!\d)|\s+(?:and|и|і|та)\s+", line):
        part = part.strip()
        if not part:
            continue
        values: list[float] = []
        shape: tuple[float, ...] = ()
        for side in re.split(r"≈|=|~|\bis\b", part):
            bare = _WORDS.sub(" ", side).strip(" :()")
            if re.search(r"\d\s*[×xх*]\s*\d", side) and _SHAPE_SEP.search(bare):
                nums = [evaluate(n) for n in _SHAPE_SEP.split(bare)]
                if all(n is not None for n in nums):
                    shape = tuple(n for n in nums if n is not None)
                continue
            value = evaluate(bare)
            if value is not None:
                values.append(value)
        if values or shape:
            items.append(Expected(part, tuple(values), shape))
    return items


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def _matches(expected: float, user: float, user_text: str) -> bool:
    if abs(expected - user) <= REL_TOL * max(abs(expected), 1e-12):
        return True
    # 0.67 for 2/3 is right to the precision the person wrote, if they wrote enough digits.
    digits = len(re.sub(r"\D", "", user_text).lstrip("0"))
    return digits >= 2 and round(expected, _decimals(user_text)) == user


def user_values(text: str) -> list[tuple[str, float]]:
    """Every number, fraction, percentage and simple expression in a typed answer."""
    text = text.replace(",", ".") if re.search(r"\d,\d", text) and "." not in text else text
    text = _SHAPE_IN_TEXT.sub(r"\1 × ", text)
    out: list[tuple[str, float]] = []
    for m in _USER_NUM.finditer(text):
        raw = m.group(0).strip()
        value = evaluate(raw)
        if value is not None:
            out.append((m.group(1), value))
    for seg in _MATH_SEGMENT.findall(text):
        seg = seg.strip(" .,")
        if re.search(r"[+\-*/^!(]", seg) and re.search(r"\d", seg):
            value = evaluate(seg)
            if value is not None:
                out.append((seg, value))
    return out


# The conclusion of a worked solution without an answer line: the value after its last
# "=", "≈" or "≐" ("C(4,2)/C(36,2) = 6/630 = 1/105", "… \\doteq 0.0472", "= 0.548, approximately").
_LAST_RESULT = re.compile(
    rf"(?:=|≈|≐|\\approx|\\doteq)\s*\$?\s*(-?{_NUM}(?:\s*/\s*{_NUM})?\s*%?)"
    r"(?![\d/.,]*\s*[-+*/^(]\s*\d)"  # not the start of a longer expression ("= 2 + 3")
)


def final_result(answer_md: str) -> str | None:
    """The last computed value of a worked solution, when it states one."""
    found = _LAST_RESULT.findall(answer_md)
    return found[-1].strip() if found else None


def check(card_id: str, answer_md: str, text: str) -> Feedback | None:
    """Grade a problem exactly; None when the reference has no checkable answer line.

    Imported problems rarely have an answer line: then the worked solution's last result is
    the expected answer, but only an answer that reaches it is graded exactly (a stray "=" in
    the solution is not proof enough to call a different number wrong)."""
    split = split_reference(answer_md)
    if split is None:
        result = final_result(answer_md)
        if result is None:
            return None
        reached = check(card_id, f"**Answer:** {result}\n\n{answer_md}", text)
        return reached if reached is not None and not reached.missed else None
    line, solution = split
    expected = parse_expected(line)
    if not expected:
        return None
    found = user_values(text)
    squashed = re.sub(r"[\s`]+", "", text)
    counts = Counter(round(v, 9) for _, v in found)
    covered: list[str] = []
    missed: list[str] = []
    for item in expected:
        if item.literal:
            ok = item.literal in squashed
        elif item.shape:
            need = Counter(round(v, 9) for v in item.shape)
            ok = all(counts[k] >= n for k, n in need.items())
        else:
            ok = any(_matches(e, v, raw) for e in item.values for raw, v in found)
        (covered if ok else missed).append(item.text)
    wrong: list[str] = []
    if missed:
        ref_values = [v for _, v in user_values(answer_md)]
        for raw, value in found:
            if not any(abs(value - r) <= REL_TOL * max(abs(r), 1e-12) for r in ref_values) and raw not in wrong:
                wrong.append(raw)  # a result that appears nowhere in the worked solution
        if not covered and found and found[-1][0] not in wrong:
            wrong.append(found[-1][0])  # the conclusion, when nothing expected was reached
    score = round(100 * len(covered) / len(expected))
    notes = ["checked exactly against the answer: numbers within 1.5%, fractions, expressions"]
    if not found and not any(e.literal for e in expected):
        notes.append("no number or expression found in the answer")
    return Feedback(
        card_id=card_id,
        score=score,
        covered=covered,
        missed=missed,
        wrong=[f"{w} does not match the expected result" for w in wrong[:5]],
        notes=notes,
        solution=solution or None,
        method="exact",
    )
