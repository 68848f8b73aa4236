"""Schemathesis against every service's /openapi.json, as admin: no 5xx, responses as documented,
problem+json on every error. `FUZZ_EXAMPLES` sets the examples per operation (`make fuzz` raises it).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from shared.migrate import SERVICES
from tests.support.processes import RunningStack

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
REPEATABLE = "FUZZ_EXAMPLES" not in os.environ  # the short run in `make test` is the same every time
ADMIN = {"Authorization": "Bearer dev-admin"}
CASES_RUN: Counter[str] = Counter()
SERVER_ERRORS: Counter[str] = Counter()


# uvicorn refuses malformed HTTP (say, a header name with a ';') itself, before any app runs
SERVER_REFUSAL = (400, "Invalid HTTP request received.")


@schemathesis.check
def problem_json_on_errors(ctx: Any, response: Any, case: Any) -> bool | None:
    if (response.status_code, response.text) == SERVER_REFUSAL:
        return None
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        assert content_type.startswith("application/problem+json"), (
            f"{response.status_code} answered as {content_type!r}, not a problem"
        )
    return None


CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance, problem_json_on_errors]


@pytest.fixture(scope="module", autouse=True)
def fuzz_figures() -> Iterator[None]:
    yield
    for service in sorted(CASES_RUN):
        print(f"\nfuzz {service}: {CASES_RUN[service]} cases, {SERVER_ERRORS[service]} server errors")


def fuzz_operation(service: str, operation: Any, mode: GenerationMode) -> str | None:
    """Run generated cases against one operation; the first failure, described, or None."""

    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis.settings(
        max_examples=EXAMPLES, deadline=None, database=None, derandomize=REPEATABLE,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    def run(case: Any) -> None:
        CASES_RUN[service] += 1
        response = case.call(headers=ADMIN, timeout=30)
        SERVER_ERRORS[service] += response.status_code >= 500
        case.validate_response(response, checks=CHECKS, headers=ADMIN)

    try:
        run()
    except (AssertionError, FailureGroup) as failure:  # reported with the operation it came from
        return f"{operation.label} ({mode}): {failure}"
    return None


@pytest.mark.parametrize("service", SERVICES)
def test_generated_requests_get_documented_answers_and_no_server_errors(
    stack: RunningStack, service: str
) -> None:
    url = stack.services[service].url
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        takes_input = bool(operation.body) or any(True for _ in operation.iter_parameters())
        for mode in [GenerationMode.POSITIVE, *([GenerationMode.NEGATIVE] if takes_input else [])]:
            failure = fuzz_operation(service, operation, mode)
            if failure:
                failures.append(failure)
    assert CASES_RUN[service] > 0
    assert failures == [], "\n\n".join(failures)
