"""Django's error reports (AdminEmailHandler, the technical 500 page) show no credential of an
API request: key header (whatever its name), Authorization, Signature, Signature-Input, access
token (``django_problems.api_keys.reports``), and the deploy check W141 that asks for them."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from typing import Any

import django
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.checks import run_checks
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils.log import AdminEmailHandler
from django.views import debug
from rest_framework.request import Request

from django_problems.api_keys.reports import (
    SUBSTITUTE,
    ApiKeyExceptionReporter,
    ApiKeyReporterFilter,
    check_error_reports,
    request_secrets,
    safe_query_string,
    sweep,
)

KEY = "demo_0123456789abcdef.kq3J6mRsecretsecretsecretsecretsecret0123"
TOKEN = "demo_fedcba9876543210.tokensecrettokensecrettokensecret01234567"
BEARER = "eyJhbGciOiJIUzI1NiJ9.payloadpayload.signaturesignature"
SIGNATURE = "sig1=:dGhpcyBpcyBhIHNpZ25hdHVyZSBvZiA2NCBieXRlcyBleGFjdGx5IQ==:"
SIGNATURE_INPUT = 'sig1=("@method" "@target-uri");created=1700000000;keyid="0123456789abcdef"'
SECRETS = [KEY, KEY.partition(".")[2], TOKEN, TOKEN.partition(".")[2], BEARER, SIGNATURE]
FILTER = "django_problems.api_keys.reports.ApiKeyReporterFilter"
REPORTER = "django_problems.api_keys.reports.ApiKeyExceptionReporter"


@pytest.fixture
def custom_header(settings: Any) -> str:
    """A key header Django's own filter does not recognise by its name."""
    settings.PROBLEMS = {
        **settings.PROBLEMS,
        "API_KEYS": {**settings.PROBLEMS["API_KEYS"], "HEADER": "X-Partner-Credential"},
    }
    return "HTTP_X_PARTNER_CREDENTIAL"


@pytest.fixture
def ours(settings: Any) -> Iterator[None]:
    """The project set both settings (Django caches its filter: cleared around the test)."""
    settings.DEFAULT_EXCEPTION_REPORTER_FILTER = FILTER
    settings.DEFAULT_EXCEPTION_REPORTER = REPORTER
    debug.get_default_exception_reporter_filter.cache_clear()  # type: ignore[attr-defined]
    yield
    debug.get_default_exception_reporter_filter.cache_clear()  # type: ignore[attr-defined]


def _request(meta_key: str = "HTTP_X_API_KEY") -> HttpRequest:
    meta: dict[str, Any] = {meta_key: KEY, "HTTP_SIGNATURE_INPUT": SIGNATURE_INPUT}
    request = RequestFactory().get(
        "/api/workers",
        {"access_token": TOKEN, "api-version": "1.0", "page": "2"},
        headers={"Authorization": f"Bearer {BEARER}", "Signature": SIGNATURE},
        **meta,
    )
    request.user = AnonymousUser()
    return request


def _failing_lookup(request: Request, plaintext: str) -> None:
    header_value = plaintext  # a local holding the key, as an authentication class would
    secret = plaintext.partition(".")[2]
    raise RuntimeError(f"key lookup failed for {header_value} ({len(secret)} characters)")


def _exc_info(request: HttpRequest) -> Any:
    try:
        _failing_lookup(Request(request), request.META.get("HTTP_X_API_KEY") or KEY)
    except RuntimeError:
        return sys.exc_info()
    raise AssertionError("unreachable")


def _reports(request: HttpRequest) -> dict[str, str]:
    """The text and HTML report of the settings' reporter class, as Django builds them."""
    reporter_class: Any = debug.get_exception_reporter_class(request)
    reporter = reporter_class(request, *_exc_info(request))
    return {"text": reporter.get_traceback_text(), "html": reporter.get_traceback_html()}


def _leaks(report: str) -> list[str]:
    return [secret for secret in [*SECRETS, SIGNATURE_INPUT] if secret in report]


def test_django_alone_shows_the_credentials(custom_header: str) -> None:
    """The control: Django's default reporter and filter leak what the next tests hide."""
    for kind, report in _reports(_request(custom_header)).items():
        assert KEY in report, kind  # the custom header, the local variable, the message
        assert TOKEN in report, kind  # request.GET, QUERY_STRING, the request URL


