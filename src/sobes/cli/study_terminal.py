"""Keyboard input for the interactive study and interview flows.

On a terminal one key is read without Enter (cbreak mode, so Ctrl-C still interrupts);
with piped input (tests, scripts) a whole line is read and its first character is the key.
"""

from __future__ import annotations

import os
import select
import sys
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

ENTER = "\n"


def interactive() -> bool:
    return sys.stdin.isatty()


@contextmanager
def _cbreak() -> Any:
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield fd
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def read_key(tick: Callable[[], None] | None = None, every: float = 1.0) -> str:
    """One key press; ``tick`` is called every ``every`` seconds while waiting (a timer).

    Enter comes back as "\\n"; end of input as "q" (so a closed pipe quits cleanly)."""
    if not interactive():
        line = sys.stdin.readline()
        if line == "":
            return "q"
        line = line.rstrip("\r\n")
        return line[:1] if line else ENTER
    with _cbreak() as fd:
        while True:
            if tick is not None:
                tick()
            ready, _, _ = select.select([fd], [], [], every if tick is not None else None)
            if ready:
                data = os.read(fd, 1)
                if data == b"\x03":
                    raise KeyboardInterrupt
                if not data or data == b"\x04":
                    return "q"
                key = data.decode("utf-8", "replace")
                return ENTER if key in ("\r", "\n") else key


def read_lines(prompt: str) -> str:
    """A typed, possibly multi-line answer: lines until an empty line (or end of input)."""
    sys.stdout.write(prompt + "\n")
    sys.stdout.flush()
    lines: list[str] = []
    while True:
        line = sys.stdin.readline()
        if line == "" or not line.rstrip("\r\n"):
            break
        lines.append(line.rstrip("\r\n"))
    return "\n".join(lines).strip()


def status_line(text: str) -> None:
    """Rewrite the current line in place (the ticking timer)."""
    if interactive():
        sys.stdout.write("\r\x1b[K" + text)
        sys.stdout.flush()


def end_status_line() -> None:
    if interactive():
        sys.stdout.write("\r\x1b[K")
        sys.stdout.flush()
