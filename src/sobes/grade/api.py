"""Library methods for grading answers. (Issue 6 fills this in.)"""

from __future__ import annotations

from sqlalchemy import Engine


class GradeAPI:
    engine: Engine
