"""schemathesis against the running API (a live server, a demo user's token): for every operation
of the OpenAPI schema, generated requests — valid and malformed — never get a 5xx, and every answer
has a documented status, the documented content type and matches its documented schema (issue 15:
500s on bad input and 23 response-schema violations).

Bounded for CI: FUZZ_EXAMPLES requests per operation (default 4), derandomised so a failure
reproduces. Raise it locally: FUZZ_EXAMPLES=50 pytest tests/test_api_fuzz.py.
"""

import json
import os
import time

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, Phase, given  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.generation.modes import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Operations left out, and why.
SKIPPED = {
    ("POST", "/api/v1/auth/tokens/{id}/revoke/"),  # would revoke the token this run signs in with
    ("GET", "/api/v1/schema/"),  # the schema itself: large, and not data
}


@pytest.mark.fuzz
def test_no_5xx_and_no_schema_violation_on_any_operation(live_server, transactional_world):
    from authentication.services import issue_token

    _token, key = issue_token(transactional_world.user("yuecheng.clerk"), name="schemathesis")
    headers = {"Authorization": f"Token {key}"}
    # The schema /api/v1/schema/ serves, generated in-process (fetching it is slow on a busy CI host).
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    generated = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))
    failures, operations, requests = [], 0, 0
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        operations += 1

        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                                 suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                nonlocal requests
                requests += 1
                response = case.call(base_url=live_server.url, headers=headers, timeout=60)
                case.validate_response(response, checks=CHECKS, headers=headers)

            try:
                run()
            except Unsatisfiable:
                pass  # nothing to make invalid (an operation without parameters or body)
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collect every operation's failures
                failures.append(f"{operation.method.upper()} {operation.path} ({mode}): {_describe(exc)}")
    elapsed = time.monotonic() - started
    print(f"\nschemathesis: {operations} operations, {requests} requests in {elapsed:.0f} s, "
          f"{len(failures)} failing")
    assert not failures, "\n\n".join(failures)


def _describe(exc: BaseException) -> str:
    parts = [str(exc)]
    for sub in getattr(exc, "exceptions", ()):
        parts.append(str(sub))
    return " | ".join(p.strip() for p in parts)[:1200]
