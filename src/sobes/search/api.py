"""Library methods for search. (Issue 4 fills this in.)"""

from __future__ import annotations

from sqlalchemy import Engine


class SearchAPI:
    engine: Engine
