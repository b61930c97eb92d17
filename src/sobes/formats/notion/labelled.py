"""Documents that number their questions with a word: "Питання 12. …", "Question 3: …", "Вопрос №7)".

Such a label says for certain where each question starts, so these pages need no table of
contents and no guessing from how lines read: every labelled line opens a card, the text up
to the next one is its answer, and a short title line standing right above a labelled
question names the section ("2. Класичне машинне навчання"). A level written after the
question ("(Middle)") is the card's level.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sobes.formats import base
from sobes.formats.notion.answers import _render_answer
from sobes.formats.notion.lines import _clean_question, _is_bare_title, _marker_level
from sobes.formats.notion.patterns import _ANSWER_LABEL_RE
from sobes.model import Level, RawItem, Skip

_LABEL_RE = re.compile(
    r"^\s*[*_]*(?:питання|вопрос|question|задача|задание|завдання|task|q)\s*№?\s*#?(?P<n>\d{1,3})\s*[*_]*[.:)]\s*[*_]*"
    r"\s*(?P<q>\S.*)$",
    re.I,
)
_TRAILING_LEVEL_RE = re.compile(r"\s*[(\[]\s*(?P<level>junior|middle|senior|джун\w*|мідл\w*|сеньйор\w*)\s*[)\]]\s*$",
                                re.I)
_SECTION_NUMBER_RE = re.compile(r"^\d{1,2}[.)]\s+")
MIN_LABELLED = 3  # questions: fewer is a text that happens to mention "Question 1:"


def labelled_lines(lines: list[str], code: list[bool]) -> list[int]:
    """Indexes of the lines that open a labelled question."""
    return [i for i, ln in enumerate(lines) if not code[i] and _LABEL_RE.match(ln)]


def parse_labelled(lines: list[str], code: list[bool], starts: list[int]) -> Iterator[RawItem | Skip]:
    section: str | None = None
    titles = {i: t for i in starts if (t := _section_title(lines, code, i)) is not None}
    for k, i in enumerate(starts):
        if i in titles:
            section = titles[i][1]
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        if k + 1 < len(starts) and starts[k + 1] in titles:
            end = titles[starts[k + 1]][0]  # the next section's title is not this answer's text
        m = _LABEL_RE.match(lines[i])
        assert m is not None
        question, level = _take_level(m["q"])
        question = _clean_question(question)
        if not question:
            yield Skip(base.EMPTY, i + 1, lines[i].strip()[:80])
            continue
        body = [(lines[j], code[j]) for j in range(i + 1, end)]
        label = next((k for k, (t, c) in enumerate(body) if not c and _ANSWER_LABEL_RE.match(t.strip())), None)
        first = next((k for k, (t, _) in enumerate(body) if t.strip()), None)
        if label is not None and first is not None and label > first:
            # "Что выведет этот код?" and its snippet, then "Ответ: …": the snippet is the question's
            question = question + "\n\n" + "\n".join(t for t, _ in body[:label]).strip("\n")
            body = body[label:]
        answer = _render_answer(body)
        if answer and label is not None:
            answer = answer[:1].upper() + answer[1:]  # "Відповідь: почати з …"
        yield RawItem(
            question=question,
            answer=answer,
            line=i + 1,
            level=level,
            section=section,
            extra={"number": int(m["n"])},
        )


def _section_title(lines: list[str], code: list[bool], i: int) -> tuple[int, str] | None:
    """(index, title) of a standalone short title line right above question line ``i``."""
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    if j < 0 or j == i - 1 or code[j] or (j > 0 and lines[j - 1].strip()):
        return None
    s = lines[j].strip()
    title = _SECTION_NUMBER_RE.sub("", s).strip(" *_#")
    if not title or len(title) > 80 or title.endswith((".", "?", "!", ":", ";", ",")) or _LABEL_RE.match(s):
        return None
    if not (_is_bare_title(title) or _marker_level(title)):
        return None
    return j, title


def _take_level(question: str) -> tuple[str, Level | None]:
    m = _TRAILING_LEVEL_RE.search(question)
    if m is None:
        return question, None
    return question[: m.start()].rstrip(), base.level_from_marker(m["level"])
