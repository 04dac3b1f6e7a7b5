"""Point 6: with django-cors-headers above the package's middleware, the answers the middleware
gives itself carry CORS headers, and preflights are CORS's to answer, even during maintenance."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from django_problems.maintenance import switch
from tests.adopter.problems import problem
from tests.clients import VersionedClient

ORIGIN = "https://shop.example.com"
CORS = "corsheaders.middleware.CorsMiddleware"


def _cors_after_problem_middleware(middleware: list[str]) -> list[str]:
    moved = [m for m in middleware if m != CORS]
    moved.insert(moved.index("django_problems.middleware.ProblemMiddleware") + 1, CORS)
    return moved


def test_api_answers_carry_cors_headers_for_an_allowed_origin(api: VersionedClient) -> None:
    response = api.get("/api/orders/", HTTP_ORIGIN=ORIGIN)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN


def test_drf_problems_carry_cors_headers(anon: VersionedClient) -> None:
    response = anon.get("/api/orders/", HTTP_ORIGIN=ORIGIN)

    problem(response, 401, "unauthorised")
    assert response["Access-Control-Allow-Origin"] == ORIGIN


def test_oversized_body_413_carries_cors_headers(api: VersionedClient, settings: Any) -> None:
    body = json.dumps({"name": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE, "email": "a@b.co"})

    response = api.post(
        "/api/customers/", body, content_type="application/json", HTTP_ORIGIN=ORIGIN
    )

    problem_body = problem(response, 413, "payload-too-large")
    assert problem_body["max_size"] == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert response["Access-Control-Allow-Origin"] == ORIGIN


def test_maintenance_503_carries_cors_headers(api: VersionedClient) -> None:
    switch.enable()

    response = api.get("/api/orders/", HTTP_ORIGIN=ORIGIN)

    problem(response, 503, "service-temporarily-unavailable")
    assert response["Retry-After"] == "30"
    assert response["Access-Control-Allow-Origin"] == ORIGIN


def test_no_cors_headers_for_an_origin_not_allowed(api: VersionedClient) -> None:
    switch.enable()

    response = api.get("/api/orders/", HTTP_ORIGIN="https://evil.example.net")

    problem(response, 503, "service-temporarily-unavailable")
    assert not response.has_header("Access-Control-Allow-Origin")


def test_preflight_during_maintenance_is_answered_by_cors(anon: VersionedClient) -> None:
    switch.enable()

    response = anon.options(
        "/api/orders/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "authorization" in response["Access-Control-Allow-Headers"]


def test_check_passes_with_cors_first(db: Any) -> None:
    ids = {message.id for message in run_checks()}

    assert "django_problems.W006" not in ids
    assert "django_problems.W122" not in ids


def test_check_warns_w006_when_cors_comes_after_problem_middleware(settings: Any) -> None:
    with override_settings(MIDDLEWARE=_cors_after_problem_middleware(settings.MIDDLEWARE)):
        messages = run_checks()

    w006 = [m for m in messages if m.id == "django_problems.W006"]
    assert len(w006) == 1
    assert "CorsMiddleware" in w006[0].msg
    assert "docs/adopting.md" in str(w006[0].hint)


def test_check_warns_w122_when_cors_comes_between_maintenance_and_problems(
    settings: Any,
) -> None:
    middleware = [m for m in settings.MIDDLEWARE if m != CORS]
    middleware.insert(middleware.index("django_problems.middleware.ProblemMiddleware"), CORS)

    with override_settings(MIDDLEWARE=middleware):
        ids = [message.id for message in run_checks()]

    assert "django_problems.W122" in ids
    assert "django_problems.W006" not in ids


def test_manage_py_check_fails_on_w006_at_warning_level(settings: Any) -> None:
    stderr = io.StringIO()
    with (
        override_settings(MIDDLEWARE=_cors_after_problem_middleware(settings.MIDDLEWARE)),
        pytest.raises(SystemCheckError, match=r"django_problems\.W006"),
    ):
        call_command("check", fail_level="WARNING", stderr=stderr)
