"""Point 5: with ``ApiVersioning`` as DRF's default, the shop's own views require
``?api-version=`` and the views of installed packages keep working without it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

from tests.adopter.conftest import PASSWORD
from tests.adopter.problems import problem
from tests.clients import VersionedClient
from tests.schemas import resolve

SHOP_OPERATIONS = [
    ("/api/customers/", "get"),
    ("/api/customers/{id}/", "delete"),
    ("/api/customers/merge/", "post"),
    ("/api/products/", "get"),
    ("/api/products/{id}/restock/", "post"),
    ("/api/products/{id}/datasheet/", "post"),
    ("/api/orders/", "post"),
    ("/api/orders/{id}/ship/", "post"),
]
THIRD_PARTY_OPERATIONS = [
    ("/api/token/", "post"),
    ("/api/token/refresh/", "post"),
    ("/api/auth-token/", "post"),
]


@pytest.fixture
def jwt_unversioned(api: VersionedClient) -> VersionedClient:
    """The JWT client of ``alice``, sending requests exactly as given."""
    api.versioned = False
    return api


def _parameter_names(schema: dict[str, Any], path: str, method: str) -> list[str]:
    operation = schema["paths"][path][method]
    return [resolve(schema, p)["name"] for p in operation.get("parameters", [])]


def test_simplejwt_token_views_work_without_api_version(user: User, raw: VersionedClient) -> None:
    obtained = raw.post("/api/token/", {"username": "alice", "password": PASSWORD}, format="json")
    assert obtained.status_code == 200, obtained.content

    refreshed = raw.post(
        "/api/token/refresh/", {"refresh": obtained.json()["refresh"]}, format="json"
    )

    assert refreshed.status_code == 200, refreshed.content
    assert set(refreshed.json()) == {"access"}


def test_token_views_ignore_an_api_version_they_do_not_use(
    user: User, raw: VersionedClient
) -> None:
    # A front end that adds api-version to every call keeps logging in.
    response = raw.post(
        "/api/token/?api-version=9.9", {"username": "alice", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200, response.content
    assert not response.has_header("api-supported-versions")


def test_obtain_auth_token_works_without_api_version(user: User, raw: VersionedClient) -> None:
    response = raw.post(
        "/api/auth-token/", {"username": "alice", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json() == {"token": Token.objects.get(user=user).key}


def test_router_root_works_without_api_version(jwt_unversioned: VersionedClient) -> None:
    response = jwt_unversioned.get("/api/")

    assert response.status_code == 200, response.content
    assert response.json() == {
        "customers": "http://testserver/api/customers/",
        "products": "http://testserver/api/products/",
        "orders": "http://testserver/api/orders/",
    }


def test_schema_and_swagger_work_without_api_version(raw: VersionedClient) -> None:
    schema = raw.get("/api/schema/")
    swagger = raw.get("/api/schema/swagger/")

    assert schema.status_code == 200
    assert schema["Content-Type"].startswith("application/vnd.oai.openapi")
    assert b"openapi: 3.0.3" in schema.content
    assert swagger.status_code == 200
    assert swagger["Content-Type"].startswith("text/html")
    assert b"/api/schema/" in swagger.content


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/products/"),
        ("get", "/api/orders/"),
        ("post", "/api/customers/merge/"),
    ],
)
def test_shop_views_require_api_version(
    jwt_unversioned: VersionedClient, method: str, path: str
) -> None:
    response = getattr(jwt_unversioned, method)(path)

    body = problem(response, 400, "invalid-api-version")
    assert body["errors"] == {"api-version": ["The api-version query parameter is required."]}
    assert body["codes"] == {"api-version": ["required"]}
    assert body["supported_versions"] == ["1.0"]


def test_a_missing_api_version_is_reported_before_a_missing_login(raw: VersionedClient) -> None:
    response = raw.get("/api/orders/")

    body = problem(response, 400, "invalid-api-version")
    assert body["codes"] == {"api-version": ["required"]}


def test_shop_views_refuse_an_unsupported_api_version(jwt_unversioned: VersionedClient) -> None:
    response = jwt_unversioned.get("/api/products/?api-version=2.0")

    body = problem(response, 400, "invalid-api-version")
    assert body["codes"] == {"api-version": ["unsupported"]}


def test_shop_views_answer_with_api_version(jwt_unversioned: VersionedClient) -> None:
    response = jwt_unversioned.get("/api/orders/?api-version=1.0")

    assert response.status_code == 200
    assert response["api-supported-versions"] == "1.0"


def test_schema_documents_api_version_on_shop_operations_only(schema: dict[str, Any]) -> None:
    for path, method in SHOP_OPERATIONS:
        assert "api-version" in _parameter_names(schema, path, method), (path, method)
    for path, method in THIRD_PARTY_OPERATIONS:
        assert "api-version" not in _parameter_names(schema, path, method), (path, method)
