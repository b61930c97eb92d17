"""The Library facade: the Python API that the CLI, the web app and notebooks share."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from sobes.embed import encoder_problem, ensure_vectors, get_encoder
from sobes.embed.vectors import VectorProgress
from sobes.enrich.api import AnalysisAPI
from sobes.errors import NotFoundError
from sobes.export import export_cards
from sobes.filters import CardFilter
from sobes.grade.api import GradeAPI
from sobes.importer import ProgressFn, import_paths
from sobes.model import Card, ImportReport
from sobes.search.api import SearchAPI
from sobes.store import cards as store
from sobes.store.db import connect, url_for
from sobes.study.api import StudyAPI

STARTER_NAME = "starter.jsonl"


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("sobes", appauthor=False)) / "library.db"


def starter_path() -> Path:
    return Path(str(resources.files("sobes") / "data" / STARTER_NAME))


def open_library(db: str | os.PathLike[str] | None = None) -> Library:
    """Open a library: ``db`` is a path or SQLAlchemy URL; None means $SOBES_DB, else the
    per-user default library, which gets the starter bank when it is first created."""
    if db is None and os.environ.get("SOBES_DB"):
        db = os.environ["SOBES_DB"]
    seed_starter = False
    if db is None:
        path = default_db_path()
        seed_starter = not path.exists()
        db = str(path)
    lib = Library(connect(url_for(str(db))), str(db))
    if seed_starter:
        lib.import_starter()
    return lib


def _now(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


class Library(AnalysisAPI, SearchAPI, StudyAPI, GradeAPI):
    """One library of cards in one database. Feature areas add their methods through the
    mixins (sobes.enrich.api, sobes.search.api, sobes.study.api, sobes.grade.api)."""

    def __init__(self, engine: Engine, location: str) -> None:
        self.engine = engine
        self.location = location

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- import -------------------------------------------------------------
    def import_path(
        self,
        path: str | os.PathLike[str],
        format: str | None = None,  # noqa: A002 - the contract's name
        now: datetime | None = None,
        progress: ProgressFn | None = None,
        *,
        analyze: bool = True,
        vector_progress: VectorProgress | None = None,
    ) -> ImportReport:
        """Import a file, folder or glob; the format is detected unless given.

        Each file is written in one transaction: re-importing changes nothing, an
        edited file updates its cards in place, vanished cards are retired (kept).
        Then (unless ``analyze=False``) the new and changed cards get their vectors
        and analysis (topic, level, duplicate groups).
        """
        report = import_paths(self.engine, str(path), format, _now(now), progress)
        if analyze:
            self.refresh(report, vector_progress)
        return report

    def import_starter(self, now: datetime | None = None, *, analyze: bool = True) -> ImportReport:
        """Import the starter bank that ships with sobes."""
        return self.import_path(starter_path(), format="jsonl", now=now, analyze=analyze)

    # -- vectors and analysis -----------------------------------------------
    def refresh(self, report: ImportReport | None = None, vector_progress: VectorProgress | None = None) -> None:
        """Bring derived data up to date after an import: vectors, then analysis of the
        new and changed cards."""
        self.embed(progress=vector_progress)
        self._analyze_after_import(report or ImportReport())
        self.prepare_search()  # index the new cards now rather than on the first search

    def embed(self, progress: VectorProgress | None = None) -> int:
        """Compute the vectors that are missing or outdated; returns how many (0 when
        embeddings are unavailable — see ``embedding_problem``)."""
        encoder = get_encoder()
        if encoder is None:
            return 0
        return ensure_vectors(self.engine, encoder, progress=progress)

    @staticmethod
    def embedding_problem() -> str | None:
        """Why semantic features are off, in one line; None when they work."""
        return encoder_problem()

    # -- reading ------------------------------------------------------------
    def cards(
        self,
        topic: str | None = None,
        level: str | None = None,
        lang: str | None = None,
        kind: str | None = None,
        source: str | None = None,
        tag: str | None = None,
        *,
        include_retired: bool = False,
        include_duplicates: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Card]:
        """Cards matching every given filter, in source order."""
        f = CardFilter(topic, level, lang, kind, source, tag, include_retired, include_duplicates)
        f.check()
        with self.engine.connect() as conn:
            return store.list_cards(conn, f, limit, offset)

    def count(self, *, include_retired: bool = False, include_duplicates: bool = False, **filters: Any) -> int:
        """How many cards ``cards()`` would list with the same filters."""
        f = CardFilter.of(filters, include_retired=include_retired, include_duplicates=include_duplicates)
        with self.engine.connect() as conn:
            return store.count_cards(conn, f)

    def card(self, card_id: str) -> Card:
        """The card with this id (or a unique prefix of it)."""
        with self.engine.connect() as conn:
            found = store.get_card(conn, card_id.strip())
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFoundError(f"no card with id '{card_id}'")
        raise NotFoundError(f"'{card_id}' is ambiguous: {', '.join(c.id for c in found)}")

    def stats(self) -> dict[str, Any]:
        """Counts by topic, level, language, kind and source."""
        f = CardFilter()
        with self.engine.connect() as conn:
            live = store.count_cards(conn, f)
            live_with_variants = store.count_cards(conn, CardFilter(include_duplicates=True))
            everything = store.count_cards(conn, CardFilter(include_retired=True, include_duplicates=True))
            out: dict[str, Any] = {
                "cards": live,
                "retired": everything - live_with_variants,
                "duplicates": live_with_variants - live,
            }
            for column in ("topic", "level", "lang", "kind", "source_name"):
                key = "by_source" if column == "source_name" else f"by_{column}"
                out[key] = dict(sorted(store.group_counts(conn, column, f).items(), key=lambda kv: -kv[1]))
            out["sources"] = [
                {k: v for k, v in s.items() if k in ("name", "format", "cards", "skipped", "imported_at")}
                for s in store.list_sources(conn)
            ]
        return out

    # -- export -------------------------------------------------------------
    def export(self, path: str | os.PathLike[str], format: str = "jsonl", **filters: Any) -> int:  # noqa: A002
        """Write cards (all by default, retired ones too) to a file; returns how many."""
        filters.setdefault("include_retired", True)
        filters.setdefault("include_duplicates", True)
        cards = self.cards(**filters)
        export_cards(cards, Path(path), format)
        return len(cards)


__all__ = ["Library", "open_library"]
