"""From a parser's RawItem to a Card: stable id, language, kind, topic, level."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable

from sobes.enrich.kind import detect_kind
from sobes.enrich.lang import detect_lang
from sobes.enrich.topic import classify_topic
from sobes.model import Card, Kind, RawItem, SourceRef

_NORM_RE = re.compile(r"[\W_]+", re.UNICODE)


def normalize_question(text: str) -> str:
    """The question reduced to lowercase words: formatting edits keep the same id."""
    return _NORM_RE.sub(" ", text.lower()).strip()


def card_id(source_key: str, identity: str, occurrence: int) -> str:
    raw = f"{source_key}\x1f{identity}\x1f{occurrence}".encode()
    return hashlib.sha1(raw).hexdigest()[:12]


def content_hash(card: Card) -> str:
    """What a re-import compares to tell 'updated' from 'unchanged'.

    Only what the source says counts: the topic, an estimated level and duplicate links
    are the library's analysis (sobes.enrich), which may differ from what card building
    guessed, so they stay out — else every analysed card would look edited on re-import.
    """
    parts = [
        card.question, card.answer or "", str(card.kind), str(card.lang),
        str(card.level or "") if card.level_source == "source" else "", card.section or "",
        ",".join(card.tags), ",".join(f"{k}={v}" for k, v in sorted(card.reactions.items())),
        str(card.source.line or ""), str(card.source.message_id or ""),
        "1" if card.retired else "0",
    ]
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


def build_cards(items: Iterable[RawItem], source_key: str, source_name: str, fmt: str) -> list[Card]:
    """Cards for one source, ids stable across re-imports of an edited file.

    The id comes from the format's own key (a message id, an exported card id)
    or from the normalized question; a question asked twice in one file is
    numbered by occurrence so both are kept.
    """
    seen: Counter[str] = Counter()
    cards: list[Card] = []
    for item in items:
        if item.extra.get("record") and item.key:
            cid = item.key
        else:
            identity = item.key or normalize_question(item.question)
            cid = card_id(source_key, identity, seen[identity])
            seen[identity] += 1
        cards.append(_card(item, cid, source_name, fmt))
    return cards


def _card(item: RawItem, cid: str, source_name: str, fmt: str) -> Card:
    origin = item.extra.get("origin")
    if origin:
        source = SourceRef(origin["name"], origin.get("format") or fmt, origin.get("line"), origin.get("message_id"))
    else:
        source = SourceRef(source_name, fmt, item.line, item.message_id)
    lang = item.lang or detect_lang(item.question + "\n" + (item.answer or "")[:2000])
    kind = item.kind or detect_kind(item.question, item.answer)
    question, answer = item.question, item.answer
    if kind == Kind.CASE and item.kind is None and answer:
        # A take-home task has no reference answer: its body is part of the task statement.
        question, answer = f"{question}\n\n{answer}", None
    tags = list(item.tags)
    if kind == Kind.CASE:
        # A copy of an assignment sobes hosts points to the runnable case (`sobes case ...`).
        from sobes.cases import match_case

        case = match_case(f"{question}\n{answer or ''}")
        if case and f"case:{case}" not in tags:
            tags.append(f"case:{case}")
    if item.topic is not None:
        topic, topics = item.topic, item.topics or [item.topic]
        topic_source = str(item.extra.get("topic_source", "source"))
        confidence = float(item.extra.get("topic_confidence", 1.0))
    else:
        topic, secondary, topic_source, confidence = classify_topic(
            item.question, item.answer, item.section, item.tags
        )
        topics = [topic, *secondary]
    level_source = item.extra.get("level_source") or ("source" if item.level else None)
    return Card(
        id=cid,
        question=question,
        answer=answer,
        kind=kind,
        lang=lang,
        topic=topic,
        topics=topics,
        level=item.level,
        section=item.section,
        tags=tags,
        reactions=dict(item.reactions),
        duplicate_of=item.extra.get("duplicate_of"),
        topic_source=topic_source,
        topic_confidence=confidence,
        level_source=level_source,
        retired=bool(item.extra.get("retired", False)),
        source=source,
        created_at=str(item.extra.get("created_at", "")),
        updated_at=str(item.extra.get("updated_at", "")),
    )
