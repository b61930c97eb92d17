"""Turning one channel post into cards: shared by the Telegram text, JSON and HTML formats.

A Telegram post is free text. Usually it is one question and its answer, but a
copied channel page also glues posts together where Telegram drew a border the
text lost: an ad directly followed by the next question, or a question-only post
directly followed by another question. These rules find those seams.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from sobes.formats import base
from sobes.model import RawItem, Skip

Line = tuple[int, str]  # (1-based line number, text)

_ATTACHMENT_RE = re.compile(
    r"^\S.{0,120}\.(pdf|docx?|pptx?|xlsx?|csv|zip|rar|7z|ipynb|py|txt|epub|djvu|mp4|mp3|png|jpe?g)$", re.I
)
_SIZE_RE = re.compile(r"^\d+(?:[.,]\d+)?\s*(?:B|KB|MB|GB|КБ|МБ|ГБ|Кб|Мб|Гб)$", re.I)
_ANSWER_WORDS = (
    r"(?:правильный\s+ответ|правильна\s+відповідь|correct\s+answer|ответ|відповідь|answer"
    r"|решение|рішення|розв['’]язання|розв['’]язок|solution|разбор|розбір)"
)
_ANSWER_LABEL_RE = re.compile(rf"^\s*[*_]*{_ANSWER_WORDS}\s*[*_]*\s*[:.—-]\s*[*_]*\s*", re.I)
# Only "Ответ:" with a colon opens an answer block: "Ответ — ..." can be a sentence.
_ANSWER_BLOCK_RE = re.compile(rf"^[*_]*{_ANSWER_WORDS}\s*[*_]*\s*:", re.I)
_ANSWER_BLOCK_WITHIN = 15  # lines: a question (with its quiz options) is never longer
# "Вопрос:", "Вопрос 3:", "Вопрос с собеседования:", "Interview question:", "Питання дня:".
_QUESTION_LABEL_RE = re.compile(
    r"^\s*(?:(?:interview|tricky)\s+)?(?:(?:вопрос|питання|question)(?:\s*[#№]?\s*\d+)?\s*[:.—-]"
    r"|(?:вопрос|питання|question)(?:\s+[\w-]+){1,3}\s*:|(?:[\w-]+\s+){1,2}(?:вопрос|питання|question)\s*:"
    r"|q\s*\d*\s*[:.)](?=\s))\s*",
    re.I,
)
_QUESTION_LABEL_COLON_RE = re.compile(
    r"^(?:(?:interview|tricky)\s+)?(?:вопрос|питання|question)(?:\s+[\w-]+){0,3}\s*:\s*\S", re.I
)
_NUMBERED_LABEL_RE = re.compile(r"^\W*(?:вопрос|питання|question|задача|завдання)\s*[#№]\s*\d+", re.I)
# A line addressed to the readers, or about the channel itself, opens channel news, not a
# titled explanation.
_ADDRESS_RE = re.compile(
    r"^(?:доброе утро|добрый (?:день|вечер)|всем|привет|друзья|коллеги|дорогие|"
    r"добрий (?:ранок|день|вечір)|всім|друзі|колеги|good morning|hi (?:all|everyone)|hello|dear)\b"
    r"|хороших выходных|гарних вихідних|(?:nice|great) weekend|навигаци|навігаці|рубрикатор"
    r"|итоги года|підсумки року|с новым годом|з новим роком|с праздник|поздравля|вітаємо|каникул|канікул"
    r"|из отпуска|з відпустки|нас уже|нас вже|\d+\s*(?:подписчик|підписник)",
    re.I,
)
# The channel's own mark of a paid post (Russian law asks for "реклама" on every ad).
_AD_TAG_RE = re.compile(r"реклама|ad|ads|promo|промо|партнерский|партнёрский|спонсор|sponsored"
                        r"|ваканси[яи]|вакансі[яї]|vacanc(?:y|ies)|jobs?|hiring", re.I)
_CODE_QUESTION_RE = re.compile(r"код|code|выведет|виведе|output|print|snippet|фрагмент|результат", re.I)
_MIN_QUESTION = 15  # characters; shorter lines are fragments, not questions of their own
_RUBRIC_WORDS = 4
_DIGEST_LINKS, _DIGEST_WORDS = 3, 60  # several links and a line of text around them: a link digest


def is_attachment_line(text: str) -> bool:
    """A file name or a file size left behind by a document attached to a post."""
    s = text.strip()
    return bool(_ATTACHMENT_RE.match(s) or _SIZE_RE.match(s))


def items_from_post(
    body: Sequence[Line],
    *,
    tags: Sequence[str] = (),
    reactions: dict[str, int] | None = None,
    message_id: int | None = None,
    key: str | None = None,
) -> list[RawItem | Skip]:
    """Cards (and skips) in one post's body; tags and reactions go to the post's last card."""
    lines = [(n, base.clean_line(t)) for n, t in body]
    had_media = any(is_attachment_line(t) for _, t in lines)
    lines = _trim([(n, t) for n, t in lines if not is_attachment_line(t)])
    first_line = body[0][0] if body else None
    if not lines:
        reason = base.MEDIA_ONLY if (had_media or reactions or message_id is not None) else base.EMPTY
        return [Skip(reason, first_line, "", message_id)]

    if any(_AD_TAG_RE.fullmatch(t) for t in tags):
        return [Skip(base.AD, lines[0][0], _excerpt(lines), message_id)]
    out: list[RawItem | Skip] = []
    for glued in _link_seams(lines):
        for is_ad, segment in _ad_segments(glued):
            if is_ad:
                out.append(Skip(base.AD, segment[0][0], _excerpt(segment), message_id))
                continue
            for piece in _numbered_question_splits(segment):
                for part in _question_only_splits(piece):
                    out.append(_item_or_skip(part, message_id))
    cards = [o for o in out if isinstance(o, RawItem)]
    if cards:
        last = cards[-1]
        last.tags = _unique([*last.tags, *tags])
        last.reactions = dict(reactions or {})
        if key is not None:
            # A message id names the whole post; the other cards of a split post get a suffix.
            for i, card in enumerate(cards):
                card.key = key if card is last else f"{key}.{i}"
    return out


def _trim(lines: list[Line]) -> list[Line]:
    start, end = 0, len(lines)
    while start < end and not lines[start][1].strip():
        start += 1
    while end > start and not lines[end - 1][1].strip():
        end -= 1
    return lines[start:end]


def _excerpt(lines: Sequence[Line]) -> str:
    text = " ".join(t.strip() for _, t in lines if t.strip())
    return text[:80]


def _text(lines: Sequence[Line]) -> str:
    return "\n".join(t for _, t in lines)


def _ad_segments(lines: list[Line]) -> list[tuple[bool, list[Line]]]:
    """Split a post into ad / non-ad parts.

    An ad that Telegram showed without reactions or a signature runs straight into
    the next post; the seam is the first question-like line after which no
    promotion is left.
    """
    if base.ad_score(_text(lines)) < 2:
        return [(False, lines)]
    for s in range(1, len(lines)):
        line = lines[s][1]
        if not line.strip() or not base.looks_like_question(line):
            continue
        head, tail = lines[:s], lines[s:]
        # "Чем заниматься: ..." in a job ad opens like a question; a post's question after an ad
        # asks (ends with '?') or carries no promotion at all.
        tail_score = base.ad_score(_text(tail))
        clean_tail = tail_score == 0 or (_ends_question(line) and tail_score < 2)
        if clean_tail and base.ad_score(_text(head)) >= 2:
            return [(True, _trim(head)), (False, _trim(tail))]
    # No clean question after the promotion: the whole block is the ad. (A question
    # post glued *before* an ad cannot be told from an ad's own hook question, and
    # real posts nearly always end with reactions or a signature, which split them.)
    return [(True, lines)]


_ENDS_WITH_LINK_RE = re.compile(r"(?:https?://\S+|t\.me/\S+|(?<!\w)@[A-Za-z][A-Za-z0-9_]{3,})\s*$")


def _link_seams(lines: list[Line]) -> list[list[Line]]:
    """Posts glued together at a link: a promotion or a digest that Telegram showed
    without reactions ends with a link or an @handle, and the next post's question
    follows on the very next line. A question straight after a link line opens a post."""
    cuts = [i for i in range(1, len(lines))
            if _ENDS_WITH_LINK_RE.search(lines[i - 1][1]) and base.looks_like_question(lines[i][1])]
    pieces = (_trim(lines[a:b]) for a, b in pairwise([0, *cuts, len(lines)]))
    return [piece for piece in pieces if piece]


def _paragraph_starts(lines: list[Line]) -> list[int]:
    starts = [0]
    for i in range(1, len(lines)):
        if lines[i][1].strip() and not lines[i - 1][1].strip():
            starts.append(i)
    return starts


_NUMBERED_RE = re.compile(r"^\s*(\d{1,2})[.)]\s+\S")


def _numbered_question_splits(lines: list[Line]) -> list[list[Line]]:
    """A post of several numbered questions, each with its answer below ("Блиц: три вопроса",
    "Два вопроса с одного собеса"): one part per question; the post's title goes.

    Only when the title is no question itself (else the numbers are its answer's list), the
    numbers run 1, 2, … and every question has answer text before the next one."""
    at = [i for i, (_, t) in enumerate(lines) if _NUMBERED_RE.match(t) and _ends_question(t)]
    if len(at) < 2 or any(_ends_question(t) for _, t in lines[: at[0]]):
        return [lines]
    numbers = [int(_NUMBERED_RE.match(lines[i][1]).group(1)) for i in at]  # type: ignore[union-attr]
    if numbers != list(range(1, len(at) + 1)):
        return [lines]
    ends = [*at[1:], len(lines)]
    if any(not any(t.strip() for _, t in lines[a + 1 : b]) for a, b in zip(at, ends, strict=True)):
        return [lines]
    return [lines[a:b] for a, b in zip(at, ends, strict=True)]


def _question_only_splits(lines: list[Line]) -> list[list[Line]]:
    """Split off question-only posts glued to the next question.

    A line that is a whole question (ends with '?') directly followed by a line
    that opens a new question is a post of its own: channels put a multi-part
    question on one line, and a question wrapped over two lines does not end
    its first line with '?'.
    """
    parts: list[list[Line]] = []
    rest = lines
    while len(rest) >= 2:
        first, second = rest[0][1].strip(), rest[1][1].strip()
        if not (first and second) or not _ends_question(first):
            break
        opener = base.strip_lead(second)
        # "Как правило, ..." opens an answer, not a question: without a '?' the line must
        # stand alone as a paragraph to count as the next post's question.
        alone = len(rest) == 2 or not rest[2][1].strip()
        if not (opener[:1].isupper() and (_ends_question(second) or (alone and base.looks_like_question(second)))):
            break
        if len(base.strip_lead(first)) < _MIN_QUESTION or len(opener) < _MIN_QUESTION:
            break
        parts.append([rest[0]])
        rest = rest[1:]
    parts.append(rest)
    return parts


def _ends_question(line: str) -> bool:
    return base.strip_lead(line).rstrip("*_ »\"").endswith("?")


def _is_heading(line: str) -> bool:
    """A short title line ("Подходы к задаче ранжирования") that introduces an explanation."""
    s = _TRAILING_EMOJI_RE.sub("", base.strip_lead(line)).rstrip("*_ ")
    return 3 <= len(s) <= 120 and not s.endswith((".", ",", ";", "!")) and not base.URL_RE.search(s)


_TRAILING_EMOJI_RE = re.compile(rf"(?:\s*{base.EMOJI_RE.pattern})+\s*$")


def _item_or_skip(lines: list[Line], message_id: int | None) -> RawItem | Skip:
    lines = _trim(lines)
    text = _text(lines)
    start = lines[0][0]
    if len(re.sub(r"\W", "", base.strip_urls(text))) < 12:
        reason = base.LINK_ONLY if base.URL_RE.search(text) else base.EMPTY
        return Skip(reason, start, _excerpt(lines), message_id)

    lines = _drop_rubric(lines)
    block = _answer_block(lines)
    if block is not None and block > 1 and _is_rubric(lines[0][1]):
        # "🧩 Задача дня" above a problem statement and its "Решение:"
        lines = _trim(lines[1:])
        block = _answer_block(lines)
    start = lines[0][0]
    if _links_below_title(lines):
        return Skip(base.LINK_ONLY, start, _excerpt(lines), message_id)
    q_end = 1
    if block is not None:
        # "Вопрос ...\n\nA) ...\nB) ...\n\nОтвет: ..." — everything above the label is the question.
        q_end = block
        is_question = True
    elif _wraps_into_question(lines):
        q_end = 2
        is_question = True
    elif _is_question_line(lines[0][1]):
        # A multi-line question: following lines of the first paragraph that are questions too.
        while q_end < len(lines) and lines[q_end][1].strip() and _ends_question(lines[q_end][1]):
            if len(lines[q_end][1]) > 200:
                break
            q_end += 1
        # "Каковы вероятности следующих событий:" — the list below belongs to the question.
        if lines[q_end - 1][1].rstrip().endswith(":"):
            while q_end < len(lines) and lines[q_end][1].strip():
                q_end += 1
        is_question = True
    elif lines[0][1].rstrip().endswith(":") and len(lines[0][1]) > 40:
        while q_end < len(lines) and lines[q_end][1].strip():
            q_end += 1
        is_question = True
    else:
        is_question = (
            _is_heading(lines[0][1])
            and not _ADDRESS_RE.search(base.strip_lead(lines[0][1]))
            and any(t.strip() for _, t in lines[1:])
        )
    if not is_question:
        reason = base.LINK_ONLY if base.URL_RE.search(text) else base.NO_QUESTION
        return Skip(reason, start, _excerpt(lines), message_id)

    question = _join_question([t for _, t in lines[:q_end]])
    answer_lines = [t for _, t in lines[q_end:]]
    code = _leading_code_block(answer_lines)
    if code and _CODE_QUESTION_RE.search(question):
        # "Что выведет код?" — the snippet is part of the question, not its answer.
        question = question + "\n\n" + "\n".join(answer_lines[:code])
        answer_lines = answer_lines[code:]
    question = clean_question(question)
    for i, text_line in enumerate(answer_lines):
        if text_line.strip():
            answer_lines[i] = _ANSWER_LABEL_RE.sub("", text_line, count=1)
            answer_lines[i] = re.sub(r"^\s*[—–]\s+", "", answer_lines[i])
            break
    answer = base.tidy_block(answer_lines) or None
    return RawItem(question=question, answer=answer, line=start, message_id=message_id)


def _is_question_line(line: str) -> bool:
    return base.looks_like_question(line) or bool(_QUESTION_LABEL_COLON_RE.match(base.strip_lead(line)))


def _drop_rubric(lines: list[Line]) -> list[Line]:
    """Drop a rubric line above the question ("Вопрос с собеседования 👇", "🧩 Квиз для разминки"):
    a short line that is no question itself, set apart by a blank line or closed by an emoji
    or a colon, followed by a line that opens a question."""
    first = lines[0][1].strip()
    if _is_question_line(first) or len(base.strip_lead(first)) > 60 or _ADDRESS_RE.search(base.strip_lead(first)):
        return lines  # a greeting above a question to the readers is channel chatter, not a rubric
    nxt = next((i for i in range(1, min(len(lines), 3)) if lines[i][1].strip()), None)
    if nxt is None:
        return lines
    second = lines[nxt][1]
    closed = first.endswith(":") or bool(base.EMOJI_RE.search(first[-2:]))
    labelled = bool(_QUESTION_LABEL_COLON_RE.match(base.strip_lead(second)) or _NUMBERED_LABEL_RE.match(second))
    # "♻️ Из архива", "🔁 Повтор": a few words behind an emoji mark a rubric, not a title to the question.
    marked = bool(base.EMOJI_RE.match(first)) and len(base.strip_lead(first).split()) <= _RUBRIC_WORDS
    if not (nxt == 2 or closed or labelled or marked):
        return lines
    if not (_is_question_line(second) and base.strip_lead(second)[:1].isupper()):
        return lines
    return lines[nxt:]


def _wraps_into_question(lines: list[Line]) -> bool:
    """"В чём разница между / L1 и L2 регуляризацией?": a question wrapped after its first line,
    not a title above a question of its own (which opens with "Как", "Что", ...)."""
    if len(lines) < 2 or not lines[1][1].strip() or _is_question_line(lines[0][1]):
        return False
    first, second = lines[0][1].rstrip(), lines[1][1].strip()
    if first.endswith((".", "!", ":", ";")) or base.EMOJI_RE.search(first[-2:]):
        return False
    return _ends_question(second) and base.first_word(second) not in base.STRONG_OPENERS and len(first) < 150


def _is_rubric(line: str) -> bool:
    s = _TRAILING_EMOJI_RE.sub("", base.strip_lead(line)).strip(" *_")
    return 0 < len(s) <= 40 and not _is_question_line(line) and not s.endswith((".", ",", ";", "?"))


def _links_below_title(lines: list[Line]) -> bool:
    """"🔗 Полезные ссылки недели" and nothing but links under it (or a line of its own:
    "Сохраняйте, чтобы не потерять")."""
    first = lines[0][1].rstrip()
    if _ends_question(first) or (_is_question_line(first) and not first.endswith(":")):
        return False  # a question answered with a link is still a question ("Что почитать:" is a title)
    rest = _text(lines[1:])
    words = len(re.sub(r"\W", "", base.strip_urls(rest)))
    if len(base.URL_RE.findall(rest)) >= _DIGEST_LINKS:
        return words < _DIGEST_WORDS and "?" not in base.strip_urls(rest)
    return bool(base.URL_RE.search(rest)) and words < 12


def _answer_block(lines: list[Line]) -> int | None:
    """Index of an "Ответ:" line close below the post's first line: it closes the question."""
    for i in range(1, min(len(lines), _ANSWER_BLOCK_WITHIN)):
        if _ANSWER_BLOCK_RE.match(base.strip_lead(lines[i][1])):
            return i if any(t.strip() for _, t in lines[:i]) else None
    return None


def _join_question(lines: list[str]) -> str:
    """One paragraph reads as one line; a question with a list below it (quiz options,
    "following events:") keeps its lines."""
    lines = [ln.rstrip() for ln in lines]
    while lines and not lines[-1].strip():
        lines.pop()
    if all(t.strip() for t in lines) and not any(_is_option(t) for t in lines[1:]):
        return " ".join([lines[0], *(t.strip() for t in lines[1:])])
    # Keep paragraph breaks and indentation: the lines may be options or a code snippet.
    text = "\n".join(t if t.strip() else "" for t in lines)
    return re.sub(r"\n{3,}", "\n\n", text)


_OPTION_RE = re.compile(r"^\s*(?:[A-Za-zА-Яа-яІіЇїЄє]|\d{1,2})[).]\s+\S|^\s*[-•·▪]\s+\S")


def _is_option(line: str) -> bool:
    return bool(_OPTION_RE.match(line))


def clean_question(text: str) -> str:
    """Plain question text: no lead emoji or numbering, no emphasis markers, no "Вопрос:" label."""
    if "```" in text:
        head, _, code = text.partition("\n\n")
        return clean_question(head) + "\n\n" + code.strip()
    text = base.strip_lead(text)
    text = re.sub(r"\*\*|__", "", text)
    text = _QUESTION_LABEL_RE.sub("", text, count=1)
    text = base.strip_lead(base.without_call_to_comment(text))
    if text.startswith("«") and text.endswith("»") and text.count("«") == 1:
        text = text[1:-1]  # «Расскажите про проект...?» quoted after its label
    text = text[:1].upper() + text[1:]
    return re.sub(r"(?<=\S)[ \t]+", " ", text).strip(" *_")


def _leading_code_block(lines: list[str]) -> int:
    """How many lines a fenced code block at the start of the answer takes (0 if none)."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i == len(lines) or not lines[i].strip().startswith("```"):
        return 0
    for j in range(i + 1, len(lines)):
        if lines[j].strip().startswith("```"):
            return j + 1
    return 0


def _unique(items: Sequence[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)
