"""Library methods for search."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from sobes.filters import CardFilter
from sobes.search.hit import Hit
from sobes.search.service import prepare
from sobes.search.service import search as run_search


class SearchAPI:
    engine: Engine

    def search(
        self,
        query: str,
        limit: int = 10,
        topic: str | None = None,
        level: str | None = None,
        lang: str | None = None,
        kind: str | None = None,
        source: str | None = None,
        tag: str | None = None,
    ) -> list[Hit]:
        """Cards that answer `query`, best first, in any language, by words and by meaning.

        Filters narrow the results like ``cards()``. Duplicate groups are collapsed to one
        hit (the canonical card) naming its variants in ``also_in``. Without embeddings (see
        ``embedding_problem()``) the ranking is by words only.

        Raises:
            BadInputError: an empty query, a limit outside 1..1000 or an unknown filter value.
        """
        filters = CardFilter(topic, level, lang, kind, source, tag)
        return run_search(self.engine, query, limit, filters)

    def prepare_search(self) -> None:
        """Load what the first search needs (index, vectors, encoder, dictionaries) now, so
        that first search is as fast as the rest; safe to call any time (``refresh`` calls
        it after an import). A busy library is not an error: the first search then does it."""
        try:
            prepare(self.engine)
        except SQLAlchemyError:
            return
