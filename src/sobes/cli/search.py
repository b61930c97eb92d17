"""CLI commands: search (registered on the shared Typer app)."""

from __future__ import annotations

from sobes.cli.app import app  # noqa: F401 - commands are added with @app.command()
