"""The `sobes` command line: thin commands over the Library, errors as one line."""

from __future__ import annotations

import sys

from sobes.cli import analysis, case, grade, search, serve, study  # noqa: F401 - each registers its commands
from sobes.cli.app import app


def main() -> None:
    from sobes.errors import SobesError

    try:
        # Standalone mode lets Typer print usage errors itself (one message, exit 2);
        # our own errors pass through it and end here.
        app(prog_name="sobes")
    except SobesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("interrupted; the library is unchanged by the unfinished step", file=sys.stderr)
        sys.exit(130)


__all__ = ["app", "main"]
