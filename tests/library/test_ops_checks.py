"""The HTTPS check: ``SECURE_REDIRECT_EXEMPT`` must not exempt the API from the redirect.

Django's own deploy checks report a missing ``SECURE_SSL_REDIRECT`` (``security.W008``) and a
missing ``SecurityMiddleware`` (``security.W001``); ours covers what they cannot know: the API.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.checks import Tags, run_checks

from django_problems.checks import check_https_exemptions
from tests.clients import VersionedClient


@pytest.fixture
def production(settings: Any) -> Any:
    """``DEBUG`` off, the HTTPS redirect on: what the check is about."""
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = []
    return settings


def ids() -> list[str]:
    return [m.id or "" for m in check_https_exemptions()]


def test_no_redirect_is_left_to_django_s_own_check(production: Any) -> None:
    production.SECURE_SSL_REDIRECT = False
    assert ids() == []
    found = {m.id for m in run_checks(include_deployment_checks=True, tags=[Tags.security])}
    assert "security.W008" in found


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        ([r"^api/"], ["django_problems.W005"]),
        ([r"^health$", r"api"], ["django_problems.W005"]),
        ([r"^api/health$"], []),
        ([r"^health$"], []),
        ([r"(unclosed"], []),
    ],
)
def test_api_exempt_from_the_redirect_is_reported(
    production: Any, patterns: list[str], expected: list[str]
) -> None:
    production.SECURE_REDIRECT_EXEMPT = patterns
    assert ids() == expected


def test_the_check_is_a_deploy_check_under_the_security_tag(production: Any) -> None:
    production.SECURE_REDIRECT_EXEMPT = [r"^api/"]
    plain = [m.id for m in run_checks(tags=[Tags.security]) if m.id == "django_problems.W005"]
    deploy = run_checks(include_deployment_checks=True, tags=[Tags.security])
    assert plain == []
    assert [m.id for m in deploy if m.id == "django_problems.W005"] == ["django_problems.W005"]


def test_with_the_redirect_plain_http_api_requests_get_301(
    production: Any, api: VersionedClient
) -> None:
    """What the check asks for really works: SecurityMiddleware redirects before anything else."""
    plain = api.get("/api/workers")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/api/workers?api-version=1.0"
    assert api.get("/api/workers", secure=True).status_code == 200
