"""CLI commands: serve (registered on the shared Typer app)."""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from sobes.cli.app import app
from sobes.cli.options import DbOption
from sobes.errors import BadInputError


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything is printed: a busy port or an address
    this machine does not have is one clear error line, not a server log after the URL."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror:
        raise BadInputError(f"unknown host '{host}'; use 127.0.0.1 (this computer) or 0.0.0.0 (the network)") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # what uvicorn does: restarts do not wait
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        reason = "is already in use" if exc.errno == 98 else f"cannot be used ({exc.strerror})"
        raise BadInputError(f"port {port} on {host} {reason}; choose another with --port") from None
    sock.set_inheritable(True)
    return sock


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this computer only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    users: Annotated[
        bool, typer.Option("--users", help="Accounts for a shared server: sign-up, login, per-user reviews.")
    ] = False,
    max_upload_mb: Annotated[int, typer.Option(min=1, max=2048, help="Largest import upload, in MB.")] = 25,
    db: DbOption = None,
) -> None:
    """Run the web app (library, search, study, interviews, progress, import)."""
    import uvicorn

    from sobes.cli.options import library
    from sobes.web.app import create_app

    sock = bind(host, port)
    try:
        typer.echo("opening the library (a first start imports the starter bank, which takes a moment)…", err=True)
        web = create_app(library(db), users=users, max_upload=max_upload_mb * 1024 * 1024)
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        shown = f"[{shown}]" if ":" in shown else shown
        typer.echo(f"sobes is running at http://{shown}:{port}/  (Ctrl-C stops it)")
        if users:
            typer.echo("accounts are on: the first account to sign up becomes the administrator")
        server = uvicorn.Server(uvicorn.Config(web, log_level="warning"))
        server.run(sockets=[sock])
    finally:
        sock.close()
