"""Traceable problems: the trace id of OpenTelemetry's active span or of the W3C traceparent
header, in the ``trace_id`` member and the log record."""

from __future__ import annotations

import logging
import subprocess
import sys
from typing import Any

import pytest

from django_problems import tracing
from django_problems.testing import assert_problem
from tests.clients import VersionedClient

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = "00f067aa0ba902b7"
HEADER = f"00-{TRACE}-{PARENT}-01"


@pytest.fixture
def anon(db: Any) -> VersionedClient:
    return VersionedClient(raise_request_exception=False)


def test_a_traceparent_header_gives_the_trace_id(anon):
    response = anon.get("/api/test/raise/http404", HTTP_TRACEPARENT=HEADER)
    assert_problem(response, "not-found", trace_id=TRACE)


def test_a_server_error_carries_it_too_and_its_log_record(anon, caplog):
    with caplog.at_level(logging.INFO, logger="django_problems"):
        response = anon.get("/api/test/raise/crash", HTTP_TRACEPARENT=HEADER)
    body = assert_problem(response, "internal-platform-error", trace_id=TRACE)
    [record] = [r for r in caplog.records if r.name == "django_problems"]
    assert record.trace_id == TRACE
    assert f"(instance {body['instance']}, trace {TRACE})" in record.getMessage()


def test_problems_the_middleware_answers_carry_it(anon):
    response = anon.get("/api/nowhere", HTTP_TRACEPARENT=HEADER)
    assert_problem(response, "not-found", trace_id=TRACE)


def test_without_a_trace_there_is_no_member_and_the_record_says_none(anon, caplog):
    with caplog.at_level(logging.INFO, logger="django_problems"):
        body = assert_problem(anon.get("/api/test/raise/http404"), "not-found")
    assert "trace_id" not in body
    [record] = [r for r in caplog.records if r.name == "django_problems"]
    assert record.trace_id is None
    assert "trace" not in record.getMessage()


@pytest.mark.parametrize(
    "header",
    [
        f"ff-{TRACE}-{PARENT}-01",  # version ff is invalid
        f"00-{'0' * 32}-{PARENT}-01",  # all-zero trace id
        f"00-{TRACE}-{'0' * 16}-01",  # all-zero parent id
        f"00-{TRACE.upper()}-{PARENT}-01",  # upper-case hex
        f"00-{TRACE}-{PARENT}-01-extra",  # version 00 has nothing after the flags
        f"00-{TRACE[:-1]}-{PARENT}-01",  # short
        "garbage",
        "",
        f"00-{TRACE}-{PARENT}-01" + "x" * 600,
    ],
)
def test_an_invalid_traceparent_is_ignored(anon, header):
    body = assert_problem(anon.get("/api/test/raise/http404", HTTP_TRACEPARENT=header), "not-found")
    assert "trace_id" not in body


def test_a_later_version_may_carry_more_fields():
    assert tracing.traceparent_trace_id(f"01-{TRACE}-{PARENT}-01-more") == TRACE


def test_the_setting_turns_it_off(anon, settings):
    settings.PROBLEMS = {**settings.PROBLEMS, "TRACE_ID": False}
    body = assert_problem(anon.get("/api/test/raise/http404", HTTP_TRACEPARENT=HEADER), "not-found")
    assert "trace_id" not in body


def test_opentelemetry_s_active_span_wins(anon):
    trace = pytest.importorskip("opentelemetry.trace", reason="the otel extra")
    sdk = pytest.importorskip("opentelemetry.sdk.trace", reason="opentelemetry-sdk")
    tracer = sdk.TracerProvider().get_tracer("tests")
    with tracer.start_as_current_span("request") as span:
        response = anon.get("/api/test/raise/http404", HTTP_TRACEPARENT=HEADER)
        expected = format(span.get_span_context().trace_id, "032x")
    assert expected != TRACE
    assert_problem(response, "not-found", trace_id=expected)
    assert trace.get_current_span().get_span_context().is_valid is False  # span ended


def test_opentelemetry_is_never_imported_by_the_package():
    """Installed but not used by the project: rendering a problem does not import it (a span
    can only be active once the project imported OpenTelemetry)."""
    code = (
        "import sys\n"
        "import django\n"
        "from django.conf import settings\n"
        "settings.configure(INSTALLED_APPS=['django_problems'], USE_I18N=False,\n"
        "                   ROOT_URLCONF='django_problems.urls')\n"
        "django.setup()\n"
        "from django.test import RequestFactory\n"
        "from django_problems.problem import Problem\n"
        "from django_problems.writer import render\n"
        f"request = RequestFactory().get('/', HTTP_TRACEPARENT='{HEADER}')\n"
        "response = render(Problem.of_slug('not-found'), request)\n"
        f"assert response.data['trace_id'] == '{TRACE}', response.data\n"
        "assert not [m for m in sys.modules if m.startswith('opentelemetry')]\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.stdout.strip() == "ok", result.stderr
