"""The example project's schema: valid, and each operation documents exactly the errors it can
return; Swagger UI and Redoc served from the sidecar."""

from __future__ import annotations

import re
from typing import Any

import pytest
from openapi_spec_validator import validate

from tests import schemas
from tests.schemas import slugs_at, statuses

EXAMPLE_URLCONF = "example_project.urls"


def generate(version: str | None = None) -> dict[str, Any]:
    return schemas.generate(EXAMPLE_URLCONF, version)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return generate()


EXPECTED = {
    ("/api/workers", "get"): {400, 401, 406, 413, 500, 503},
    ("/api/workers", "post"): {400, 401, 406, 409, 413, 415, 500, 503},
    ("/api/workers/{id}", "get"): {400, 401, 404, 406, 413, 500, 503},
    ("/api/workers/{id}", "delete"): {400, 401, 404, 406, 409, 413, 500, 503},
    ("/api/workers/{id}/invite", "post"): {400, 401, 404, 406, 413, 429, 500, 503},
    ("/api/offers", "post"): {400, 401, 403, 406, 413, 415, 500, 503},
    ("/api/offers/{id}/complete", "post"): {400, 401, 404, 406, 409, 413, 500, 503},
    ("/api/availability", "get"): {400, 401, 406, 413, 500, 503},
    ("/api/diagnostics/crash", "get"): {400, 401, 403, 406, 413, 500, 503},
    ("/api/workers/{id}/payout", "post"): {400, 401, 404, 406, 413, 415, 500, 503},
}


@pytest.mark.parametrize("version", [None, "1.0", "1.1"])
def test_the_example_schema_is_valid_openapi(version):
    validate(generate(version))


@pytest.mark.parametrize(("path", "method"), list(EXPECTED), ids=[" ".join(k) for k in EXPECTED])
def test_operation_documents_exactly_the_errors_it_can_return(schema, path, method):
    assert statuses(schema, path, method) == EXPECTED[path, method]


def test_400_lists_the_types_the_mapper_can_choose(schema):
    assert slugs_at(schema, "/api/offers", "post", 400) == {
        "bad-request",
        "invalid-api-version",
        "invalid-parameters",
        "malformed-request-body",
        "parameters-out-of-range",
    }
    assert slugs_at(schema, "/api/offers", "post", 403) == {"unauthorised-resource-access"}
    assert slugs_at(schema, "/api/workers", "get", 400) == {"bad-request", "invalid-api-version"}
    assert "invalid-parameters" in slugs_at(schema, "/api/availability", "get", 400)


@pytest.mark.parametrize("page", ["/schema/swagger/", "/schema/redoc/"])
def test_ui_pages_use_the_sidecar_not_a_cdn(client, page):
    response = client.get(page + "?version=1.1")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]*)\"", html)
    assert scripts
    # Every script is served by the project from the sidecar: none from another origin. (The
    # page's CSRF token is random text, so a substring test such as "cdn" cannot tell this.)
    assert all(src.startswith("/static/drf_spectacular_sidecar/") for src in scripts), scripts
    stylesheets = re.findall(r"<link[^>]*\bhref=\"([^\"]*\.css)\"", html)
    assert all(href.startswith("/static/drf_spectacular_sidecar/") for href in stylesheets)
    assert '"/schema/?version\\u003D1.1"' in html or "/schema/?version=1.1" in html