@pytest.mark.usefixtures("ours")
@pytest.mark.parametrize("header", ["default", "custom"])
def test_reports_show_no_credential(request: Any, header: str) -> None:
    meta_key = request.getfixturevalue("custom_header") if header == "custom" else "HTTP_X_API_KEY"
    reports = _reports(_request(meta_key))
    for kind, report in reports.items():
        assert _leaks(report) == [], kind
        assert SUBSTITUTE in report
        assert "/api/workers" in report  # still a useful report
        assert "api-version" in report
        assert "RuntimeError" in report
    text = reports["text"]
    assert f"access_token={SUBSTITUTE}" in text  # the request URL and QUERY_STRING
    assert f"{meta_key} = '{SUBSTITUTE}'" in text
    assert "page = '2'" in text or "page = 2" in text  # other parameters as they were


@pytest.mark.usefixtures("ours")
def test_a_request_in_a_frame_shows_its_path_without_the_token() -> None:
    request = _request()
    cleaned = ApiKeyReporterFilter().cleanse_special_types(request, Request(request))
    assert cleaned == (
        f"<Request: GET '/api/workers?access_token={SUBSTITUTE}&api-version=1.0&page=2'>"
    )
    assert ApiKeyReporterFilter().cleanse_special_types(request, 3) == 3


@pytest.mark.usefixtures("ours")
def test_the_admin_email_shows_no_credential(settings: Any) -> None:
    # Django 6 takes addresses, and deprecates the (name, address) pairs Django 5.2 needs.
    settings.ADMINS = (
        ["ops@example.com"] if django.VERSION >= (6,) else [("Ops", "ops@example.com")]
    )
    request = _request()
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        (request.path,),
        _exc_info(request),
    )
    record.request = request
    record.status_code = 500
    AdminEmailHandler(include_html=True).emit(record)
    [email] = mail.outbox
    assert isinstance(email, EmailMultiAlternatives)
    html = email.alternatives[0][0]
    for part in (email.subject, email.body, html):
        assert _leaks(str(part)) == []
    assert "RuntimeError" in email.body


@pytest.mark.usefixtures("ours")
def test_the_technical_500_page_shows_no_credential(settings: Any) -> None:
    settings.DEBUG = True
    request = _request()
    for accept in ("text/html", "text/plain"):
        request.META["HTTP_ACCEPT"] = accept
        response = debug.technical_500_response(request, *_exc_info(request))
        assert response.status_code == 500
        assert _leaks(response.content.decode()) == [], accept


def test_the_reporter_alone_hides_the_query_and_sweeps_the_rest(settings: Any) -> None:
    """With Django's filter, the reporter still hides request.GET and every long value."""
    settings.DEFAULT_EXCEPTION_REPORTER = REPORTER
    request = _request()
    reports = _reports(request)
    assert all(_leaks(report) == [] for report in reports.values())


@pytest.mark.parametrize(
    ("query", "safe"),
    [
        ("", ""),
        ("access_token=abc", f"access_token={SUBSTITUTE}"),
        ("a=1&access%5Ftoken=abc&b=2", f"a=1&access%5Ftoken={SUBSTITUTE}&b=2"),
        ("access_token", f"access_token={SUBSTITUTE}"),
        ("access_token=x&access_token=y", f"access_token={SUBSTITUTE}&access_token={SUBSTITUTE}"),
        ("token=abc&key=1", "token=abc&key=1"),
    ],
)
def test_safe_query_string(query: str, safe: str) -> None:
    assert safe_query_string(query) == safe


def test_the_configured_parameter_is_hidden_too(settings: Any) -> None:
    settings.PROBLEMS = {
        **settings.PROBLEMS,
        "API_KEYS": {**settings.PROBLEMS["API_KEYS"], "ACCESS_TOKEN_PARAM": "key"},
    }
    assert (
        safe_query_string("key=abc&access_token=d") == f"key={SUBSTITUTE}&access_token={SUBSTITUTE}"
    )


