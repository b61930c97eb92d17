"""`sobes serve` starts the web app on 127.0.0.1, prints the URL and serves the library."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from web_fixtures import free_port


def test_serve_prints_the_url_and_answers(tmp_path: Path) -> None:
    port = free_port()
    db = tmp_path / "lib.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from sobes.cli import main; main()", "serve", "--port", str(port), "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in first
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)
        assert r.status_code == 200 and "sobes" in r.text
        assert httpx.get(f"http://127.0.0.1:{port}/api/cards", timeout=5).json() == []  # an empty library
    finally:
        proc.terminate()
        proc.wait(15)
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()


def test_serve_rejects_a_bad_port() -> None:
    out = subprocess.run([sys.executable, "-c", "from sobes.cli import main; main()", "serve", "--port", "0"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "port" in out.stderr.lower() and "Traceback" not in out.stderr


def test_serve_on_a_busy_port_is_one_clear_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        out = subprocess.run(
            [sys.executable, "-c", "from sobes.cli import main; main()", "serve", "--port", str(port),
             "--db", str(tmp_path / "lib.db")],
            capture_output=True, text=True, timeout=60,
        )
    assert out.returncode == 1
    assert out.stderr.strip() == f"error: port {port} on 127.0.0.1 is already in use; choose another with --port"
    assert "running at" not in out.stdout
