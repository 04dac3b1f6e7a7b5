"""The client generators people use read the example project's schema as meant: every problem a
generated client receives lands in its own type's class, model or TypeScript type.

For the example's schema in OpenAPI 3.0.3 and 3.1.0 (drf-spectacular's ``OAS_VERSION``):

* openapi-python-client: the generated package installs (pip, a throwaway venv) and, against the
  example under gunicorn, each scenario of tests/example/scenarios.py (and ``unsigned-payout``,
  for ``signature_error``) made through the operation's ``sync_detailed`` parses into exactly its
  type's class (``NotFoundProblem``...), its ``code`` the generated enum, every member of the
  body an attribute of the type the schema gives it (none left only in
  ``additional_properties``). The same holds for the responses the scenarios get from the test
  client, fed to the operation's ``_build_response`` (what ``.parsed`` is). Two scenarios call
  no operation (an unknown URL, an undeclared method): no generated client can make them.
* datamodel-code-generator: every scenario's body validates against exactly one of the per-type
  pydantic models, its own, and each discriminated union model resolves it to that model.
* openapi-typescript: ``tsc --strict`` compiles an exhaustive ``switch`` on ``code`` over every
  problem type (tests/generators/exhaustive.ts) and rejects one missing a case (missing_case.ts).

The tools are pinned (requirements-generators.txt, tests/generators/package-lock.json) and
installed by ``make generators``; without them these tests skip, or fail under
``PROBLEMS_REQUIRE_SERVICES=1`` (CI). Generated code goes to pytest's temporary directories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from django.core.cache import caches

from django_problems.signatures.client import sign_request
from tests.example.scenarios import SCENARIOS, Scenario, World, offer_body
from tests.example.server import RunningExample, running_example
from tests.generators.clients import (
    GENERATORS,
    PACKAGE,
    NodeTools,
    PythonTools,
    Recorded,
    assert_all_parsed,
    assert_pydantic_models_take_each_problem_once,
    record,
    replay_cases,
    run,
    run_python_client,
    tsc,
)

pytest_plugins = ["tests.generators.clients"]
pytestmark = [pytest.mark.generators]

OPERATIONLESS = {
    "wrong-method": "DELETE /api/offers: an undeclared method is no operation of the schema",
    "unknown-url": "/api/no-such-thing: an unknown URL is no operation of the schema",
}
"""Scenarios no generated client can make: they call no operation (docs/openapi.md)."""


# ---------------------------------------------------------------------------------------------
# The scenarios: through the test client (recorded), and through the generated client (live)


def unsigned_payout(w: World) -> Any:
    path = f"/api/workers/{w.worker.pk}/payout?api-version=1.1"
    return w.api.post(path, {"amount": "10.00"}, format="json")


MEMBER_SCENARIOS: list[Scenario] = [("unsigned-payout", "unauthorised", unsigned_payout)]
"""Scenarios for extension members the checklist's scenarios never carry: ``signature_error``."""

ALL_SCENARIOS = [*SCENARIOS, *MEMBER_SCENARIOS]
SLUGS = {name: slug for name, slug, _ in ALL_SCENARIOS}


@pytest.fixture
def recorded(world: World) -> list[Recorded]:
    """Every scenario's response from the test client (one world, caches cleared between)."""
    responses = []
    for name, slug, scenario in ALL_SCENARIOS:
        responses.append(record(name, slug, scenario(world)))
        for cache in caches.all(initialized_only=True):
            cache.clear()
    return responses


FEED_QUERY = {"start": "2026-12-01T00:00:00Z", "end": "2026-12-02T00:00:00Z"}
PAYOUT_BODY = b'{"amount": "10.00"}'
EXPIRED_KEY = """\
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from django_problems.api_keys.models import ApiKey
_, plaintext = ApiKey.objects.create_key(
    User.objects.get(username="demo"), "expired", expires_at=timezone.now() - timedelta(days=1)
)
print(plaintext)
"""


@dataclass
class DemoRows:
    """What the live calls need from the server's demo data (and credentials made for them)."""

    ada: int
    """A worker of ``demo`` with offers."""
    linus: int
    """A worker of ``other``."""
    complete_offer: int
    """An offer of ``demo``, already complete."""
    expired_key: str
    """An API key of ``demo`` that expired yesterday."""
    payout_signature: dict[str, str]
    """The headers that sign ``demo``'s payout to ``ada`` with :data:`PAYOUT_BODY`."""


