"""The HTTPS check: with ``DEBUG`` off the API must be behind ``SECURE_SSL_REDIRECT``."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.checks import Tags, run_checks

from django_problems.ops_checks import SECURITY_MIDDLEWARE, check_https
from tests.conftest import VersionedClient


@pytest.fixture
def production(settings: Any) -> Any:
    """``DEBUG`` off, no HTTPS redirect: what the check is about."""
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_REDIRECT_EXEMPT = []
    return settings


def ids() -> list[str]:
    return [m.id or "" for m in check_https()]


def test_no_redirect_with_debug_off_is_reported(production: Any) -> None:
    messages = check_https()
    assert [m.id for m in messages] == ["django_problems.W111"]
    assert "SECURE_SSL_REDIRECT = True" in (messages[0].hint or "")
    assert "SECURE_PROXY_SSL_HEADER" in (messages[0].hint or "")


def test_debug_on_is_not_reported(production: Any) -> None:
    production.DEBUG = True
    assert ids() == []


def test_redirect_with_security_middleware_passes(production: Any) -> None:
    production.SECURE_SSL_REDIRECT = True
    assert ids() == []


def test_redirect_without_security_middleware_is_reported(production: Any) -> None:
    production.SECURE_SSL_REDIRECT = True
    production.MIDDLEWARE = [m for m in production.MIDDLEWARE if m != SECURITY_MIDDLEWARE]
    assert ids() == ["django_problems.W112"]


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        ([r"^api/"], ["django_problems.W113"]),
        ([r"^health$", r"api"], ["django_problems.W113"]),
        ([r"^api/health$"], []),
        ([r"^health$"], []),
        ([r"(unclosed"], []),
    ],
)
def test_api_exempt_from_the_redirect_is_reported(
    production: Any, patterns: list[str], expected: list[str]
) -> None:
    production.SECURE_SSL_REDIRECT = True
    production.SECURE_REDIRECT_EXEMPT = patterns
    assert ids() == expected


def test_the_check_runs_under_the_security_tag(production: Any) -> None:
    found = [m.id for m in run_checks(tags=[Tags.security]) if m.id == "django_problems.W111"]
    assert found == ["django_problems.W111"]


def test_with_the_redirect_plain_http_api_requests_get_301(
    production: Any, api: VersionedClient
) -> None:
    """What the check asks for really works: SecurityMiddleware redirects before anything else."""
    production.SECURE_SSL_REDIRECT = True
    plain = api.get("/api/workers")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/api/workers?api-version=1.0"
    assert api.get("/api/workers", secure=True).status_code == 200
