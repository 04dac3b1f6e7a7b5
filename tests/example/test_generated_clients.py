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

import json
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from django.core.cache import caches
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.settings import patched_settings

from django_problems.catalogue import get_catalogue
from django_problems.openapi.components import ABOUT_BLANK_NAME, BASE, schema_name
from django_problems.signatures.client import sign_request
from tests.example.scenarios import SCENARIOS, Scenario, World, offer_body
from tests.example.server import RunningExample, running_example
from tests.schemas import generate, resolve
from tests.services import unavailable

pytestmark = [pytest.mark.generators]

ROOT = Path(__file__).resolve().parents[2]
GENERATORS = ROOT / "tests" / "generators"
REQUIREMENTS = ROOT / "requirements-generators.txt"
GENERATORS_VENV = Path(os.environ.get("PROBLEMS_GENERATORS_VENV", ROOT / ".venv-generators"))
NODE_BIN = GENERATORS / "node_modules" / ".bin"
OAS_VERSIONS = ("3.0.3", "3.1.0")
PACKAGE = "example_client"
CLIENT_CONFIG = f"""\
project_name_override: example-client
package_name_override: {PACKAGE}
# The default hooks run ruff on the output: formatting only, and a tool the venv may lack.
post_hooks: []
"""
TSC_FLAGS = ("--strict", "--noEmit", "--target", "es2022")

OPERATIONLESS = {
    "wrong-method": "DELETE /api/offers: an undeclared method is no operation of the schema",
    "unknown-url": "/api/no-such-thing: an unknown URL is no operation of the schema",
}
"""Scenarios no generated client can make: they call no operation (docs/openapi.md)."""

UNDOCUMENTED_TYPES = {
    "invalid-http-method": "only undeclared methods answer it, and they belong to no operation",
}
"""Catalogue types no operation documents, so the schema has no model for them."""


# ---------------------------------------------------------------------------------------------
# Tools and generated code


@dataclass(frozen=True)
class PythonTools:
    python: Path
    openapi_python_client: Path
    datamodel_codegen: Path


@dataclass(frozen=True)
class NodeTools:
    openapi_typescript: Path
    tsc: Path


@pytest.fixture(scope="module")
def python_tools() -> PythonTools:
    bin_dir = GENERATORS_VENV / "bin"
    tools = PythonTools(
        bin_dir / "python", bin_dir / "openapi-python-client", bin_dir / "datamodel-codegen"
    )
    missing = [path.name for path in vars(tools).values() if not path.exists()]
    if missing:
        unavailable(
            f"the Python client generators are not installed ({', '.join(missing)} in "
            f"{GENERATORS_VENV}): run `make generators`"
        )
    return tools


@pytest.fixture(scope="module")
def node_tools() -> NodeTools:
    tools = NodeTools(NODE_BIN / "openapi-typescript", NODE_BIN / "tsc")
    missing = [path.name for path in vars(tools).values() if not path.exists()]
    if shutil.which("node") is None:
        missing.append("node")
    if missing:
        unavailable(
            f"the npm client generators are not installed ({', '.join(missing)}): run "
            "`make generators` (npm ci in tests/generators)"
        )
    return tools


def run(
    command: Sequence[Any], *, check: bool = True, timeout: int = 300, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """Run a tool; unless ``check`` is false, fail the test with its output when it fails."""
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=timeout, **kwargs
    )
    if check:
        assert result.returncode == 0, (
            f"{' '.join(str(part) for part in command)} exited {result.returncode}:\n"
            f"{result.stdout[-5000:]}\n{result.stderr[-5000:]}"
        )
    return result


@pytest.fixture(scope="module", params=OAS_VERSIONS)
def oas(request: pytest.FixtureRequest) -> str:
    version: str = request.param
    return version


@pytest.fixture(scope="module")
def schema(oas: str) -> dict[str, Any]:
    """The example project's schema, generated as ``/schema/`` serves it, in ``oas``."""
    with patched_settings({"OAS_VERSION": oas}):
        generated = generate("example_project.urls")
    assert generated["openapi"] == oas
    return generated


