"""The optional LLM judge against a fake OpenAI-compatible server on 127.0.0.1: success,
timeout, HTTP 500 and nonsense replies (the last three fall back to the offline grade)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

import sobes
from sobes.grade.llm import parse_reply
from sobes.library import Library

CARD = "starter-dl-01"
ANSWER = "Dropout randomly turns off some neurons during training, which helps against overfitting."


class FakeLLM(BaseHTTPRequestHandler):
    mode = "ok"
    requests: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeLLM.requests.append({"path": self.path, "body": body})
        if FakeLLM.mode == "slow":
            time.sleep(2)
        if FakeLLM.mode == "error":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"internal error")
            return
        content = {
            "ok": '{"score": 90, "covered": [1, 2], "wrong": []}',
            "slow": '{"score": 90, "covered": [], "wrong": []}',
            "nonsense": "I think this answer is quite good, well done!",
            "out_of_range": '{"score": 250, "covered": [], "wrong": []}',
        }[FakeLLM.mode]
        data = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout case): nothing to answer

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeLLM)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def llib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = sobes.open(tmp_path_factory.mktemp("llm") / "lib.db")
    library.import_starter()
    yield library
    library.close()


@pytest.fixture
def judge(server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SOBES_LLM_URL", server)
    monkeypatch.setenv("SOBES_LLM_MODEL", "fake-judge")
    monkeypatch.setenv("SOBES_LLM_TIMEOUT", "0.5")
    FakeLLM.requests.clear()
    return server


def test_judge_is_asked_and_combined(llib: Library, judge: str) -> None:
    FakeLLM.mode = "ok"
    fb = llib.grade(CARD, ANSWER)
    assert fb.method == "offline+llm"
    request = FakeLLM.requests[-1]
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["model"] == "fake-judge"
    assert ANSWER in request["body"]["messages"][0]["content"]
    assert any("LLM judge (fake-judge) gave 90" in n for n in fb.notes)
    offline = int(next(n for n in fb.notes if "offline grader gave" in n).rsplit(" ", 1)[1])
    assert fb.score == round((offline + 90) / 2)


@pytest.mark.parametrize("mode", ["slow", "error", "nonsense", "out_of_range"])
def test_judge_failures_fall_back_to_the_offline_grade(
    llib: Library, judge: str, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOBES_LLM_URL")
    offline = llib.grade(CARD, ANSWER)
    monkeypatch.setenv("SOBES_LLM_URL", judge)
    FakeLLM.mode = mode
    started = time.monotonic()
    fb = llib.grade(CARD, ANSWER)
    assert time.monotonic() - started < 1.9  # the short timeout, not the server's 2 s
    assert fb.method == "offline"
    assert fb.score == offline.score
    assert any(n.startswith("LLM judge") and "offline grade" in n for n in fb.notes)
    if mode == "slow":
        assert any("timed out" in n for n in fb.notes)


def test_unreachable_judge_falls_back(llib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOBES_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("SOBES_LLM_TIMEOUT", "0.5")
    fb = llib.grade(CARD, ANSWER)
    assert fb.method == "offline"
    assert any("LLM judge failed" in n for n in fb.notes)


def test_empty_answer_is_not_sent_to_the_judge(llib: Library, judge: str) -> None:
    FakeLLM.mode = "ok"
    fb = llib.grade(CARD, "   ")
    assert fb.score == 0 and FakeLLM.requests == []


def test_reply_parsing() -> None:
    assert parse_reply('Sure! {"score": 70, "covered": [1, 9], "wrong": ["x"]}', 3).covered == [1]
    for bad in ("no json", '{"score": "high"}', '{"score": -1}', "[1, 2]", '{"score": true}'):
        with pytest.raises(ValueError):
            parse_reply(bad, 3)
