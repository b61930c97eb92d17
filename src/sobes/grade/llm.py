"""Optional LLM judge: when $SOBES_LLM_URL points at an OpenAI-compatible server (a local
Ollama or llama.cpp, say) and $SOBES_LLM_MODEL names a model, ask it for a rubric judgement
and blend it with the offline grade. Any failure (timeout, HTTP error, a reply that is not the
JSON we asked for) leaves the offline grade in place with a note saying why."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from typing import Any

from sobes.grade.feedback import Feedback

DEFAULT_TIMEOUT_S = 8.0
LLM_WEIGHT = 0.5  # the judge and the offline grader count the same

_PROMPT = """You are a strict technical interviewer for Data Science / ML roles.
Grade the candidate's answer against the reference key points. Penalise any statement that
contradicts the reference. Ignore the language the answer is written in.

Question: {question}

Key points of a good answer:
{points}

Candidate's answer:
<<<
{answer}
>>>

Reply with JSON only, no prose:
{{"score": <integer 0-100>, "covered": [<numbers of the key points the answer states correctly>],
"wrong": [<short quotes of incorrect statements in the answer>]}}"""


@dataclass
class Judgement:
    score: int
    covered: list[int] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LLMConfig:
    url: str
    model: str
    timeout: float = DEFAULT_TIMEOUT_S
    api_key: str | None = None

    @property
    def endpoint(self) -> str:
        url = self.url.rstrip("/")
        if url.endswith("/chat/completions"):
            return url
        return url + ("/chat/completions" if url.endswith("/v1") else "/v1/chat/completions")


def config_from_env() -> LLMConfig | None:
    url = os.environ.get("SOBES_LLM_URL", "").strip()
    if not url:
        return None
    try:
        timeout = float(os.environ.get("SOBES_LLM_TIMEOUT", DEFAULT_TIMEOUT_S))
    except ValueError:
        timeout = DEFAULT_TIMEOUT_S
    return LLMConfig(
        url=url,
        model=os.environ.get("SOBES_LLM_MODEL", "").strip() or "default",
        timeout=max(0.1, timeout),
        api_key=os.environ.get("SOBES_LLM_API_KEY") or None,
    )


def parse_reply(content: str, n_points: int) -> Judgement:
    """The judgement inside a model's reply; ValueError when it is not one."""
    m = re.search(r"\{.*\}", content, re.DOTALL)
    if m is None:
        raise ValueError("no JSON object in the reply")
    data = json.loads(m.group(0))
    if not isinstance(data, dict):
        raise ValueError("the reply is not a JSON object")
    score = data.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 100:
        raise ValueError("the reply has no score between 0 and 100")
    covered = [int(i) for i in data.get("covered") or [] if isinstance(i, int | float) and 1 <= i <= n_points]
    wrong = [str(w)[:200] for w in data.get("wrong") or [] if isinstance(w, str) and w.strip()]
    return Judgement(int(round(score)), covered, wrong[:5])


def ask(config: LLMConfig, question: str, points: list[str], answer: str) -> Judgement:
    """One request to the judge; raises on any failure (the caller falls back)."""
    import httpx

    prompt = _PROMPT.format(
        question=question[:2000],
        points="\n".join(f"{i}. {p}" for i, p in enumerate(points, 1)),
        answer=answer[:6000],
    )
    body: dict[str, Any] = {
        "model": config.model,
        "messages": [{"role": "user", "content": prompt}],
        "temperature": 0,
        "max_tokens": 300,
    }
    headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
    response = httpx.post(config.endpoint, json=body, headers=headers, timeout=config.timeout)
    response.raise_for_status()
    content = response.json()["choices"][0]["message"]["content"]
    if not isinstance(content, str):
        raise ValueError("the reply has no text")
    return parse_reply(content, len(points))


def combine(offline: Feedback, points: list[str], question: str, answer: str, config: LLMConfig) -> Feedback:
    """The offline feedback blended with the judge's, or unchanged with a note on failure."""
    try:
        judgement = ask(config, question, points, answer)
    except Exception as exc:  # noqa: BLE001 - every failure means the same: use the offline grade
        kind = "timed out" if "timeout" in type(exc).__name__.lower() else f"failed ({type(exc).__name__}: {exc})"
        offline.notes.append(f"LLM judge {kind}; showing the offline grade")
        return offline
    score = round((1 - LLM_WEIGHT) * offline.score + LLM_WEIGHT * judgement.score)
    if offline.wrong:  # a contradiction the rules found is never outvoted
        score = min(score, offline.score + 10)
    covered = list(offline.covered)
    for i in judgement.covered:
        if points[i - 1] not in covered and not offline.wrong:
            covered.append(points[i - 1])
    missed = [p for p in points if p not in covered]
    wrong = offline.wrong + [f"{w} — flagged by the LLM judge" for w in judgement.wrong]
    notes = [*offline.notes, f"LLM judge ({config.model}) gave {judgement.score}; offline grader gave {offline.score}"]
    return Feedback(
        offline.card_id,
        int(max(0, min(100, score))),
        covered,
        missed,
        wrong,
        offline.related,
        notes,
        offline.solution,
        "offline+llm",
    )