def demo_rows(example: RunningExample) -> DemoRows:
    demo, other = example.keys["demo"], example.keys["other"]

    def listed(key: str, path: str) -> list[dict[str, Any]]:
        response = requests.get(
            f"{example.url}{path}?api-version=1.1", headers={"X-Api-Key": key}, timeout=30
        )
        response.raise_for_status()
        rows: list[dict[str, Any]] = response.json()
        return rows

    ada = next(w["id"] for w in listed(demo, "/api/workers") if w["email"] == "ada@example.com")
    return DemoRows(
        ada=ada,
        linus=next(w["id"] for w in listed(other, "/api/workers") if w["name"] == "Linus"),
        complete_offer=next(o["id"] for o in listed(demo, "/api/offers") if o["complete"]),
        expired_key=example.manage("shell", "-c", EXPIRED_KEY).split()[-1],
        payout_signature=sign_request(
            "POST",
            f"{example.url}/api/workers/{ada}/payout?api-version=1.1",
            api_key=demo,
            private_key=example.signing_keys["demo"],
            body=PAYOUT_BODY,
        ),
    )


def live_calls(example: RunningExample, rows: DemoRows) -> dict[str, dict[str, Any]]:
    """Each scenario with an operation, as a call of the generated client (the driver's
    ``call``: tests/generators/python_client_check.py), by scenario name."""
    demo, admin = example.keys["demo"], example.keys["admin"]
    ada, linus, expired = rows.ada, rows.linus, rows.expired_key

    def call(operation: str, key: str | None = demo, **options: Any) -> dict[str, Any]:
        headers = {"X-Api-Key": key} if key else {}
        kwargs = {"api_version": "1.1", **options.pop("kwargs", {})}
        return {
            "operation": operation,
            "call": {
                "base_url": example.url,
                "kwargs": kwargs,
                **options,
                "headers": {**headers, **options.get("headers", {})},
            },
        }

    worker = {"name": "Ada", "email": "ada.lovelace@example.com"}
    return {
        "no-credentials": call("api_workers_list", None),
        "unsupported-version": call("api_workers_list", wire={"query": "api-version=9.9"}),
        "no-version-unauthenticated": call("api_workers_list", None, wire={"query": ""}),
        "expired-key": call("api_workers_list", expired),
        "feed-without-token": call("api_availability_feed_list", None, kwargs=FEED_QUERY),
        "feed-with-unknown-token": call(
            "api_availability_feed_list",
            None,
            kwargs=FEED_QUERY,
            params={"access_token": "demo_0123456789abcdef." + "A" * 43},
        ),
        # Signed in this process for these exact bytes, which the transport sends; accepted
        # once, then replayed.
        "replayed-payout": call(
            "api_workers_payout_create",
            None,
            kwargs={"id": str(ada), "body": {"amount": "10.00"}},
            headers=rows.payout_signature,
            wire={"body": PAYOUT_BODY.decode()},
            before=1,
        ),
        # The typed body cannot leave out the required email: an invalid one instead.
        "missing-email": call(
            "api_workers_create", kwargs={"body": {"name": "Ada", "email": "not-an-email"}}
        ),
        "daystorepeat-32": call(
            "api_offers_create", kwargs={"body": offer_body([ada], daystorepeat=32)}
        ),
        "interval-ends-before-start": call(
            "api_offers_create",
            kwargs={"body": offer_body([ada], end="2026-12-01T07:00:00Z")},
        ),
        "foreign-worker-id": call("api_offers_create", kwargs={"body": offer_body([linus])}),
        "offer-already-complete": call(
            "api_offers_complete_create", kwargs={"id": str(rows.complete_offer)}
        ),
        "duplicate-email": call(
            "api_workers_create", kwargs={"body": {"name": "Ada", "email": "ada@example.com"}}
        ),
        "worker-with-offers": call("api_workers_destroy", kwargs={"id": str(ada)}),
        "crash": call("api_diagnostics_crash_retrieve", admin),
        "disallowed-host": call("api_workers_list", headers={"Host": "evil.example"}),
        "invalid-json": call(
            "api_workers_create", kwargs={"body": worker}, wire={"body": '{"name": '}
        ),
        "not-staff": call("api_diagnostics_crash_retrieve"),
        "unknown-worker": call("api_workers_retrieve", kwargs={"id": "999999"}),
        "route-regex-mismatch": call("api_workers_retrieve", kwargs={"id": "1.5"}),
        "csv-only-client": call("api_workers_list", headers={"Accept": "text/csv"}),
        "body-too-large": call(
            "api_workers_create",
            kwargs={"body": {"name": "x" * 2_700_000, "email": "big@example.com"}},
        ),
        "text-body": call(
            "api_workers_create",
            kwargs={"body": worker},
            wire={"headers": {"Content-Type": "text/plain"}, "body": "name=Ada"},
        ),
        "unsigned-payout": call(
            "api_workers_payout_create", kwargs={"id": str(ada), "body": {"amount": "10.00"}}
        ),
        "fourth-invitation": call("api_workers_invite_create", kwargs={"id": str(ada)}, before=3),
        # A patched database cannot reach a server process: the maintenance switch (turned on
        # after every other call) answers the same type.
        "database-down": call("api_workers_list"),
    }


