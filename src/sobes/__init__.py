"""sobes: one library and one trainer for Data Science / ML interview questions."""

from sobes.errors import SobesError
from sobes.model import Card, ImportReport, Kind, Lang, Level, Topic

__version__ = "0.1.0"

__all__ = ["Card", "ImportReport", "Kind", "Lang", "Level", "SobesError", "Topic", "open", "__version__"]


def open(db: str | None = None):  # noqa: A001 - the contract names it sobes.open
    """Open (creating if needed) a library; see ``sobes.library.open_library``."""
    from sobes.library import open_library

    return open_library(db)
