"""The `sobes` command line: thin commands over the Library, errors as one line."""

from __future__ import annotations

import sys

from sobes.cli.app import app


def main() -> None:
    from sobes.errors import SobesError

    try:
        app(standalone_mode=False)
    except SobesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("interrupted; the library is unchanged by the unfinished step", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # click's usage errors and the like arrive here in non-standalone mode
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            print("aborted", file=sys.stderr)
            sys.exit(1)
        raise


__all__ = ["app", "main"]
