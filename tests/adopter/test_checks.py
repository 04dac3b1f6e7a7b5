"""Point 7: ``manage.py check --deploy`` has nothing to say about this project's django-problems
set-up, and nothing about API keys (that app is not installed)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.checks import Warning, run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

# What production adds to the test settings: Django's own deploy checks are satisfied, and the
# maintenance switch lives in a cache every worker shares, with the timeouts operations.md gives.
PRODUCTION = {
    "DEBUG": False,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "CACHES": {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://redis.internal:6379/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    },
}


LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


def _ours(messages: list[Any]) -> list[str]:
    return [f"{m.id}: {m.msg}" for m in messages if str(m.id).startswith("django_problems.")]


def test_check_deploy_fail_level_warning_passes_in_production(db: Any) -> None:
    stdout, stderr = io.StringIO(), io.StringIO()
    with override_settings(**PRODUCTION):
        call_command("check", deploy=True, fail_level="WARNING", stdout=stdout, stderr=stderr)

    assert "no issues" in stdout.getvalue()
    assert "django_problems" not in stderr.getvalue()


def test_check_deploy_reports_nothing_from_django_problems(db: Any) -> None:
    with override_settings(**PRODUCTION):
        messages = run_checks(include_deployment_checks=True)

    assert _ours(messages) == []


def test_check_reports_nothing_from_django_problems_with_the_test_settings(db: Any) -> None:
    assert _ours(run_checks()) == []


def test_no_api_key_checks_without_the_app(db: Any) -> None:
    with override_settings(**PRODUCTION):
        messages = run_checks(include_deployment_checks=True)

    text = " ".join(f"{m.id} {m.msg} {m.hint}" for m in messages)
    assert "API_KEYS" not in text
    assert "PEPPER" not in text
    api_key_ids = ("django_problems.W14", "django_problems.E14")
    assert [m.id for m in messages if str(m.id).startswith(api_key_ids)] == []


def test_a_per_process_maintenance_cache_is_the_one_deploy_warning(db: Any) -> None:
    # The test settings' local-memory cache is what --deploy flags: the checks above are live.
    per_process = {**PRODUCTION, "CACHES": {"default": {"BACKEND": LOCMEM}}}
    with override_settings(**per_process):
        messages = run_checks(include_deployment_checks=True)

    assert [m.id for m in messages if isinstance(m, Warning)] == ["django_problems.W121"]
    with (
        override_settings(**per_process),
        pytest.raises(SystemCheckError, match=r"django_problems\.W121"),
    ):
        call_command("check", deploy=True, fail_level="WARNING", stderr=io.StringIO())


def test_a_redis_switch_without_timeouts_is_the_one_deploy_warning(db: Any) -> None:
    cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://r:6379"}
    with override_settings(**{**PRODUCTION, "CACHES": {"default": cache}}):
        messages = run_checks(include_deployment_checks=True)

    assert [m.id for m in messages if isinstance(m, Warning)] == ["django_problems.W123"]
