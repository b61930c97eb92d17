"""The domain model: plain dataclasses and enums shared by every layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    QA = "qa"
    QUESTION = "question"
    PROBLEM = "problem"
    CASE = "case"


class Level(StrEnum):
    JUNIOR = "junior"
    MIDDLE = "middle"
    SENIOR = "senior"


class Lang(StrEnum):
    RU = "ru"
    UK = "uk"
    EN = "en"


class Topic(StrEnum):
    ML = "ml"
    DL = "dl"
    NLP = "nlp"
    CV = "cv"
    RL = "rl"
    RECSYS = "recsys"
    STATS = "stats"
    MLOPS = "mlops"
    PYTHON = "python"
    ALGORITHMS = "algorithms"
    CAREER = "career"
    GENERAL = "general"


@dataclass
class RawItem:
    """One question as a format parser found it, before enrichment.

    ``key`` is an optional identity the format itself guarantees (a message id,
    an exported card id); without it the card id is derived from the question.
    ``line`` is 1-based and points at the first line of the question.
    """

    question: str
    answer: str | None = None
    line: int | None = None
    message_id: int | None = None
    key: str | None = None
    kind: Kind | None = None
    lang: Lang | None = None
    topic: Topic | None = None
    topics: list[Topic] = field(default_factory=list)
    level: Level | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    reactions: dict[str, int] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Skip:
    """A block of a source that is deliberately not a card (ad, link post, filler...)."""

    reason: str
    line: int | None = None
    excerpt: str = ""
    message_id: int | None = None


@dataclass(frozen=True)
class SourceRef:
    name: str
    format: str
    line: int | None = None
    message_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "format": self.format, "line": self.line, "message_id": self.message_id}


@dataclass
class Card:
    id: str
    question: str
    answer: str | None
    kind: Kind
    lang: Lang
    topic: Topic
    source: SourceRef
    topics: list[Topic] = field(default_factory=list)
    level: Level | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    reactions: dict[str, int] = field(default_factory=dict)
    duplicate_of: str | None = None
    topic_source: str = "model"
    topic_confidence: float = 0.0
    level_source: str | None = None
    retired: bool = False
    created_at: str = ""
    updated_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The card as JSON, in the shape DESIGN.md fixes (plus a few extra fields)."""
        return {
            "id": self.id,
            "question": self.question,
            "answer": self.answer,
            "kind": str(self.kind),
            "lang": str(self.lang),
            "topic": str(self.topic),
            "topics": [str(t) for t in self.topics],
            "level": str(self.level) if self.level else None,
            "section": self.section,
            "tags": list(self.tags),
            "reactions": dict(self.reactions),
            "duplicate_of": self.duplicate_of,
            "source": self.source.to_dict(),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "topic_source": self.topic_source,
            "topic_confidence": round(self.topic_confidence, 3),
            "level_source": self.level_source,
            "retired": self.retired,
        }


@dataclass
class ImportReport:
    """What one import did, per source file and in total."""

    files: list[FileReport] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(f.new for f in self.files)

    @property
    def updated(self) -> int:
        return sum(f.updated for f in self.files)

    @property
    def unchanged(self) -> int:
        return sum(f.unchanged for f in self.files)

    @property
    def retired(self) -> int:
        return sum(f.retired for f in self.files)

    @property
    def found(self) -> int:
        return sum(f.found for f in self.files)

    @property
    def skipped(self) -> list[Skip]:
        return [s for f in self.files for s in f.skipped]

    @property
    def errors(self) -> list[str]:
        return [f"{f.path}: {f.error}" for f in self.files if f.error]

    def skipped_by_reason(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for s in self.skipped:
            counts[s.reason] = counts.get(s.reason, 0) + 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "found": self.found,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "retired": self.retired,
            "skipped": self.skipped_by_reason(),
            "errors": self.errors,
            "files": [f.to_dict() for f in self.files],
        }


@dataclass
class FileReport:
    path: str
    format: str
    found: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    skipped: list[Skip] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "error": self.error,
            "format": self.format,
            "found": self.found,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "retired": self.retired,
            "skipped": [
                {"reason": s.reason, "line": s.line, "message_id": s.message_id, "excerpt": s.excerpt}
                for s in self.skipped
            ],
        }
