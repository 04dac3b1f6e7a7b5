"""Point 9: django-filter's errors are query-parameter problems."""

from __future__ import annotations

from typing import Any

from django.test import override_settings

from tests.adopter.problems import problem
from tests.adopter.shop.models import Product
from tests.clients import VersionedClient


def _skus(response: Any) -> list[str]:
    return [item["sku"] for item in response.json()["results"]]


def test_min_price_filters_the_list(anon: VersionedClient, products: list[Product]) -> None:
    response = anon.get("/api/products/", {"min_price": "50"})

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert _skus(response) == ["MN-004", "HS-005"]


def test_invalid_min_price_is_invalid_parameters_keyed_by_the_parameter(
    anon: VersionedClient, products: list[Product]
) -> None:
    response = anon.get("/api/products/", {"min_price": "abc"})

    body = problem(response, 400, "invalid-parameters")
    assert body["errors"] == {"min_price": ["Enter a number."]}
    assert body["codes"] == {"min_price": ["invalid"]}


def test_two_invalid_filters_are_both_named(anon: VersionedClient) -> None:
    response = anon.get("/api/products/", {"min_price": "abc", "max_price": "1e"})

    body = problem(response, 400, "invalid-parameters")
    assert set(body["errors"]) == {"min_price", "max_price"}


def test_invalid_min_price_in_the_list_shape_names_the_parameter(
    anon: VersionedClient, settings: Any
) -> None:
    with override_settings(PROBLEMS={**settings.PROBLEMS, "ERRORS_FORMAT": "list"}):
        response = anon.get("/api/products/", {"min_price": "abc"})

    body = problem(response, 400, "invalid-parameters")
    assert body["errors"] == [
        {"detail": "Enter a number.", "parameter": "min_price", "code": "invalid"}
    ]
    assert "pointer" not in body["errors"][0]
    assert "codes" not in body


def test_body_errors_in_the_list_shape_still_point_into_the_body(
    api: VersionedClient, settings: Any
) -> None:
    with override_settings(PROBLEMS={**settings.PROBLEMS, "ERRORS_FORMAT": "list"}):
        response = api.post("/api/orders/", {"lines": [{"quantity": 1}]}, format="json")

    body = problem(response, 400, "invalid-parameters")
    assert {
        "detail": "This field is required.",
        "pointer": "#/lines/0/product",
        "code": "required",
    } in body["errors"]
    assert all("parameter" not in entry for entry in body["errors"])