# ---------------------------------------------------------------------------------------------
# The tests


def test_live_calls_cover_every_scenario_with_an_operation():
    """The live calls and the scenarios stay one list: every scenario but the operation-less
    ones is made through the generated client."""
    example = RunningExample(0, dict.fromkeys(("demo", "other", "admin"), "key"), {}, {})
    calls = live_calls(example, DemoRows(1, 2, 3, "expired", {}))
    names = [name for name, _, _ in ALL_SCENARIOS]
    assert set(OPERATIONLESS) <= set(names)
    assert sorted(calls) == sorted(name for name in names if name not in OPERATIONLESS)


def test_python_client_installs_as_a_package(python_client: Path, oas_schema: dict[str, Any]):
    """pip installs it (``info.version`` is a valid version) and it imports."""
    result = run([
        python_client, "-c",
        f"import importlib.metadata, {PACKAGE}.client; "
        "print(importlib.metadata.version('api-client'))",
    ])  # fmt: skip
    assert result.stdout.strip() == oas_schema["info"]["version"]


def test_python_client_has_one_api_version_type(python_client: Path, workdir: Path):
    """The shared api-version parameter is one enum in the generated package, whatever the
    number of versioned operations (not ``ApiWorkersListApiVersion``, ... one per operation)."""
    models = workdir / "client" / PACKAGE / "models"
    version_enums = sorted(
        p.name for p in models.glob("*api_version*.py") if "problem" not in p.name
    )
    assert version_enums == ["api_version.py"]
    assert "class ApiVersion(StrEnum)" in (models / "api_version.py").read_text()


@pytest.mark.server
def test_python_client_parses_live_problems(
    python_client: Path, oas_schema: dict[str, Any], tmp_path: Path
):
    with running_example(tmp_path) as example:
        calls = live_calls(example, demo_rows(example))
        cases = [{"name": name, **call} for name, call in calls.items() if name != "database-down"]
        results = run_python_client(python_client, cases)
        example.maintenance("on")
        results += run_python_client(
            python_client, [{"name": "database-down", **calls["database-down"]}]
        )
    assert_all_parsed(oas_schema, SLUGS, results)


def test_python_client_parses_recorded_problems(
    python_client: Path, oas_schema: dict[str, Any], recorded: list[Recorded]
):
    cases = replay_cases(oas_schema, recorded, OPERATIONLESS)
    assert_all_parsed(oas_schema, SLUGS, run_python_client(python_client, cases))


def test_pydantic_models_take_each_problem_once(
    python_tools: PythonTools,
    pydantic_models: Path,
    oas_schema: dict[str, Any],
    recorded: list[Recorded],
):
    assert_pydantic_models_take_each_problem_once(
        python_tools, pydantic_models, oas_schema, recorded
    )


def test_typescript_exhaustive_switch_compiles(node_tools: NodeTools, typescript: Path):
    compiled, output = tsc(
        node_tools, typescript, "exhaustive.ts", (GENERATORS / "exhaustive.ts").read_text()
    )
    assert compiled, output


def test_typescript_missing_case_does_not_compile(node_tools: NodeTools, typescript: Path):
    compiled, output = tsc(
        node_tools, typescript, "missing_case.ts", (GENERATORS / "missing_case.ts").read_text()
    )
    assert not compiled, "tsc accepted a switch that misses a problem type"
    assert re.search(r"error TS2322: .*code: \"E_API_NOT_FOUND\".* to type 'never'", output), output