def test_a_bad_setting_does_not_break_a_report(settings: Any) -> None:
    settings.PROBLEMS = {**settings.PROBLEMS, "API_KEYS": {"HEADER": "X Bad", "PREFIX": 3}}
    request = _request("HTTP_X_API_KEY")
    assert KEY in request_secrets(request)
    settings.PROBLEMS = {**settings.PROBLEMS, "API_KEYS": "nonsense"}
    assert KEY in request_secrets(request)


def test_short_values_are_hidden_in_place_but_not_swept() -> None:
    request = RequestFactory().get("/api/x", {"access_token": "e"}, HTTP_X_API_KEY="short")
    assert request_secrets(request) == []
    meta = ApiKeyReporterFilter().get_safe_request_meta(request)
    assert meta["HTTP_X_API_KEY"] == SUBSTITUTE
    assert meta["QUERY_STRING"] == f"access_token={SUBSTITUTE}"
    assert sweep("every e stays", request_secrets(request)) == "every e stays"


def test_sweep_replaces_raw_html_and_url_forms() -> None:
    secret = 'a"b<c>d&e+f/g h'
    text = f"{secret} | a&quot;b&lt;c&gt;d&amp;e+f/g h | a%22b%3Cc%3Ed%26e%2Bf%2Fg%20h"
    assert sweep(text, [secret]) == f"{SUBSTITUTE} | {SUBSTITUTE} | {SUBSTITUTE}"


# W141


def test_unfiltered_reports_are_a_deploy_warning(settings: Any) -> None:
    [message] = check_error_reports()
    assert message.id == "django_problems.W141"
    assert "DEFAULT_EXCEPTION_REPORTER_FILTER and DEFAULT_EXCEPTION_REPORTER" in message.msg
    assert FILTER in (message.hint or "") and REPORTER in (message.hint or "")
    assert "django_problems.W141" not in [m.id for m in run_checks()]
    assert "django_problems.W141" in [m.id for m in run_checks(include_deployment_checks=True)]


def test_one_missing_setting_is_named(settings: Any) -> None:
    settings.DEFAULT_EXCEPTION_REPORTER_FILTER = FILTER
    [message] = check_error_reports()
    assert message.msg.startswith("DEFAULT_EXCEPTION_REPORTER can show")
    settings.DEFAULT_EXCEPTION_REPORTER_FILTER = "no.such.Filter"
    settings.DEFAULT_EXCEPTION_REPORTER = REPORTER
    [message] = check_error_reports()
    assert message.msg.startswith("DEFAULT_EXCEPTION_REPORTER_FILTER can show")


def test_our_classes_or_subclasses_pass(settings: Any) -> None:
    class Stricter(ApiKeyExceptionReporter):
        pass

    settings.DEFAULT_EXCEPTION_REPORTER_FILTER = FILTER
    settings.DEFAULT_EXCEPTION_REPORTER = Stricter
    assert check_error_reports() == []


def test_no_warning_without_the_api_keys_app(settings: Any) -> None:
    settings.INSTALLED_APPS = [a for a in settings.INSTALLED_APPS if "api_keys" not in a]
    settings.INSTALLED_APPS = [a for a in settings.INSTALLED_APPS if "signatures" not in a]
    assert check_error_reports() == []


def test_a_value_in_a_frame_is_swept_inside_containers() -> None:
    request = _request()
    value = {"headers": [f"key {KEY}", (TOKEN,)], "n": 1}
    cleaned = ApiKeyReporterFilter().cleanse_special_types(request, value)
    assert cleaned == {"headers": [f"key {SUBSTITUTE}", (SUBSTITUTE,)], "n": 1}
    cookies = RequestFactory().get("/", HTTP_X_API_KEY=KEY)
    cookies.COOKIES = {"last": KEY}
    assert ApiKeyReporterFilter().get_safe_cookies(cookies) == {"last": SUBSTITUTE}


@pytest.mark.usefixtures("ours")
def test_a_report_without_a_request() -> None:
    assert request_secrets(None) == []
    try:
        raise RuntimeError("outside a request")
    except RuntimeError:
        reporter = ApiKeyExceptionReporter(None, *sys.exc_info())
    assert "outside a request" in reporter.get_traceback_text()
