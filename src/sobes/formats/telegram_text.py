"""Telegram channel pages copied as text (t.me/s/<channel> and its mirrors).

The copy keeps the channel header, then posts one after another with no border:
a post ends at its reactions line, its signature, its hashtags, or Telegram's
"Please open Telegram to view this post" filler — or just where the next one starts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sobes.formats import base
from sobes.formats.posts import Line, is_attachment_line, items_from_post
from sobes.model import RawItem, Skip

NAME = "telegram-text"
DESCRIPTION = "Telegram channel page copied as text (posts, reactions lines, hashtags, signatures)"

_FILLER_RE = re.compile(
    r"^(please open telegram to view this post|view in telegram|open in telegram|"
    r"this post is not available.*|download telegram|media is too big|"
    r"откройте telegram.*|показать в telegram|відкрийте telegram.*)$",
    re.I,
)
# A post's footer and header on the web page: views, edit mark and time, forward, service lines.
# Not a sign of the format (a bare time can end any text), only borders between posts.
_FOOTER_RE = re.compile(
    r"^[\d.,]+\s*[KMКМ]?\s*(?:views?|просмотр\w*|перегляд\w*)(?:\s+(?:edited|изменено|змінено))?"
    r"(?:\s+\d{1,2}:\d{2}(?:\s*[AP]M)?)?$"
    r"|^(?:(?:edited|изменено|змінено)\s+)?\d{1,2}:\d{2}(?:\s*[AP]M)?$"
    r"|^(?:forwarded from|переслано от|переслано з|переслано від)\s+.{1,80}$"
    r"|^(?:.{0,60}\s)?(?:pinned|закрепил\w*|закріпи\w*)\s+«.*»$"
    r"|^(?:channel (?:photo|name|title) (?:updated|changed|removed)|channel created|"
    r"фото канала изменено|канал создан|фото каналу змінено|канал створено)$",
    re.I,
)
_HEADER_COUNT_RE = re.compile(
    r"^[\d.,]+\s*[KMКМ]?\s+(subscribers?|members?|photos?|videos?|files?|links?|"
    r"подписчик\w*|участник\w*|фото\w*|видео\w*|файл\w*|ссыл\w*|підписник\w*|посилан\w*)$",
    re.I,
)
_HANDLE_RE = re.compile(r"^@[A-Za-z][A-Za-z0-9_]{3,}$")
# A poll shows its type under the question, then options with their shares, then a vote count.
_POLL_RE = re.compile(
    r"^(?:(?:anonymous|public)\s+)?(?P<poll>poll|quiz)$|^(?:анонимный|публичный)\s+(?P<ru>опрос)$"
    r"|^(?:анонимная|публичная)\s+(?P<ruq>викторина)$|^(?:анонімне|публічне)\s+(?P<uk>опитування)$"
    r"|^(?:анонімна|публічна)\s+(?P<ukq>вікторина)$",
    re.I,
)
_QUIZ_WORDS = {"quiz", "викторина", "вікторина"}
_PERCENT_RE = re.compile(r"^\d{1,3}(?:[.,]\d+)?\s*%$")
_VOTES_RE = re.compile(
    r"^[\d.,\s]+[KMКМ]?\s*(?:votes?|voters?|голос\w*|проголосовал\w*|проголосува\w*)$", re.I
)
# A poll asking the readers about themselves or the channel is a survey, not a question to study.
_SURVEY_RE = re.compile(
    r"\b(?:вы|вам|вас|ваш\w*|вами|ви|ваш|хотите|хочете|разобрать|розібрати|канал\w*|следующ\w*|"
    r"наступн\w*|you|your|next)\b",
    re.I,
)


def sniff(head: bytes, name: str) -> bool:
    text = head.decode("utf-8", errors="ignore")
    lines = [ln.strip() for ln in text.splitlines()]
    signals = 0
    if any(_FILLER_RE.match(ln) for ln in lines):
        signals += 2
    if any(_HEADER_COUNT_RE.match(ln) for ln in lines[:12]):
        signals += 2
    reaction_lines = sum(
        1 for ln in lines if ln and not ln.isdigit() and base.parse_reactions(ln) is not None
    )
    signals += min(reaction_lines, 3)
    if sum(1 for ln in lines if _HANDLE_RE.match(ln)) >= 2:
        signals += 2
    return signals >= 2


@dataclass
class _Post:
    body: list[Line] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    reactions: dict[str, int] = field(default_factory=dict)
    filler_line: int | None = None
    poll: str | None = None  # "poll" | "quiz"
    poll_at: int = 0  # where in the body the options start


def parse(text: str, name: str) -> base.Parsed:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = _header_end(lines)
    signatures = _signatures(lines, start)
    posts = _split_posts(lines, start, signatures)
    recent_answers: list[str] = []
    for post in posts:
        if not any(t.strip() for _, t in post.body):
            if post.filler_line is not None or post.reactions:
                yield Skip(base.MEDIA_ONLY if post.reactions else base.FILLER, post.filler_line)
            continue
        if post.poll is not None:
            yield _poll_item(post)
            continue
        if _is_repeat(post.body, recent_answers):
            first = next(n for n, t in post.body if t.strip())
            yield Skip(base.REPEAT, first, _norm(post.body[0][1])[:80])
            continue
        for item in items_from_post(post.body, tags=post.tags, reactions=post.reactions):
            if isinstance(item, RawItem) and item.answer:
                recent_answers.append(_norm_text(item.answer))
                del recent_answers[:-8]
            yield item


def _header_end(lines: list[str]) -> int:
    """Index of the first post line: after the channel header, if the copy has one."""
    for i, line in enumerate(lines[:60]):
        if line.strip().lower() == "download telegram":
            return i + 1
    if any(_HEADER_COUNT_RE.match(ln.strip()) for ln in lines[:8]):
        last = max(i for i, ln in enumerate(lines[:12]) if _HEADER_COUNT_RE.match(ln.strip()))
        return last + 1
    return 0


def _signatures(lines: list[str], start: int) -> set[str]:
    """Lines a channel stamps under its posts: @handles, and short lines repeated
    through the file that end posts (the channel name)."""
    title = lines[0].split("|")[0].strip().lower() if start > 0 and lines else ""
    counts = Counter(ln.strip() for ln in lines[start:] if ln.strip())
    sigs: set[str] = set()
    for line, count in counts.items():
        if _HANDLE_RE.match(line):
            sigs.add(line)
            continue
        if count < 3 or len(line) > 80 or line.endswith((":", "?", ".")):
            continue
        if base.parse_reactions(line) is not None or base.parse_hashtags(line) is not None:
            continue
        if _FILLER_RE.match(line) or base.looks_like_question(line):
            continue
        if (title and line.lower() == title) or _ends_posts(lines, line, start):
            sigs.add(line)
    return sigs


def _ends_posts(lines: list[str], sig: str, start: int) -> bool:
    """Whether a repeated line is usually followed by the end of a post."""
    ends = total = 0
    for i in range(start, len(lines)):
        if lines[i].strip() != sig:
            continue
        total += 1
        nxt = next((ln.strip() for ln in lines[i + 1 :] if ln.strip()), "")
        if not nxt or _FILLER_RE.match(nxt) or base.parse_reactions(nxt) is not None:
            ends += 1
    return total > 0 and ends / total >= 0.6


def _split_posts(lines: list[str], start: int, signatures: set[str]) -> list[_Post]:
    posts: list[_Post] = [_Post()]
    in_tail = False  # after a post's closing lines: the next text line opens a new post
    last_kind = ""
    for idx in range(start, len(lines)):
        n, raw = idx + 1, base.clean_line(lines[idx])
        s = raw.strip()
        post = posts[-1]
        if not s:
            if not in_tail:
                post.body.append((n, ""))
            continue
        poll = _POLL_RE.match(s)
        if poll is not None:
            post.poll = "quiz" if s.split()[-1].lower() in _QUIZ_WORDS else "poll"
            post.poll_at = len(post.body)
            continue
        if post.poll is not None and _PERCENT_RE.match(s):
            continue
        if _VOTES_RE.match(s):
            in_tail, last_kind = True, "reactions"
            continue
        reactions = base.parse_reactions(s)
        if reactions is not None and s.isdigit():
            reactions = reactions if _bare_count_is_reactions(lines, idx, in_tail) else None
        tags = base.parse_hashtags(s)
        if reactions is not None:
            for k, v in reactions.items():
                post.reactions[k] = post.reactions.get(k, 0) + v
            in_tail, last_kind = True, "reactions"
        elif tags is not None:
            if in_tail and last_kind in ("reactions", "filler"):
                posts.append(_Post(tags=list(tags)))
                in_tail = False
            else:
                post.tags.extend(tags)
                in_tail = True
            last_kind = "tags"
        elif s in signatures:
            in_tail, last_kind = True, "signature"
        elif _FILLER_RE.match(s) or _FOOTER_RE.match(s):
            if post.filler_line is None:
                post.filler_line = n
            in_tail, last_kind = True, "filler"
        else:
            if in_tail:
                posts.append(_Post())
                post = posts[-1]
                in_tail = False
            post.body.append((n, raw))
            last_kind = "text"
    return posts


def _poll_item(post: _Post) -> RawItem | Skip:
    """A quiz is a question with its options (the right one is not in the copy); a poll
    that asks the readers about themselves or the channel is a survey."""
    asked = [t.strip() for _, t in post.body[: post.poll_at] if t.strip()]
    options = [t.strip() for _, t in post.body[post.poll_at :] if t.strip()]
    first = next((n for n, t in post.body if t.strip()), None)
    question = " ".join(asked)
    if not question or (post.poll == "poll" and _SURVEY_RE.search(question)):
        return Skip(base.FILLER, first, question[:80])
    text = "\n".join([question, *(f"- {opt}" for opt in options)])
    return RawItem(question=text, line=first, tags=list(post.tags), reactions=dict(post.reactions))


def _bare_count_is_reactions(lines: list[str], idx: int, in_tail: bool) -> bool:
    """A bare number is a reactions line whose emoji were lost, not answer text:
    right after a post's closing lines, or glued between two posts."""
    if len(lines[idx].strip()) > 5:
        return False
    if in_tail:
        return True
    prev = lines[idx - 1].strip() if idx > 0 else ""
    nxt = lines[idx + 1].strip() if idx + 1 < len(lines) else ""
    return bool(prev) and (not nxt or base.looks_like_question(nxt)) and not is_attachment_line(prev)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _norm_text(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _is_repeat(body: list[Line], recent_answers: list[str]) -> bool:
    """A post that only repeats an earlier post's answer (channels re-post the
    body without its question line)."""
    text = _norm_text("\n".join(t for _, t in body))
    if len(text) < 40:
        return False
    return any(text in answer for answer in recent_answers)
