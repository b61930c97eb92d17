"""Importing source files: detect, parse, build cards, and write each source in one transaction."""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from sobes import formats
from sobes.cards import build_cards, content_hash
from sobes.errors import BadInputError, NotFoundError, SobesError, UnknownFormatError
from sobes.formats.base import Skip
from sobes.model import Card, FileReport, ImportReport, RawItem
from sobes.reading import HEAD_BYTES, decode, is_binary, read_bytes
from sobes.store import cards as store

ProgressFn = Callable[[str, int, int], None]  # (file name, files done, files total)


def expand(target: str) -> list[Path]:
    """Files named by a path, a folder (recursively) or a glob pattern."""
    if any(ch in target for ch in "*?["):
        found = [Path(p) for p in sorted(glob.glob(target, recursive=True)) if Path(p).is_file()]
        if not found:
            raise NotFoundError(f"{target}: no files match this pattern")
        return found
    path = Path(target).expanduser()
    if path.is_dir():
        return sorted(
            p for p in path.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
    if path.is_file():
        return [path]
    raise NotFoundError(f"{target}: no such file or folder")


def import_paths(
    engine: Engine, target: str, fmt: str | None, now: str, progress: ProgressFn | None = None
) -> ImportReport:
    """Import a file, folder or glob. A single named file that fails raises; in a folder,
    files that are not question banks are reported and the rest still import."""
    if fmt:
        formats.by_name(fmt)  # a wrong --format is the user's error, not every file's
    files = expand(target)
    single = len(files) == 1 and not Path(target).is_dir()
    report = ImportReport()
    for i, path in enumerate(files):
        if progress:
            progress(path.name, i, len(files))
        try:
            report.files.append(import_file(engine, path, fmt, now, quiet_unknown=not single))
        except SobesError as exc:
            if single:
                raise
            report.files.append(FileReport(str(path), "?", error=str(exc)))
    if progress:
        progress("", len(files), len(files))
    if not single and not any(f.error is None and f.format != "-" for f in report.files):
        raise BadInputError(
            f"{target}: nothing importable here (formats: {', '.join(formats.names())})"
        )
    return report


def import_file(engine: Engine, path: Path, fmt: str | None, now: str, quiet_unknown: bool = False) -> FileReport:
    data = read_bytes(path)
    if quiet_unknown and is_binary(data):
        return FileReport(str(path), "-", skipped=[Skip("binary file", None, path.name)])
    text = decode(data, path.name)  # refuses binary files before any sniffing
    module = formats.by_name(fmt) if fmt else formats.detect(data[:HEAD_BYTES], path.name)
    if module is None:
        if quiet_unknown:
            return FileReport(str(path), "-", skipped=[Skip("not a question bank", None, path.name)])
        raise UnknownFormatError(
            f"{path.name}: unknown format; formats: {', '.join(formats.names())} "
            "(force one with --format NAME)"
        )
    parsed = list(module.parse(text, path.name))
    items = [p for p in parsed if isinstance(p, RawItem)]
    report = FileReport(str(path), module.NAME, skipped=[p for p in parsed if isinstance(p, Skip)])
    if not items and not report.skipped:
        raise BadInputError(f"{path.name}: no questions found (read as {module.NAME})")
    source_key = _source_key(path.name, items)
    cards = _dedupe_ids(build_cards(items, source_key, path.name, module.NAME), report)
    report.found = len(cards)
    records = bool(items) and all(i.extra.get("record") for i in items)
    with engine.begin() as conn:
        _write(conn, cards, source_key, now, records, report)
        store.upsert_source(conn, {
            "key": source_key, "name": path.name, "format": module.NAME, "path": str(path.resolve()),
            "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "cards": len(cards),
            "skipped": len(report.skipped), "imported_at": now,
        })
    return report


def _source_key(name: str, items: list[RawItem]) -> str:
    """Which stored cards this file owns. Usually its name; a Telegram export is named
    by its chat too, since every export is called result.json."""
    keys = [i.key for i in items if i.key and not i.extra.get("record")]
    if keys and len(keys) == len(items) and keys[0].count(":") >= 2:
        prefix = keys[0].rsplit(":", 1)[0]
        if all(k.startswith(prefix + ":") for k in keys):
            return f"{name}#{prefix}"
    return name


def _dedupe_ids(cards: list[Card], report: FileReport) -> list[Card]:
    seen: set[str] = set()
    out = []
    for card in cards:
        if card.id in seen:
            report.skipped.append(Skip("duplicate id", card.source.line, card.question[:80]))
            continue
        seen.add(card.id)
        out.append(card)
    return out


def _write(conn, cards: list[Card], source_key: str, now: str, records: bool, report: FileReport) -> None:  # type: ignore[no-untyped-def]
    ex = store.existing(conn, [c.id for c in cards], source_key)
    inserts, updates, positions = [], [], {}
    for pos, card in enumerate(cards):
        old = ex.get(card.id)
        if old is None:
            card.created_at = card.created_at or now
            card.updated_at = card.updated_at or now
            inserts.append(store.card_values(card, source_key, pos))
            report.new += 1
            continue
        card.created_at = old.created_at
        if not records:
            # Analysis results (duplicate links) belong to the library, not to the file.
            card.duplicate_of = old.duplicate_of
        if content_hash(card) == old.content_hash:
            report.unchanged += 1
            positions[card.id] = pos
            continue
        card.updated_at = now
        updates.append(store.card_values(card, source_key, pos))
        report.updated += 1
    store.insert_cards(conn, inserts)
    store.update_cards(conn, updates, keep_owner=records)
    store.touch_positions(conn, positions)
    present = {c.id for c in cards}
    gone = [cid for cid, old in ex.items() if old.source_key == source_key and cid not in present and not old.retired]
    store.retire(conn, gone, now)
    report.retired = len(gone)
