"""Points 9 and 10: the OpenAPI schema documents the problems of third-party classes
(django-filter, simplejwt) and of ``@problem_responses``, and a typo there fails the build."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.schemas import generate, resolve, slugs_at, statuses


def test_filtered_list_documents_invalid_parameters(schema: dict[str, Any]) -> None:
    assert "invalid-parameters" in slugs_at(schema, "/api/products/", "get", 400)
    parameters = [
        resolve(schema, p)["name"] for p in schema["paths"]["/api/products/"]["get"]["parameters"]
    ]
    assert {"min_price", "max_price", "name", "page"} <= set(parameters)


def test_a_get_without_body_or_filters_documents_no_invalid_parameters(
    schema: dict[str, Any],
) -> None:
    # Orders have no filterset: nothing validates their query.
    assert "invalid-parameters" not in slugs_at(schema, "/api/orders/{id}/", "get", 400)


def test_an_object_of_a_filtered_viewset_documents_filter_errors(schema: dict[str, Any]) -> None:
    """DRF's get_object() runs the filter backends: ?min_price=abc on a product is a 400
    invalid-parameters (the generated-client test makes that request)."""
    for method in ("get", "put", "patch", "delete"):
        assert "invalid-parameters" in slugs_at(schema, "/api/products/{id}/", method, 400)


def test_a_list_without_a_filterset_documents_no_filter_errors(schema: dict[str, Any]) -> None:
    """``/api/orders/`` has DjangoFilterBackend (the default backends) but nothing to filter by:
    no invalid-parameters on its list."""
    assert "invalid-parameters" not in slugs_at(schema, "/api/orders/", "get", 400)
    assert "invalid-parameters" not in slugs_at(schema, "/api/customers/", "get", 400)
    assert "invalid-parameters" in slugs_at(schema, "/api/products/", "get", 400)


def test_third_party_operations_document_no_version_headers(schema: dict[str, Any]) -> None:
    """simplejwt's views are not versioned: their problems carry no api-supported-versions."""
    token = resolve(schema, schema["paths"]["/api/token/"]["post"]["responses"]["401"])
    assert "api-supported-versions" not in token.get("headers", {})
    orders = resolve(schema, schema["paths"]["/api/orders/"]["get"]["responses"]["401"])
    assert "api-supported-versions" in orders["headers"]


def test_simplejwt_views_document_their_401s(schema: dict[str, Any]) -> None:
    for path in ("/api/token/", "/api/token/refresh/"):
        assert slugs_at(schema, path, "post", 401) == {"token-not-valid", "no-active-account"}
        response = resolve(schema, schema["paths"][path]["post"]["responses"]["401"])
        assert response["headers"]["WWW-Authenticate"]["required"] is True


def test_jwt_protected_operations_document_token_not_valid(schema: dict[str, Any]) -> None:
    assert slugs_at(schema, "/api/orders/", "get", 401) == {"unauthorised", "token-not-valid"}


def test_token_not_valid_documents_messages(schema: dict[str, Any]) -> None:
    component = schema["components"]["schemas"]["TokenNotValidProblem"]

    assert "messages" in component["properties"]
    assert component["externalDocs"]["url"] == "https://shop.example.com/problems/#token-not-valid"


def test_problem_responses_above_api_view_documents_a_409(schema: dict[str, Any]) -> None:
    assert slugs_at(schema, "/api/customers/merge/", "post", 409) == {"resource-crud-failure"}


def test_operations_without_problem_responses_document_no_409(schema: dict[str, Any]) -> None:
    assert 409 not in statuses(schema, "/api/customers/", "post")
    assert 409 not in statuses(schema, "/api/products/{id}/", "put")


def test_problem_responses_on_viewset_actions(schema: dict[str, Any]) -> None:
    assert 409 in statuses(schema, "/api/products/{id}/", "delete")
    assert 409 in statuses(schema, "/api/orders/{id}/ship/", "post")


def test_throttled_action_documents_429(schema: dict[str, Any]) -> None:
    assert slugs_at(schema, "/api/products/{id}/restock/", "post", 429) == {"too-many-requests"}
    assert 429 not in statuses(schema, "/api/products/{id}/datasheet/", "post")


def test_spectacular_fail_on_warn_passes(tmp_path: Path) -> None:
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))

    assert target.read_text().startswith("openapi: 3.0.3")


def test_spectacular_fail_on_warn_fails_on_a_misspelt_slug(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(CommandError, match="warnings"):
        call_command(
            "spectacular",
            "--fail-on-warn",
            "--urlconf",
            "tests.adopter.misspelt_urls",
            "--file",
            str(tmp_path / "schema.yaml"),
            stderr=io.StringIO(),
        )

    assert "resource-crud-faliure" in capsys.readouterr().err


def test_a_misspelt_slug_documents_nothing(db: Any) -> None:
    schema = generate("tests.adopter.misspelt_urls")

    assert 409 not in statuses(schema, "/api/store/close/", "post")
