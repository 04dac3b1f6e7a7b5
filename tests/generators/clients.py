"""What the generated-client checks share: the pinned generators run on a project's schema, and the
judges of what each made of the project's real problems (a pytest plugin, not a test module).

tests/example/test_generated_clients.py and tests/adopter/test_generated_clients.py load it with
``pytest_plugins``. Its fixtures are module-scoped and parametrized by ``oas`` (OpenAPI 3.0.3 and
3.1.0): ``oas_schema`` is the schema of the suite's ``ROOT_URLCONF`` as its schema view serves it,
and the generated code goes to pytest's temporary directories (openapi-python-client's package
is :data:`PACKAGE`).

The tools are pinned (requirements-generators.txt, tests/generators/package-lock.json) and
installed by ``make generators``; without them the tests that need them skip, or fail under
``PROBLEMS_REQUIRE_SERVICES=1`` (CI).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.settings import patched_settings

from django_problems.catalogue import get_catalogue
from django_problems.openapi.components import ABOUT_BLANK_NAME, BASE, schema_name
from tests.schemas import generate, resolve
from tests.services import unavailable

ROOT = Path(__file__).resolve().parents[2]
GENERATORS = ROOT / "tests" / "generators"
REQUIREMENTS = ROOT / "requirements-generators.txt"
GENERATORS_VENV = Path(os.environ.get("PROBLEMS_GENERATORS_VENV", ROOT / ".venv-generators"))
NODE_BIN = GENERATORS / "node_modules" / ".bin"
OAS_VERSIONS = ("3.0.3", "3.1.0")
TSC_FLAGS = ("--strict", "--noEmit", "--target", "es2022")
PACKAGE = "api_client"
"""The package openapi-python-client generates (its distribution: ``api-client``)."""
CLIENT_CONFIG = f"""\
project_name_override: {PACKAGE.replace("_", "-")}
package_name_override: {PACKAGE}
# The default hooks run ruff on the output: formatting only, and a tool the venv may lack.
post_hooks: []
"""


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
def oas_schema(oas: str) -> dict[str, Any]:
    """The project's schema (``ROOT_URLCONF``), generated as its schema view serves it, in
    ``oas``."""
    with patched_settings({"OAS_VERSION": oas}):
        generated = generate(settings.ROOT_URLCONF)
    assert generated["openapi"] == oas
    return generated


@pytest.fixture(scope="module")
def workdir(oas: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp(f"oas-{oas}")


@pytest.fixture(scope="module")
def schema_file(oas_schema: dict[str, Any], workdir: Path) -> Path:
    path = workdir / "schema.yaml"
    renderer: Any = OpenApiYamlRenderer()  # what the schema view renders it with
    path.write_bytes(renderer.render(oas_schema, renderer_context={}))
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
    import_unset(output / PACKAGE)
    venv = workdir / "client-venv"
    run([python_tools.python, "-m", "venv", "--without-pip", venv])
    # The constraints reach pip's isolated build environment (poetry-core) through the variable.
    environment = {**os.environ, "PIP_CONSTRAINT": str(REQUIREMENTS)}
    run([
        python_tools.python, "-m", "pip", "--python", venv / "bin" / "python", "install",
        "--quiet", "--disable-pip-version-check", output,
    ], env=environment)  # fmt: skip
    return venv / "bin" / "python"


def import_unset(package: Path) -> None:
    """Give the modules of the generated ``package`` that use ``Unset`` without importing it the
    import.

    openapi-python-client 0.29.1 annotates the body of an operation whose request body has
    several media types ``... | Unset = UNSET`` but imports only ``UNSET``, so the module does not
    import (https://github.com/openapi-generators/openapi-python-client/issues/1451): every
    operation with a body on DRF's default parsers (JSON, form, multipart) has three.
    """
    imported = "from ...types import Response, UNSET\n"
    for module in (package / "api").rglob("*.py"):
        text = module.read_text()
        if re.search(r"\| Unset\b", text) and imported in text:
            module.write_text(text.replace(imported, imported + "from ...types import Unset\n", 1))


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
    """A directory with openapi-typescript's types for the schema (schema.d.ts), where
    :func:`tsc` compiles the check programs."""
    directory = workdir / "typescript"
    directory.mkdir()
    run([node_tools.openapi_typescript, schema_file, "--output", directory / "schema.d.ts"])
    return directory


def tsc(node_tools: NodeTools, typescript: Path, name: str, program: str) -> tuple[bool, str]:
    """Compile ``program`` (TypeScript that imports ``./schema``), written as ``name`` beside the
    generated types, with ``tsc --strict``: whether it compiled, and the compiler's output."""
    (typescript / name).write_text(program)
    result = run([node_tools.tsc, *TSC_FLAGS, name], cwd=typescript, check=False)
    return result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------------------------------------
# What the schema says

UNDOCUMENTED_TYPES = {
    "invalid-http-method": "only undeclared methods answer it, and they belong to no operation",
}
"""Catalogue types no operation documents, so no schema has a model for them."""


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
# The scenarios' responses


@dataclass
class Recorded:
    """A scenario's response from the test client."""

    name: str
    slug: str
    method: str
    path: str
    status: int
    headers: dict[str, str]
    body: str


def record(name: str, slug: str, response: Any) -> Recorded:
    request = response.wsgi_request
    return Recorded(
        name,
        slug,
        request.method,
        request.path,
        response.status_code,
        dict(response.items()),
        response.content.decode(),
    )


def replay_cases(
    schema: dict[str, Any], recorded: list[Recorded], operationless: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The recorded responses as cases of tests/generators/python_client_check.py: each fed to
    the ``_build_response`` of the operation its request called. ``operationless`` names the
    scenarios that call no operation (and says why); they have no case."""
    cases = []
    for response in recorded:
        operation = operation_of(schema, response.method, response.path)
        if operation is None:
            assert response.name in operationless, f"{response.name} calls no operation"
            continue
        assert response.name not in operationless, f"{response.name} calls {operation}"
        recording = {"status": response.status, "headers": response.headers, "body": response.body}
        cases.append({"name": response.name, "operation": operation, "response": recording})
    return cases


# ---------------------------------------------------------------------------------------------
# Judges


def run_python_client(python: Path, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run ``cases`` through the generated package (tests/generators/python_client_check.py)."""
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
            member_schema = properties[member]
            kinds = python_kinds(schema, member_schema)
            kind = "generated" if seen["generated"] else seen["class"]
            if kinds is None:
                wrong.append(
                    f"{name}: {member} is typed Any (holds a {seen['class']}): the schema of "
                    f"{expected} gives {member} no type"
                )
            elif seen["unset"] or kind not in kinds:
                wrong.append(f"{name}: {member} is a {seen['class']}, not one of {kinds}")
            elif (
                kinds == {"list"}
                and python_kinds(schema, item_schema(schema, member_schema)) is None
            ):
                wrong.append(
                    f"{name}: {member} is a list of Any: the schema of {expected} gives the "
                    f"items of {member} no type"
                )
    return wrong


def item_schema(schema: dict[str, Any], array: dict[str, Any]) -> dict[str, Any]:
    """The schema of an array's items (``{}``: any value)."""
    items: dict[str, Any] = resolve(schema, array).get("items", {})
    return items


def assert_all_parsed(
    schema: dict[str, Any], slugs: Mapping[str, str], results: list[dict[str, Any]]
) -> None:
    """Each result (of scenario ``name``, whose type is ``slugs[name]``) parsed into its type's
    class, every member typed as documented."""
    wrong = [w for result in results for w in judge_python(schema, slugs[result["name"]], result)]
    classed = [
        r for r in results if r.get("parsed", {}).get("class") == schema_name(slugs[r["name"]])
    ]
    failed = {w.split(":", 1)[0] for w in wrong}
    summary = (
        f"{len(classed)}/{len(results)} scenarios parsed into their type's class, "
        f"{len(results) - len(failed)}/{len(results)} with every member typed as documented"
    )
    assert not wrong, summary + ":\n" + "\n".join(wrong)


def assert_pydantic_models_take_each_problem_once(
    python_tools: PythonTools,
    pydantic_models: Path,
    schema: dict[str, Any],
    recorded: list[Recorded],
) -> None:
    """Every recorded body validates against exactly one per-type model, its own, and each
    union model resolves it to that model (or rejects it, when its type is no member). A type of
    :data:`UNDOCUMENTED_TYPES` has no model: its bodies must validate against none."""
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
