"""Library methods for studying. (Issue 5 fills this in.)"""

from __future__ import annotations

from sqlalchemy import Engine


class StudyAPI:
    engine: Engine
