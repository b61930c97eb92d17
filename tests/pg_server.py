"""A throwaway PostgreSQL server for tests: initdb into a temp folder, listen on a unix
socket only, stop at the end. Debian's server binaries run as the `postgres` user."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def server_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL server binaries are missing: apt-get install -y postgresql")
    return Path(found[-1]).parent


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


@contextmanager
def temp_postgres() -> Iterator[str]:
    """Yields a SQLAlchemy URL of an empty database on a fresh private server."""
    bindir = server_bin()
    root = Path(tempfile.mkdtemp(prefix="sobes-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    run = dict(check=True, capture_output=True, text=True)
    try:
        subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "sobes", "-A", "trust",
                                     "-E", "UTF8", "--locale=C.UTF-8"]), **run)  # type: ignore[call-overload]
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(root / "log"),
                                     "-o", f"-k {sock} -c listen_addresses='' -c fsync=off", "start"]),
                       **run)  # type: ignore[call-overload]
        subprocess.run(_as_postgres([str(bindir / "createdb"), "-h", str(sock), "-U", "sobes", "sobes"]),
                       **run)  # type: ignore[call-overload]
        yield f"postgresql+psycopg://sobes@/sobes?host={sock}"
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
