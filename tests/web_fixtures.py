"""Helpers for the web tests: a library with cards, an app, a live uvicorn server."""

from __future__ import annotations

import socket
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import uvicorn

with warnings.catch_warnings():
    # Starlette's TestClient warns when it runs on httpx instead of httpx2; the tests work
    # with either (httpx2 is the one to install).
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

import sobes
from sobes.library import Library

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


def starter_library(path: Path, now: datetime) -> Library:
    lib = sobes.open(path)
    lib.import_starter(now=now)
    return lib


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Run the app with uvicorn in a thread on a free port; yields the base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "TestClient", "csrf_from", "free_port", "live_server", "starter_library"]
