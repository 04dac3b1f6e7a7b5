"""System checks of PROBLEMS["SIGNATURES"]: E130-E133 and W130 (the per-process nonce cache)."""

from __future__ import annotations

from typing import Any

import pytest

from django_problems.auth_checks import check_signatures

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:6379/15",
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
def test_a_per_process_nonce_cache_warns_with_debug_off(settings: Any, backend: str) -> None:
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "/tmp/x"}}
    configure(settings, CACHE="default")
    messages = check_signatures()
    assert [m.id for m in messages] == ["django_problems.W130"]
    assert "RedisCache" in (messages[0].hint or "")


def test_a_per_process_nonce_cache_is_fine_in_debug(settings: Any) -> None:
    settings.DEBUG = True
    settings.CACHES = {"default": LOCMEM}
    configure(settings)
    assert ids() == []


def test_a_shared_nonce_cache_passes(settings: Any) -> None:
    settings.DEBUG = False
    settings.CACHES = {"default": LOCMEM, "nonces": REDIS}
    configure(settings, CACHE="nonces", WINDOW=120)
    assert ids() == []


def test_nothing_is_checked_when_signatures_are_not_configured(settings: Any) -> None:
    settings.DEBUG = False
    settings.CACHES = {"default": LOCMEM}
    settings.PROBLEMS = {k: v for k, v in settings.PROBLEMS.items() if k != "SIGNATURES"}
    assert ids() == []
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "django_problems.signatures.authentication.SignedRequestAuthentication"
        ],
    }
    assert ids() == ["django_problems.W130"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"CACHE": "nonces"}, "django_problems.E131"),
        ({"CACHE": 3}, "django_problems.E131"),
        ({"WINDOW": 0}, "django_problems.E132"),
        ({"WINDOW": "300"}, "django_problems.E132"),
        ({"WINDOW": True}, "django_problems.E132"),
        ({"WINDOWS": 300}, "django_problems.E130"),
    ],
)
def test_bad_values_are_errors(settings: Any, values: dict[str, Any], expected: str) -> None:
    settings.DEBUG = True
    configure(settings, **values)
    messages = check_signatures()
    assert [m.id for m in messages] == [expected]
    assert messages[0].hint


def test_section_must_be_a_dict(settings: Any) -> None:
    settings.DEBUG = True
    settings.PROBLEMS = {**settings.PROBLEMS, "SIGNATURES": "redis"}
    assert ids() == ["django_problems.E130"]


def test_missing_cryptography_is_an_error(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    settings.DEBUG = True
    configure(settings)
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "cryptography" else real(name, *a),
    )
    assert ids() == ["django_problems.E133"]
