"""Property-based run of the JSON API from its OpenAPI schema: whatever the input, never a 5xx."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings

from conftest import NOW
from sobes.web.app import create_app
from web_fixtures import starter_library

EXAMPLES = 10


def test_api_never_answers_with_a_server_error(tmp_path: Path) -> None:
    lib = starter_library(tmp_path / "lib.db", NOW)
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(lib, clock=lambda: NOW))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    problems: list[str] = []
    statuses: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: schemathesis.Case) -> None:
            response = case.call()
            statuses.append(response.status_code)
            if response.status_code >= 500:
                problems.append(f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}")
            elif response.status_code >= 400 and "error" not in response.json():
                problems.append(f"{case.method} {case.formatted_path}: {response.status_code} without 'error'")

        run()
    lib.close()
    assert not problems, "\n".join(problems[:10])
    assert len(statuses) >= 3 * len(operations) and any(s == 200 for s in statuses)
