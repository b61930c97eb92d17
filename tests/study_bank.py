"""A small question bank with known topics, levels and kinds for the study tests.

Written by the tests (our own words), imported as JSONL without analysis so the topics
and levels stay exactly as given here.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import update

from sobes.library import Library
from sobes.store.schema import cards

TOPICS = ("ml", "dl", "stats", "nlp")
LEVELS = ("junior", "middle", "senior")
KINDS = ("qa", "qa", "question", "problem")


def bank_records() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    n = 0
    for topic in TOPICS:
        for level in LEVELS:
            for kind in KINDS:
                n += 1
                rows.append({
                    "id": f"bank-{n}",
                    "question": f"({topic}, {level}) Question number {n}: explain idea {n} of {topic}.",
                    "answer": None if kind == "question" else f"Idea {n}: the key point is $x_{n}^2$ and **more**.",
                    "kind": kind, "lang": "en", "topic": topic, "topics": [topic], "level": level,
                })
    # A thin topic: one middle card only, so an interview must borrow adjacent levels.
    for i, level in enumerate(("middle", "junior", "senior", None), 1):
        rows.append({"id": f"rl-{i}", "question": f"Reinforcement learning question {i} ({level})",
                     "answer": f"RL answer {i}", "kind": "qa", "lang": "en", "topic": "rl", "topics": ["rl"],
                     "level": level})
    return rows


def write_bank(path: Path, rows: list[dict[str, object]] | None = None) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows or bank_records()), encoding="utf-8")
    return path


def import_bank(lib: Library, folder: Path) -> Path:
    path = write_bank(folder / "bank.jsonl")
    lib.import_path(path, analyze=False)
    return path


def mark_duplicate(lib: Library, card_id: str, canonical_id: str) -> None:
    """Put a card in a duplicate group (what the analysis of issue 3 does)."""
    with lib.engine.begin() as conn:
        conn.execute(update(cards).where(cards.c.id == card_id).values(duplicate_of=canonical_id))


def by_question(lib: Library, needle: str) -> str:
    found = [c.id for c in lib.cards(include_duplicates=True, include_retired=True) if needle in c.question]
    assert len(found) == 1, (needle, found)
    return found[0]
