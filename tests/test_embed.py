"""Vectors: computed once, recomputed on change only, optional when the encoder is missing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import sobes
from sobes.embed import encoder as encoder_mod
from sobes.embed import ensure_vectors, get_encoder, load_vectors, reset_encoder
from sobes.library import Library


class CountingEncoder:
    """A tiny deterministic encoder that counts what it was asked to encode."""

    name = "counting"
    dim = 8

    def __init__(self) -> None:
        self.calls: list[str] = []

    def _vec(self, texts: list[str]) -> np.ndarray:
        self.calls += texts
        rows = np.array([[hash(t + str(i)) % 97 + 1 for i in range(self.dim)] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def query(self, texts: list[str]) -> np.ndarray:
        return self._vec(list(texts))

    def passage(self, texts: list[str]) -> np.ndarray:
        return self._vec(list(texts))


def _jsonl(path: Path, answers: list[str]) -> Path:
    import json

    lines = [json.dumps({"id": f"c{i}", "question": f"What is thing {i}?", "answer": a}) for i, a in enumerate(answers)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_vectors_are_computed_once_and_only_for_changed_cards(lib: Library, tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "bank.jsonl", ["one", "two", "three"])
    lib.import_path(src, analyze=False)
    enc = CountingEncoder()
    assert ensure_vectors(lib.engine, enc) == 6  # question and passage field per card
    assert ensure_vectors(lib.engine, enc) == 0
    _jsonl(src, ["one", "two (edited)", "three"])
    lib.import_path(src, analyze=False)
    assert ensure_vectors(lib.engine, enc) == 1  # only the edited card's passage text changed
    ids, matrix = load_vectors(lib.engine, "p", enc.name)
    assert sorted(ids) == ["c0", "c1", "c2"] and matrix.shape == (3, 8)
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0)


def test_retired_cards_have_no_live_vectors(lib: Library, tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "bank.jsonl", ["one", "two"])
    lib.import_path(src, analyze=False)
    enc = CountingEncoder()
    ensure_vectors(lib.engine, enc)
    _jsonl(src, ["one"])
    lib.import_path(src, analyze=False)
    assert load_vectors(lib.engine, "q", enc.name)[0] == ["c0"]


def test_missing_encoder_falls_back_with_one_line_reason(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOBES_ENCODER", "no_such_module:factory")
    reset_encoder()
    try:
        assert get_encoder() is None
        with sobes.open(tmp_path / "lib.db") as lib:
            assert lib.embed() == 0
            problem = lib.embedding_problem()
            assert problem is not None and "no_such_module" in problem and "\n" not in problem
    finally:
        monkeypatch.delenv("SOBES_ENCODER")
        reset_encoder()


def test_encoder_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOBES_ENCODER", "none")
    reset_encoder()
    try:
        assert get_encoder() is None
        assert "off" in (encoder_mod.encoder_problem() or "")
    finally:
        monkeypatch.delenv("SOBES_ENCODER")
        reset_encoder()


def test_default_encoder_is_multilingual() -> None:
    enc = get_encoder()
    assert enc is not None
    q = enc.query(["What is dropout in neural networks?", "Что такое дропаут в нейросетях?",
                   "How does a hash table handle collisions?"])
    assert q.shape == (3, enc.dim)
    assert float(q[0] @ q[1]) > float(q[0] @ q[2])


def test_disk_cache_reuses_vectors(tmp_path: Path) -> None:
    inner = CountingEncoder()
    first = encoder_mod.CachedEncoder(inner, tmp_path / "cache.sqlite")
    a = first.query(["alpha", "beta", "alpha"])
    assert inner.calls == ["alpha", "beta"]
    second = encoder_mod.CachedEncoder(inner, tmp_path / "cache.sqlite")
    b = second.query(["beta", "alpha"])
    assert inner.calls == ["alpha", "beta"]  # nothing new was encoded
    assert np.allclose(b[0], a[1]) and np.allclose(b[1], a[0])
