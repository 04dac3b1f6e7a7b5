"""System checks of PROBLEMS["SIGNATURES"]: E160-E166 and the deploy warning W160."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.checks import run_checks

from django_problems.signatures.checks import check_nonce_cache, check_signatures
from tests.services import require_extra

# Without cryptography every check of this app also reports E165 (test_checks covers that).
require_extra("cryptography", "signatures")

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:6379/15",
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
}


def ids() -> list[str]:
    return [m.id or "" for m in check_signatures()]


def configure(settings: Any, **signatures: Any) -> None:
    settings.PROBLEMS = {**settings.PROBLEMS, "SIGNATURES": signatures}


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.dummy.DummyCache",
    ],
)
def test_a_per_process_nonce_cache_is_a_deploy_warning(settings: Any, backend: str) -> None:
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": backend, "LOCATION": "/tmp/x"}}
    configure(settings, CACHE="default")
    messages = check_nonce_cache()
    assert [m.id for m in messages] == ["django_problems.W160"]
    assert "RedisCache" in (messages[0].hint or "")
    assert "django_problems.W160" not in [m.id for m in run_checks()]
    assert "django_problems.W160" in [m.id for m in run_checks(include_deployment_checks=True)]


def test_a_shared_nonce_cache_passes(settings: Any) -> None:
    settings.CACHES = {**settings.CACHES, "default": LOCMEM, "nonces": REDIS}
    configure(settings, CACHE="nonces", WINDOW=120)
    assert ids() == []
    assert check_nonce_cache() == []


@pytest.mark.parametrize(
    ("options", "missing"),
    [
        ({}, "socket_connect_timeout or socket_timeout"),
        ({"socket_connect_timeout": 0.5}, "socket_timeout"),
        ({"socket_timeout": 0.5, "socket_connect_timeout": None}, "socket_connect_timeout"),
    ],
)
def test_a_redis_nonce_cache_without_timeouts_is_a_deploy_warning(
    settings: Any, options: dict[str, Any], missing: str
) -> None:
    settings.CACHES = {**settings.CACHES, "nonces": {**REDIS, "OPTIONS": options}}
    configure(settings, CACHE="nonces")
    messages = check_nonce_cache()
    assert [m.id for m in messages] == ["django_problems.W161"]
    assert f"has no {missing}:" in messages[0].msg
    assert "'socket_connect_timeout': 0.5, 'socket_timeout': 0.5" in (messages[0].hint or "")
    assert "django_problems.W161" not in [m.id for m in run_checks()]
    assert "django_problems.W161" in [m.id for m in run_checks(include_deployment_checks=True)]


def test_django_redis_timeouts_are_read_under_their_own_names(settings: Any) -> None:
    backend = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1"}
    settings.CACHES = {**settings.CACHES, "nonces": backend}
    configure(settings, CACHE="nonces")
    assert [m.id for m in check_nonce_cache()] == ["django_problems.W161"]
    options = {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
    settings.CACHES = {**settings.CACHES, "nonces": {**backend, "OPTIONS": options}}
    assert check_nonce_cache() == []


def test_nothing_is_checked_when_the_app_is_not_installed(settings: Any) -> None:
    settings.CACHES = {**settings.CACHES, "default": LOCMEM}
    settings.INSTALLED_APPS = [
        a for a in settings.INSTALLED_APPS if a != "django_problems.signatures"
    ]
    configure(settings, WINDOW=0)
    assert ids() == []
    assert check_nonce_cache() == []


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"CACHE": "nonces"}, "django_problems.E162"),
        ({"CACHE": 3}, "django_problems.E162"),
        ({"WINDOW": 0}, "django_problems.E163"),
        ({"WINDOW": "300"}, "django_problems.E163"),
        ({"WINDOW": True}, "django_problems.E163"),
        ({"NONCE_KEY_PREFIX": 7}, "django_problems.E164"),
        ({"WINDOWS": 300}, "django_problems.E161"),
    ],
)
def test_bad_values_are_errors(settings: Any, values: dict[str, Any], expected: str) -> None:
    configure(settings, **values)
    messages = check_signatures()
    assert [m.id for m in messages] == [expected]
    assert messages[0].hint


def test_section_must_be_a_dict(settings: Any) -> None:
    settings.PROBLEMS = {**settings.PROBLEMS, "SIGNATURES": "redis"}
    assert ids() == ["django_problems.E160"]


def test_missing_cryptography_is_an_error(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    configure(settings)
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "cryptography" else real(name, *a),
    )
    assert ids() == ["django_problems.E165"]


def test_signatures_without_api_keys_is_an_error(settings: Any) -> None:
    settings.INSTALLED_APPS = [
        a for a in settings.INSTALLED_APPS if a != "django_problems.api_keys"
    ]
    assert ids() == ["django_problems.E166"]
