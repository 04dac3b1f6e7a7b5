"""Every error the example API really returns is documented, exactly, in its OpenAPI schema.

Each scenario of the checklist (one or more per catalogue type) plus the versioning ones is run
through the test client; its response is validated against the operation's documented response
with schemathesis's OpenAPI validator (status, media type, required headers, body). A status the
operation does not document fails the test.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis.core.failures import FailureGroup
from schemathesis.core.transport import Response as SchemathesisResponse
from schemathesis.openapi.checks import JsonSchemaError

from django_problems.openapi import SchemaGenerator
from tests.clients import VersionedClient
from tests.example.scenarios import SCENARIOS, World, offer_body

EXAMPLE_URLCONF = "example_project.urls"


@cache
def _raw_schema(version: str | None) -> dict[str, Any]:
    schema: dict[str, Any] = SchemaGenerator(
        urlconf=EXAMPLE_URLCONF, api_version=version
    ).get_schema(request=None, public=True)
    return schema


def example_schema(version: str | None = None) -> Any:
    """The example project's schema (of one version), loaded by schemathesis."""
    return schemathesis.openapi.from_dict(_raw_schema(version))


def find_operation(raw: dict[str, Any], path: str) -> str | None:
    """The documented path template that ``path`` matches (``None``: not an operation's URL)."""
    for template in raw["paths"]:
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return str(template)
    return None


def to_schemathesis(response: Any) -> SchemathesisResponse:
    """A Django test response as the response object schemathesis validates."""
    request = response.wsgi_request
    prepared = requests.Request(
        method=request.method, url=f"http://testserver{request.get_full_path()}", data=b""
    ).prepare()
    return SchemathesisResponse(
        status_code=response.status_code,
        headers={name: [value] for name, value in response.items()},
        content=response.content,
        request=prepared,
        elapsed=0.0,
        verify=False,
    )


def assert_documented(response: Any, version: str | None = None) -> None:
    """Fail unless ``response`` is exactly what its operation documents for its status."""
    raw = _raw_schema(version)
    request = response.wsgi_request
    template = find_operation(raw, request.path)
    method = request.method.lower()
    if template is None:
        # Not an operation's URL: only the unknown-URL problem can answer it.
        assert response.status_code == 404, f"{request.path}: {response.status_code}"
        return
    if method not in raw["paths"][template]:
        # Not a declared method: 405 with Allow, never documented (RFC 9110).
        assert response.status_code == 405 and response.has_header("Allow")
        return
    documented = raw["paths"][template][method]["responses"]
    status = str(response.status_code)
    assert status in documented, (
        f"{method.upper()} {template} answered {status}, documented: {sorted(documented)}"
    )
    schema = example_schema(version)
    operation = schema[template][method.upper()]
    converted = to_schemathesis(response)
    definition = _resolve(raw, documented[status])
    content_type = response["Content-Type"].split(";")[0]
    if definition.get("content"):
        assert content_type in definition["content"], (
            f"{content_type} not documented for {status}: {sorted(definition['content'])}"
        )
    for name, header in definition.get("headers", {}).items():
        if header.get("required"):
            assert response.has_header(name), f"{status} documents {name} but lacks it"
    schema.validate_response(operation, converted)


def _resolve(raw: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in item:
        node: Any = raw
        for part in item["$ref"].lstrip("#/").split("/"):
            node = node[part]
        item = node
    return item


@pytest.mark.parametrize(("name", "slug", "scenario"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_checklist_scenario_is_documented(world: World, name, slug, scenario):
    response = scenario(world)
    assert_documented(response)


VERSION_SCENARIOS = {
    "missing": "/api/workers",
    "unsupported": "/api/workers?api-version=9.9",
    "badly-formed": "/api/workers?api-version=1",
    "repeated": "/api/workers?api-version=1.1&api-version=1.1",
    "on-a-detail-route": "/api/workers/1?api-version=x",
    "on-a-body-route": "/api/offers?api-version=",
}


@pytest.mark.parametrize("path", VERSION_SCENARIOS.values(), ids=list(VERSION_SCENARIOS))
def test_invalid_api_version_is_documented(db, path):
    response = VersionedClient(versioned=False).get(path)
    assert response.status_code == 400
    assert_documented(response)


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_each_version_schema_documents_its_errors(world: World, version):
    world.api.versioned = False
    response = world.api.get(f"/api/workers/999999?api-version={version}")
    assert_documented(response, version)
    response = world.api.post(
        f"/api/offers?api-version={version}", offer_body([], daystorepeat=99), format="json"
    )
    assert response.status_code == 400
    assert_documented(response, version)


def test_availability_query_errors_are_documented(world: World):
    response = world.api.get("/api/availability?start=x&end=2026-01-01T00:00:00Z")
    assert response.status_code == 400
    assert_documented(response)
    response = world.api.get(
        "/api/availability?start=2026-01-02T00:00:00Z&end=2026-01-01T00:00:00Z&limit=500"
    )
    assert response.status_code == 400
    assert_documented(response)


def test_success_responses_conform_too(world: World):
    for response in (
        world.api.get("/api/workers"),
        world.api.get(f"/api/workers/{world.worker.pk}"),
        world.api.get("/api/offers"),
        world.api.post(f"/api/workers/{world.worker.pk}/invite"),
    ):
        assert response.status_code < 300
        assert_documented(response)


def test_an_undocumented_status_fails(world: World):
    response = world.api.get("/api/workers/999999")
    raw = _raw_schema(None)
    del raw["paths"]["/api/workers/{id}"]["get"]["responses"]["404"]
    try:
        with pytest.raises(AssertionError, match="answered 404"):
            assert_documented(response)
    finally:
        _raw_schema.cache_clear()


def test_a_body_that_breaks_its_schema_fails(world: World):
    response = world.api.get("/api/workers/999999")
    response.content = response.content.replace(b'"status":404', b'"status":"404"')
    # One failure is raised as itself; several as a group.
    with pytest.raises((FailureGroup, JsonSchemaError)) as failure:
        assert_documented(response)
    errors = getattr(failure.value, "exceptions", (failure.value,))
    assert any("violates schema" in str(e) for e in errors), errors