@pytest.fixture(scope="module")
def workdir(oas: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp(f"oas-{oas}")


@pytest.fixture(scope="module")
def schema_file(schema: dict[str, Any], workdir: Path) -> Path:
    path = workdir / "schema.yaml"
    renderer: Any = OpenApiYamlRenderer()  # what the schema view renders it with
    path.write_bytes(renderer.render(schema, renderer_context={}))
    return path


@pytest.fixture(scope="module")
def python_client(python_tools: PythonTools, schema_file: Path, workdir: Path) -> Path:
    """openapi-python-client's package for the schema, pip-installed into a throwaway venv
    (with the versions requirements-generators.txt pins): that venv's Python."""
    config = workdir / "client-config.yaml"
    config.write_text(CLIENT_CONFIG)
    output = workdir / "client"
    run([
        python_tools.openapi_python_client, "generate", "--path", schema_file,
        "--config", config, "--output-path", output, "--meta", "poetry", "--fail-on-warning",
    ])  # fmt: skip
    venv = workdir / "client-venv"
    run([python_tools.python, "-m", "venv", "--without-pip", venv])
    # The constraints reach pip's isolated build environment (poetry-core) through the variable.
    environment = {**os.environ, "PIP_CONSTRAINT": str(REQUIREMENTS)}
    run([
        python_tools.python, "-m", "pip", "--python", venv / "bin" / "python", "install",
        "--quiet", "--disable-pip-version-check", output,
    ], env=environment)  # fmt: skip
    return venv / "bin" / "python"


@pytest.fixture(scope="module")
def pydantic_models(python_tools: PythonTools, schema_file: Path, workdir: Path) -> Path:
    """datamodel-code-generator's pydantic v2 models for the schema (one module)."""
    output = workdir / "models.py"
    run([
        python_tools.datamodel_codegen, "--input", schema_file, "--input-file-type", "openapi",
        "--output-model-type", "pydantic_v2.BaseModel", "--target-python-version", "3.11",
        "--disable-timestamp", "--output", output,
    ])  # fmt: skip
    return output


@pytest.fixture(scope="module")
def typescript(node_tools: NodeTools, schema_file: Path, workdir: Path) -> Path:
    """openapi-typescript's types for the schema (schema.d.ts) beside the check programs."""
    directory = workdir / "typescript"
    directory.mkdir()
    run([node_tools.openapi_typescript, schema_file, "--output", directory / "schema.d.ts"])
    for program in ("exhaustive.ts", "missing_case.ts"):
        shutil.copy(GENERATORS / program, directory / program)
    return directory


# ---------------------------------------------------------------------------------------------
# What the schema says


def per_type_models(schema: dict[str, Any]) -> list[str]:
    """The schema's per-type problem components: one per documented catalogue type, and
    ``AboutBlankProblem``; not the generic ``Problem`` nor the unions."""
    components = schema["components"]["schemas"]
    names = [schema_name(t.slug) for t in get_catalogue()] + [ABOUT_BLANK_NAME]
    return [name for name in names if name in components]


def unions(schema: dict[str, Any]) -> dict[str, set[str]]:
    """Each union component and the per-type components it maps ``code`` to."""
    return {
        name: {ref.rsplit("/", 1)[1] for ref in component["discriminator"]["mapping"].values()}
        for name, component in schema["components"]["schemas"].items()
        if "discriminator" in component
    }


def operation_of(schema: dict[str, Any], method: str, path: str) -> str | None:
    """The operationId a request (method, path) calls; ``None``: it calls no operation."""
    for template, item in schema["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method.lower() in item:
            operation_id: str = item[method.lower()]["operationId"]
            return operation_id
    return None


def python_kinds(schema: dict[str, Any], member: dict[str, Any]) -> set[str] | None:
    """The Python classes openapi-python-client gives a member of this schema (``"generated"``:
    a class of the generated package: a model, or an enum); ``None``: the schema does not say."""
    member = resolve(schema, member)
    if "enum" in member:
        return {"generated"}
    kind = member.get("type")
    return {
        "object": {"generated"},
        "array": {"list"},
        "string": {"str"},
        "integer": {"int"},
        "number": {"float", "int"},
        "boolean": {"bool"},
    }.get(kind or "")


# ---------------------------------------------------------------------------------------------
# The scenarios: through the test client (recorded), and through the generated client (live)


def unsigned_payout(w: World) -> Any:
    path = f"/api/workers/{w.worker.pk}/payout?api-version=1.1"
    return w.api.post(path, {"amount": "10.00"}, format="json")


MEMBER_SCENARIOS: list[Scenario] = [("unsigned-payout", "unauthorised", unsigned_payout)]
"""Scenarios for extension members the checklist's scenarios never carry: ``signature_error``."""

ALL_SCENARIOS = [*SCENARIOS, *MEMBER_SCENARIOS]
SLUGS = {name: slug for name, slug, _ in ALL_SCENARIOS}


@dataclass
class Recorded:
    name: str
    slug: str
    method: str
    path: str
    status: int
    headers: dict[str, str]
    body: str


@pytest.fixture
def recorded(world: World) -> list[Recorded]:
    """Every scenario's response from the test client (one world, caches cleared between)."""
    responses = []
    for name, slug, scenario in ALL_SCENARIOS:
        response = scenario(world)
        request = response.wsgi_request
        responses.append(
            Recorded(
                name,
                slug,
                request.method,
                request.path,
                response.status_code,
                dict(response.items()),
                response.content.decode(),
            )
        )
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


def run_python_client(python: Path, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    result = run(
        [python, GENERATORS / "python_client_check.py", PACKAGE],
        input=json.dumps(cases),
        cwd=GENERATORS,
    )
    results: list[dict[str, Any]] = json.loads(result.stdout)
    return results


def judge_python(schema: dict[str, Any], slug: str, result: dict[str, Any]) -> list[str]:
    """What is wrong with what the generated client made of one scenario's problem."""
    name = result["name"]
    if "error" in result:
        return [f"{name}: the generated client raised {result['error']}"]
    problem_type = get_catalogue().get(slug)
    wrong = []
    if any(status >= 300 for status in result["before"]):
        wrong.append(f"{name}: the calls before it answered {result['before']}")
    if result["status"] != problem_type.status:
        wrong.append(f"{name}: {result['status']}, not {problem_type.status}: {result['body']}")
    expected = schema_name(slug)
    parsed = result["parsed"]
    if parsed["class"] != expected or not parsed["generated"]:
        return [*wrong, f"{name}: .parsed is a {parsed['class']}, not {expected}"]
    properties = schema["components"]["schemas"][expected]["properties"]
    left = parsed["additional_properties"]
    if left:
        wrong.append(
            f"{name}: {expected} has {left} only in additional_properties: the schema of "
            f"{expected} does not declare {', '.join(left)}"
        )
    for member, seen in parsed["members"].items():
        if member in left:
            continue
        if seen["attribute"] is None:
            wrong.append(f"{name}: no attribute of {expected} holds {member!r}")
        elif member == "code":
            enum_name = properties["code"].get("$ref", "/(no enum component)").rsplit("/", 1)[1]
            if not seen["enum"] or seen["class"] != enum_name:
                wrong.append(f"{name}: code is a {seen['class']}, not the enum {enum_name}")
            elif seen["value"] != result["body"]["code"]:
                wrong.append(f"{name}: code is {seen['value']!r}, not {result['body']['code']!r}")
        else:
            kinds = python_kinds(schema, properties[member])
            kind = "generated" if seen["generated"] else seen["class"]
            if kinds is None:
                wrong.append(
                    f"{name}: {member} is typed Any (holds a {seen['class']}): the schema of "
                    f"{expected} gives {member} no type"
                )
            elif seen["unset"] or kind not in kinds:
                wrong.append(f"{name}: {member} is a {seen['class']}, not one of {kinds}")
    return wrong


def assert_all_parsed(schema: dict[str, Any], results: list[dict[str, Any]]) -> None:
    wrong = [w for result in results for w in judge_python(schema, SLUGS[result["name"]], result)]
    classed = [
        r for r in results if r.get("parsed", {}).get("class") == schema_name(SLUGS[r["name"]])
    ]
    failed = {w.split(":", 1)[0] for w in wrong}
    summary = (
        f"{len(classed)}/{len(results)} scenarios parsed into their type's class, "
        f"{len(results) - len(failed)}/{len(results)} with every member typed as documented"
    )
    assert not wrong, summary + ":\n" + "\n".join(wrong)


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


def test_python_client_installs_as_a_package(python_client: Path, schema: dict[str, Any]):
    """pip installs it (``info.version`` is a valid version) and it imports."""
    result = run([
        python_client, "-c",
        f"import importlib.metadata, {PACKAGE}.client; "
        "print(importlib.metadata.version('example-client'))",
    ])  # fmt: skip
    assert result.stdout.strip() == schema["info"]["version"]


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
    python_client: Path, schema: dict[str, Any], tmp_path: Path
):
    with running_example(tmp_path) as example:
        calls = live_calls(example, demo_rows(example))
        cases = [{"name": name, **call} for name, call in calls.items() if name != "database-down"]
        results = run_python_client(python_client, cases)
        example.maintenance("on")
        results += run_python_client(
            python_client, [{"name": "database-down", **calls["database-down"]}]
        )
    assert_all_parsed(schema, results)


def test_python_client_parses_recorded_problems(
    python_client: Path, schema: dict[str, Any], recorded: list[Recorded]
):
    cases = []
    for response in recorded:
        operation = operation_of(schema, response.method, response.path)
        if operation is None:
            assert response.name in OPERATIONLESS, f"{response.name} calls no operation"
            continue
        assert response.name not in OPERATIONLESS, f"{response.name} calls {operation}"
        recording = {"status": response.status, "headers": response.headers, "body": response.body}
        cases.append({"name": response.name, "operation": operation, "response": recording})
    assert_all_parsed(schema, run_python_client(python_client, cases))


def test_pydantic_models_take_each_problem_once(
    python_tools: PythonTools,
    pydantic_models: Path,
    schema: dict[str, Any],
    recorded: list[Recorded],
):
    models = per_type_models(schema)
    union_members = unions(schema)
    given = {
        "models": models,
        "unions": sorted(union_members),
        "bodies": {response.name: json.loads(response.body) for response in recorded},
    }
    result = run(
        [python_tools.python, GENERATORS / "pydantic_check.py", pydantic_models],
        input=json.dumps(given),
        cwd=GENERATORS,
    )
    seen = json.loads(result.stdout)
    wrong = []
    for response in recorded:
        own = schema_name(response.slug)
        outcome = seen[response.name]
        if not outcome["problem"]:
            wrong.append(f"{response.name}: the generic {BASE} model rejects it")
        if own not in models:
            assert response.slug in UNDOCUMENTED_TYPES, f"{own} is not in the schema"
            if outcome["matches"]:
                wrong.append(f"{response.name}: matches {outcome['matches']}, not none")
            continue
        if outcome["matches"] != [own]:
            wrong.append(f"{response.name}: validates against {outcome['matches']}, not [{own}]")
        for union, members in union_members.items():
            resolved = outcome["unions"][union]
            if own in members and resolved != own:
                wrong.append(f"{response.name}: {union} resolves it to {resolved}, not {own}")
            if own not in members and not resolved.startswith("ValidationError"):
                wrong.append(f"{response.name}: {union} takes it (as {resolved}): not a member")
    strict = [r for r in recorded if schema_name(r.slug) in models]
    failed = {w.split(":", 1)[0] for w in wrong}
    summary = f"{len(strict) - len(failed & {r.name for r in strict})}/{len(strict)} bodies"
    assert not wrong, f"{summary} validate against their own model only:\n" + "\n".join(wrong)


def test_typescript_exhaustive_switch_compiles(node_tools: NodeTools, typescript: Path):
    result = run([node_tools.tsc, *TSC_FLAGS, "exhaustive.ts"], cwd=typescript, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_typescript_missing_case_does_not_compile(node_tools: NodeTools, typescript: Path):
    result = run([node_tools.tsc, *TSC_FLAGS, "missing_case.ts"], cwd=typescript, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, "tsc accepted a switch that misses a problem type"
    assert re.search(r"error TS2322: .*code: \"E_API_NOT_FOUND\".* to type 'never'", output), output
