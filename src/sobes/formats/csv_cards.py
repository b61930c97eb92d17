"""sobes' own CSV export (lists and dicts as JSON in their cells), read back without loss."""

from __future__ import annotations

import csv
import io

from sobes.formats import base
from sobes.formats.records import CSV_FIELDS, item_from_record

NAME = "csv"
DESCRIPTION = "sobes card export, CSV with a header row (question, answer, kind, lang, ...)"


def sniff(head: bytes, name: str) -> bool:
    first = head.decode("utf-8", errors="ignore").lstrip("\ufeff").split("\n", 1)[0]
    cols = [c.strip().strip('"').lower() for c in first.split(",")]
    return "question" in cols and ("answer" in cols or name.lower().endswith(".csv"))


def parse(text: str, name: str) -> base.Parsed:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    for row in reader:
        line = reader.line_num
        record = {k: v for k, v in row.items() if k in CSV_FIELDS and k is not None}
        item = item_from_record(record, line)
        if item is None:
            yield base.Skip(base.MALFORMED, line, str(row.get("question", ""))[:80])
        else:
            yield item
