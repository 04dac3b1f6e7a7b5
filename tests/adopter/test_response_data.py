"""Point 1 of adopting.md, "What changes for your tests": error responses keep ``response.data``
as DRF's responses have it, whichever part of the stack answered."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import User

from django_problems.maintenance import switch
from django_problems.testing import assert_problem
from tests.adopter.shop.models import Customer
from tests.clients import VersionedClient


def test_validation_error_data_has_field_errors_under_errors(api: VersionedClient) -> None:
    response = api.post("/api/customers/", {"name": "Bob", "email": "nope"}, format="json")

    assert response.status_code == 400
    assert response.data["errors"]["email"] == ["Enter a valid email address."]
    assert response.data["codes"]["email"] == ["invalid"]
    assert "email" not in response.data  # DRF's old top-level shape is gone
    assert response.data == json.loads(response.content)


def test_not_found_data_keeps_drf_detail(api: VersionedClient) -> None:
    response = api.get("/api/customers/999/")

    assert response.status_code == 404
    assert response.data["detail"] == "No Customer matches the given query."
    assert response.data["code"] == "E_API_NOT_FOUND"


def test_authentication_error_data_keeps_drf_detail(anon: VersionedClient) -> None:
    response = anon.post("/api/products/", {"sku": "X-1"}, format="json")

    assert response.status_code == 401
    assert response.data["detail"] == "Authentication credentials were not provided."


def test_permission_error_data_keeps_drf_detail(user: User) -> None:
    client = VersionedClient(enforce_csrf_checks=True)
    client.force_login(user)  # SessionAuthentication: unsafe methods need the CSRF token

    response = client.post("/api/customers/", {"name": "Bob", "email": "b@example.com"})

    assert response.status_code == 403
    assert response.data["detail"] == "CSRF Failed: CSRF cookie not set."
    assert response.data["type"] == "https://shop.example.com/problems/#forbidden"
    assert not Customer.objects.exists()


def test_unknown_api_url_from_the_error_view_has_data(anon: VersionedClient) -> None:
    response = anon.get("/api/warehouses/")

    assert response.status_code == 404
    assert response.data["type"] == "https://shop.example.com/problems/#not-found"
    assert response.data["status"] == 404
    assert response.data == json.loads(response.content)


def test_unknown_api_url_with_debug_on_has_data(anon: VersionedClient, settings: Any) -> None:
    # With DEBUG on Django answers its technical 404 page; the middleware replaces it.
    settings.DEBUG = True

    response = anon.get("/api/warehouses/")

    assert response.status_code == 404
    assert response.data["detail"] == "No resource was found at this URL."
    assert response.data == json.loads(response.content)


def test_oversized_body_from_the_middleware_has_data(api: VersionedClient, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post(
        "/api/customers/", {"name": "x" * 2000, "email": "big@example.com"}, format="json"
    )

    assert response.status_code == 413
    assert response.data["max_size"] == 1000
    assert response.data["code"] == "E_API_PAYLOAD_TOO_LARGE"
    assert not Customer.objects.exists()


def test_maintenance_answer_has_data(api: VersionedClient) -> None:
    switch.enable(retry_after=120)

    response = api.get("/api/customers/")

    assert response.status_code == 503
    assert response.data["detail"] == "The API is down for maintenance. Please retry later."
    assert response["Retry-After"] == "120"


def test_assert_problem_from_the_testing_helpers(api: VersionedClient) -> None:
    response = api.post("/api/customers/", {"name": "", "email": "bob@example.com"}, format="json")

    assert_problem(
        response,
        "invalid-parameters",
        errors={"name": ["This field may not be blank."]},
        codes={"name": ["blank"]},
    )
