"""Card records (our JSONL/CSV export rows) to RawItems, keeping every field."""

from __future__ import annotations

import json
from typing import Any

from sobes.model import Kind, Lang, Level, RawItem, Topic

CSV_FIELDS = [
    "id", "question", "answer", "kind", "lang", "topic", "topics", "level", "section", "tags",
    "reactions", "duplicate_of", "source_name", "source_format", "source_line", "source_message_id",
    "topic_source", "topic_confidence", "level_source", "retired", "created_at", "updated_at",
]


def _json_cell(value: Any, default: Any) -> Any:
    if value is None or value == "":
        return default
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return default
    return value


def _enum(cls: type, value: Any) -> Any:
    try:
        return cls(value) if value not in (None, "") else None
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def item_from_record(obj: dict[str, Any], line: int) -> RawItem | None:
    """A RawItem that carries the record's id and metadata, or None if it has no question."""
    question = str(obj.get("question") or "").strip()
    if not question:
        return None
    raw_source = obj.get("source")
    source: dict[str, Any] = raw_source if isinstance(raw_source, dict) else {}
    answer = obj.get("answer")
    topics = [t for t in (_enum(Topic, x) for x in _json_cell(obj.get("topics"), [])) if t]
    item = RawItem(
        question=question,
        answer=str(answer) if answer not in (None, "") else None,
        line=line,
        key=str(obj["id"]) if obj.get("id") else None,
        kind=_enum(Kind, obj.get("kind")),
        lang=_enum(Lang, obj.get("lang")),
        topic=_enum(Topic, obj.get("topic")),
        topics=topics,
        level=_enum(Level, obj.get("level")),
        section=obj.get("section") or None,
        tags=[str(t) for t in _json_cell(obj.get("tags"), [])],
        reactions={str(k): int(v) for k, v in _json_cell(obj.get("reactions"), {}).items()},
    )
    extra: dict[str, Any] = {"record": True}
    origin = {
        "name": source.get("name") or obj.get("source_name"),
        "format": source.get("format") or obj.get("source_format"),
        "line": _int(source.get("line", obj.get("source_line"))),
        "message_id": _int(source.get("message_id", obj.get("source_message_id"))),
    }
    if origin["name"]:
        extra["origin"] = origin
    for field in ("duplicate_of", "topic_source", "level_source", "created_at", "updated_at"):
        if obj.get(field):
            extra[field] = obj[field]
    if obj.get("topic_confidence") not in (None, ""):
        try:
            extra["topic_confidence"] = float(obj["topic_confidence"])
        except (TypeError, ValueError):
            pass
    retired = obj.get("retired")
    if retired in (True, "true", "True", "1", 1):
        extra["retired"] = True
    item.extra = extra
    return item
