"""Backup of study data as one JSON file: review state, the full log, settings and interviews,
for every user. Importing merges: log rows are matched by their ``uid`` (never duplicated),
a card's state is taken from whichever side reviewed it last, and interviews and settings
that exist already are kept. Importing the same file twice changes nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from sobes.errors import BadInputError
from sobes.study.tables import interview_answers, interviews, iso, review_log, study_settings, study_state

FORMAT = "sobes-reviews"
BATCH = 10_000
VERSION = 1
_TABLES: dict[str, Table] = {
    "states": study_state, "log": review_log, "settings": study_settings,
    "interviews": interviews, "interview_answers": interview_answers,
}


def _rows(conn: Connection, table: Table) -> list[dict[str, Any]]:
    order = [c for c in table.primary_key.columns]
    rows = [dict(r._mapping) for r in conn.execute(select(table).order_by(*order))]
    if table is review_log:
        for r in rows:
            r.pop("id")  # local row numbers mean nothing on another machine; uid identifies a row
            r["undone"] = bool(r["undone"])
    return rows


def export_to(conn: Connection, path: Path, now: datetime) -> dict[str, int]:
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "exported_at": iso(now)}
    for key, table in _TABLES.items():
        data[key] = _rows(conn, table)
    text = json.dumps(data, ensure_ascii=False, indent=1)
    path = path.expanduser()
    if path.is_dir():
        raise BadInputError(f"{path} is a folder; give a file name for the backup")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise BadInputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return {key: len(data[key]) for key in _TABLES}


def read(path: Path) -> dict[str, Any]:
    """Read and check a backup file before anything is written."""
    path = path.expanduser()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInputError(f"no backup file at {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInputError(f"{path} is not a sobes review backup (not readable JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadInputError(f"{path} is not a sobes review backup; write one with `sobes reviews export FILE`")
    if data.get("version") != VERSION:
        raise BadInputError(f"{path} is a backup of version {data.get('version')}; this sobes reads version {VERSION}")
    for key, table in _TABLES.items():
        rows = data.get(key, [])
        if not isinstance(rows, list):
            raise BadInputError(f"{path}: '{key}' must be a list")
        required = {c.name for c in table.columns if not c.nullable and c.default is None and c.name != "id"}
        for n, row in enumerate(rows, 1):
            missing = required - set(row) if isinstance(row, dict) else required
            if missing:
                raise BadInputError(
                    f"{path}: the backup has a malformed row ({key} row {n} lacks {', '.join(sorted(missing))}); "
                    "nothing was imported"
                )
    return data


def merge(conn: Connection, data: dict[str, Any]) -> dict[str, int]:
    """Merge a checked backup in the caller's transaction; returns what was added or updated."""
    counts = {"log_added": 0, "states_updated": 0, "settings_added": 0, "interviews_added": 0, "answers_added": 0}
    try:
        counts["log_added"] = _insert_missing(conn, review_log, data.get("log", []), ("uid",))
        counts["states_updated"] = _merge_states(conn, data.get("states", []))
        counts["settings_added"] = _insert_missing(conn, study_settings, data.get("settings", []), ("user",))
        counts["interviews_added"] = _insert_missing(conn, interviews, data.get("interviews", []), ("id",))
        counts["answers_added"] = _insert_missing(
            conn, interview_answers, data.get("interview_answers", []), ("interview_id", "card_id")
        )
    except (KeyError, TypeError, ValueError, SQLAlchemyError) as exc:
        problem = f"{exc.__class__.__name__}: {(str(exc).splitlines() or [''])[0]}"
        raise BadInputError(f"the backup has a malformed row ({problem}); nothing was imported") from None
    return counts


def _insert_missing(conn: Connection, table: Table, rows: list[dict[str, Any]], key: tuple[str, ...]) -> int:
    """Insert the rows whose key is not stored yet (one read of the keys, inserts in batches)."""
    columns = {c.name for c in table.columns} - {"id"} if table is review_log else {c.name for c in table.columns}
    have = {tuple(r) for r in conn.execute(select(*(table.c[k] for k in key)))}
    fresh: list[dict[str, Any]] = []
    for row in rows:
        ident = tuple(row[k] for k in key)
        if ident not in have:
            have.add(ident)
            fresh.append({c: row.get(c) for c in columns if c in row})
    for start in range(0, len(fresh), BATCH):
        chunk = fresh[start : start + BATCH]
        for shape in {tuple(sorted(r)) for r in chunk}:  # executemany needs one set of columns
            conn.execute(insert(table), [r for r in chunk if tuple(sorted(r)) == shape])
    return len(fresh)


_STATE_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")


def _merge_states(conn: Connection, rows: list[dict[str, Any]]) -> int:
    """Keep, per (user, card), the state of whichever side reviewed the card last."""
    current = {
        (r.user, r.card_id): r.last_review or ""
        for r in conn.execute(select(study_state.c.user, study_state.c.card_id, study_state.c.last_review))
    }
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for row in rows:
        values = {f: row[f] for f in _STATE_FIELDS if f in row}
        values.update(state=int(row["state"]), due=str(row["due"]), reps=int(row.get("reps") or 0),
                      lapses=int(row.get("lapses") or 0))
        key = (str(row["user"]), str(row["card_id"]))
        if key not in current:
            inserts.append({"user": key[0], "card_id": key[1], **values})
        elif current[key] < (row.get("last_review") or ""):
            updates.append({"k_user": key[0], "k_card": key[1], **values})
        else:
            continue
        current[key] = row.get("last_review") or ""
    if inserts:
        conn.execute(insert(study_state), inserts)
    if updates:
        stmt = (
            update(study_state)
            .where(study_state.c.user == bindparam("k_user"), study_state.c.card_id == bindparam("k_card"))
            .values({f: bindparam(f) for f in _STATE_FIELDS})
        )
        for u in updates:
            for f in _STATE_FIELDS:
                u.setdefault(f, None)
        conn.execute(stmt, updates)
    return len(inserts) + len(updates)
