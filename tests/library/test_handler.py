"""The DRF exception handler: every exception a DRF view raises becomes one problem."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest
from django.core.signals import got_request_exception
from django.db import connection
from rest_framework.test import APIClient

from django_problems import writer as writer_module
from django_problems.testing import assert_problem

RAISE = "/api/test/raise/"


@pytest.fixture
def client(db: Any) -> APIClient:
    return APIClient(raise_request_exception=False)


def test_http404_keeps_its_message(client):
    response = client.get(RAISE + "http404")
    assert_problem(response, "not-found", detail="No worker matches the given query.")


def test_permission_denied_keeps_its_message(client):
    response = client.get(RAISE + "permission")
    assert_problem(response, "forbidden", detail="Only the offer's owner may do this.")


@pytest.mark.parametrize("kind", ["suspicious", "disallowed-host"])
def test_suspicious_operation_is_a_400_without_its_message(client, kind, caplog):
    with caplog.at_level(logging.ERROR, logger="django.security"):
        response = client.get(RAISE + kind)
    body = assert_problem(response, "bad-request", status=400)
    assert "evil.example" not in response.content.decode()
    assert body["detail"] == "The request could not be understood."
    assert any("evil.example" in r.getMessage() for r in caplog.records)


def test_request_data_too_big_is_413_with_the_limit(client, settings):
    response = client.get(RAISE + "too-big")
    assert_problem(response, "payload-too-large", max_size=settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def test_django_validation_error_is_mapped_like_drf_errors(client):
    response = client.get(RAISE + "django-validation")
    assert_problem(
        response,
        "invalid-parameters",
        errors={"email": ["Enter a valid email."]},
        codes={"email": ["invalid"]},
    )


def test_integrity_error_is_409_without_sql(client):
    response = client.get(RAISE + "integrity")
    body = assert_problem(response, "resource-crud-failure")
    text = response.content.decode()
    assert "secret_table" not in text and "hunter2" not in text and "INSERT" not in text
    assert "duplicate" in body["detail"]


def test_database_unavailable_is_503_with_retry_after(client, caplog):
    with caplog.at_level(logging.ERROR, logger="django_problems"):
        response = client.get(RAISE + "operational")
    assert_problem(response, "service-temporarily-unavailable")
    assert response["Retry-After"] == "30"
    assert "10.0.0.5" not in response.content.decode()
    assert any(r.exc_info for r in caplog.records)


def test_connection_error_is_503(client):
    response = client.get(RAISE + "connection")
    assert_problem(response, "service-temporarily-unavailable")
    assert "10.0.0.7" not in response.content.decode()


def test_redis_connection_error_is_503(client, monkeypatch):
    redis_exceptions = pytest.importorskip("redis.exceptions")
    from tests.library.app import raising

    monkeypatch.setitem(raising.RAISED, "redis", lambda: redis_exceptions.ConnectionError("down"))
    assert_problem(client.get(RAISE + "redis"), "service-temporarily-unavailable")


def test_project_declared_unavailable_exception_is_503(client, monkeypatch, settings):
    from tests.library.app import raising

    class UpstreamDown(Exception):
        pass

    settings.PROBLEMS = {
        **settings.PROBLEMS,
        "UNAVAILABLE_EXCEPTIONS": [f"{__name__}.UpstreamDown"],
    }
    UpstreamDown.__qualname__ = "UpstreamDown"
    monkeypatch.setitem(raising.RAISED, "upstream", lambda: UpstreamDown("x"))
    assert_problem(client.get(RAISE + "upstream"), "service-temporarily-unavailable")


@pytest.mark.parametrize("debug", [False, True])
def test_unhandled_exception_is_a_generic_500_that_leaks_nothing(client, settings, caplog, debug):
    settings.DEBUG = debug
    signals: list[Any] = []

    def receiver(**kwargs: Any) -> None:
        signals.append(kwargs)

    got_request_exception.connect(receiver)
    try:
        with caplog.at_level(logging.ERROR, logger="django_problems"):
            response = client.get(RAISE + "crash")
    finally:
        got_request_exception.disconnect(receiver)
    body = assert_problem(response, "internal-platform-error")
    # With DEBUG on, only the debug member may name the cause (as Django's debug page does).
    public = json.dumps({name: value for name, value in body.items() if name != "debug"})
    for secret in ("ZeroDivisionError", "secret_table", "/srv/app", "Traceback", "hunter2"):
        assert secret not in public
    assert ("debug" in body) is debug
    assert "Traceback" not in response.content.decode()
    assert len(signals) == 1
    ours = [r for r in caplog.records if r.name == "django_problems"]
    assert len(ours) == 1, "one occurrence, one log record"
    assert ours[0].exc_info is not None and ours[0].exc_info[0] is ZeroDivisionError
    assert body["instance"] in ours[0].getMessage()


def test_unhandled_exception_reaches_the_test_client(db):
    with pytest.raises(ZeroDivisionError):
        APIClient().get(RAISE + "crash")


def test_debug_member_names_the_cause_with_debug_on(client, settings):
    settings.DEBUG = True
    response = client.get(RAISE + "crash")
    body = assert_problem(response, "internal-platform-error")
    debug = body["debug"]
    assert debug["exception"] == "builtins.ZeroDivisionError"
    assert "secret_table" in debug["message"]
    assert re.fullmatch(r"tests/library/app/\w+\.py:\d+ in \w+", debug["location"])
    assert set(debug) == {"exception", "message", "location"}


def test_no_debug_member_with_debug_off_or_when_turned_off(client, settings):
    settings.DEBUG = False
    assert "debug" not in assert_problem(client.get(RAISE + "crash"), "internal-platform-error")
    settings.DEBUG = True
    settings.PROBLEMS = {**settings.PROBLEMS, "DEBUG_MEMBER": False}
    response = client.get(RAISE + "crash")
    assert "debug" not in assert_problem(response, "internal-platform-error")
    assert "secret_table" not in response.content.decode()


def test_status_without_a_type_is_about_blank(client):
    response = client.get(RAISE + "teapot")
    assert_problem(response, None, status=418, detail="I refuse to brew coffee.")
    assert response.json()["title"] == "I'm a Teapot"


def test_raise_problem_carries_detail_and_extensions(client):
    response = client.get(RAISE + "problem")
    assert_problem(
        response,
        "resource-crud-failure",
        detail="Offer 5 is already complete.",
        resource="offers/5",
    )


def test_failure_inside_the_handler_still_gives_a_minimal_problem(client, monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("writer broke")

    monkeypatch.setattr(writer_module, "render", broken)
    response = client.get(RAISE + "http404")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", body.pop("instance"))
    assert body == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "code": "about:blank",
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["integrity", "crash", "operational", "django-validation"])
def test_problem_rolls_back_the_request_transaction(monkeypatch, user, kind):
    from tests.library.app.models import Worker

    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)
    response = APIClient(raise_request_exception=False).get(
        f"/api/test/write-then-raise/{kind}?owner={user.pk}"
    )
    assert response.status_code >= 400
    assert not Worker.objects.filter(email="written@example.com").exists()


class OfferLockedError(Exception):
    """A project exception that names its catalogue type without being a DRF exception."""

    problem_slug = "resource-crud-failure"
    problem_detail = "Offer 7 is locked."
    extensions = {"offer": 7}


def test_any_exception_naming_its_type_becomes_that_problem(client, monkeypatch):
    from tests.library.app import raising

    monkeypatch.setitem(raising.RAISED, "typed", OfferLockedError)
    response = client.get(RAISE + "typed")
    assert_problem(response, "resource-crud-failure", detail="Offer 7 is locked.", offer=7)


def test_an_extension_cannot_replace_the_types_code(client, monkeypatch):
    from django_problems.exceptions import ProblemError
    from tests.library.app import raising

    monkeypatch.setitem(
        raising.RAISED, "recode", lambda: ProblemError("resource-crud-failure", code="E_OVERRIDE")
    )
    body = assert_problem(client.get(RAISE + "recode"), "resource-crud-failure")
    assert body["code"] == "E_API_RESOURCE_CRUD_FAILURE"


def test_typed_auth_failure_follows_drfs_403_coercion(db):
    """With no challenge to offer (session auth first), DRF answers 403: so do we."""
    from django_problems.exceptions import ProblemAuthenticationFailed

    exc = ProblemAuthenticationFailed("expired-account")
    exc.status_code = 403  # what APIView.handle_exception does without a challenge
    from django_problems.classify import get_classifier

    problem = get_classifier().classify(exc, None)
    assert problem.slug == "forbidden"
    assert problem.status == 403
