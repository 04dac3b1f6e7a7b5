"""Django error views and ProblemMiddleware: problems under the API, Django's pages elsewhere."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.test import Client, RequestFactory
from django.urls import Resolver404

from django_problems import error_views
from django_problems.testing import assert_problem


@pytest.fixture
def client(db: Any) -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("debug", [False, True])
def test_unknown_api_url_is_a_problem_with_debug_on_and_off(client, settings, debug):
    settings.DEBUG = debug
    assert_problem(client.get("/api/definitely/not/here"), "not-found")


@pytest.mark.parametrize("debug", [False, True])
def test_unknown_site_url_keeps_djangos_page(client, settings, debug):
    settings.DEBUG = debug
    response = client.get("/site/not-here")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("kind", "slug", "detail"),
    [
        ("http404", "not-found", "No worker matches the given query."),
        ("permission", "forbidden", "Only the offer's owner may do this."),
        ("suspicious", "bad-request", "The request could not be understood."),
        ("too-big", "payload-too-large", "The request body is too large."),
        ("integrity", "resource-crud-failure", None),
        ("operational", "service-temporarily-unavailable", None),
        ("crash", "internal-platform-error", None),
    ],
)
@pytest.mark.parametrize("debug", [False, True])
def test_plain_django_view_exceptions_are_the_same_problems(
    client, settings, debug, kind, slug, detail
):
    settings.DEBUG = debug
    response = client.get(f"/api/test/plain/{kind}")
    body = assert_problem(response, slug, detail=detail)
    # With DEBUG on, only the debug member may name the cause (as Django's debug page does).
    public = {name: value for name, value in body.items() if name != "debug"}
    assert "secret" not in json.dumps(public)
    # Django shows its debug page for a crash and a SuspiciousOperation: the debug member too.
    explained = slug in ("internal-platform-error", "bad-request", "payload-too-large")
    assert ("debug" in body) == (debug and explained)


def test_plain_view_crash_outside_the_api_keeps_djangos_500(client):
    response = client.get("/site/raise/crash")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_plain_view_404_outside_the_api_keeps_djangos_page(client):
    response = client.get("/site/raise/http404")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_django_405_becomes_a_problem_with_allow(client):
    response = client.get("/api/test/post-only")
    assert_problem(response, "invalid-http-method")
    assert response["Allow"] == "POST"


def test_html_400_becomes_a_problem(client):
    assert_problem(client.get("/api/test/bad"), "bad-request")


def test_views_own_json_errors_are_left_alone(client):
    response = client.get("/api/test/json-error")
    assert response.status_code == 400
    assert response.json() == {"error": "mine"}


def test_csrf_failure_is_a_403_problem_under_the_api(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/test/post-only", {"a": "b"})
    body = assert_problem(response, "forbidden")
    assert body["detail"].startswith("CSRF verification failed")


def test_csrf_failure_outside_the_api_is_djangos_page(rf: RequestFactory):
    request = rf.post("/site/page")
    response = error_views.csrf_failure(request, reason="CSRF cookie not set.")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


def test_csrf_failure_through_the_middleware(db, settings):
    settings.CSRF_FAILURE_VIEW = "django_problems.error_views.csrf_failure"
    request = RequestFactory().post("/api/test/post-only")
    middleware = CsrfViewMiddleware(lambda r: HttpResponse())
    response = middleware.process_view(request, lambda r: HttpResponse(), (), {})
    assert response is not None
    assert_problem(response, "forbidden")


@pytest.mark.parametrize(
    ("view", "args", "api_slug", "status"),
    [
        (error_views.bad_request, (Exception(),), "bad-request", 400),
        (error_views.permission_denied, (Exception(),), "forbidden", 403),
        (error_views.page_not_found, (Resolver404(),), "not-found", 404),
        (error_views.server_error, (), "internal-platform-error", 500),
    ],
)
def test_error_views_answer_problems_only_for_api_paths(rf, view, args, api_slug, status):
    assert_problem(view(rf.get("/api/x"), *args), api_slug)
    site = view(rf.get("/site/x"), *args)
    assert site.status_code == status
    assert site["Content-Type"].startswith("text/html")


def test_page_not_found_does_not_echo_resolver_details(rf):
    response = error_views.page_not_found(rf.get("/api/x"), Resolver404({"tried": [], "path": "x"}))
    assert_problem(response, "not-found", detail="No resource was found at this URL.")


def test_api_prefixes_setting_decides(client, settings):
    settings.PROBLEMS = {**settings.PROBLEMS, "API_PREFIXES": ["/site/"]}
    assert_problem(client.get("/site/not-here"), "not-found")
    response = client.get("/api/test/plain/http404")
    assert response["Content-Type"].startswith("text/html")


def test_head_gets_status_and_headers_without_body(client):
    response = client.head("/api/nothing-here")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.content == b""
