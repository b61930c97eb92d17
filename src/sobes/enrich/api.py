"""Library methods for understanding cards: analysis after import, duplicate groups,
a person's corrections. (Issue 3 fills this in.)"""

from __future__ import annotations

from sqlalchemy import Engine

from sobes.model import ImportReport


class AnalysisAPI:
    engine: Engine

    def _analyze_after_import(self, report: ImportReport) -> None:
        """Analyse the new and changed cards of an import (incremental)."""
