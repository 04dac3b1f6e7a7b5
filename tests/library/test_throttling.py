"""Throttling: the test app's ``invite`` action (scope ``invitations``, 3/minute) answers 429."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.utils import translation

from django_problems.testing import assert_problem
from tests.clients import VersionedClient
from tests.library.app.models import Worker
from tests.services import redis_url, require_extra

RATE = 3


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)], autouse=True)
def backend(request: Any, settings: Any) -> Iterator[dict[str, Any]]:
    """The throttle counters on local memory, then on Redis, isolated by a fresh key prefix."""
    prefix = f"test-throttle-{uuid.uuid4().hex}"
    if request.param == "redis":
        config = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": prefix,
        }
    else:
        config = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": prefix}
    settings.CACHES = {**settings.CACHES, "default": config}
    cache = caches["default"]  # kept: a test may replace CACHES again
    yield config
    if request.param == "redis":
        for key in redis_keys(prefix, cache):
            cache._cache.get_client().delete(key)  # type: ignore[attr-defined]


def redis_keys(prefix: str, cache: Any = None) -> list[bytes]:
    """The raw Redis keys under a cache ``KEY_PREFIX``."""
    client = (cache or caches["default"])._cache.get_client()  # type: ignore[union-attr]
    return list(client.scan_iter(f"{prefix}:*"))


def invite(client: VersionedClient, worker: Worker) -> Any:
    return client.post(f"/api/workers/{worker.pk}/invite")


def test_fourth_invitation_in_a_minute_is_too_many_requests(
    api: VersionedClient, worker: Worker, backend: dict[str, Any]
) -> None:
    for _ in range(RATE):
        response = invite(api, worker)
        assert response.status_code == 202
        assert response.json() == {"invited": "ada@example.com"}
    response = invite(api, worker)
    body = assert_problem(response, "too-many-requests", status=429)
    wait = int(response["Retry-After"])
    assert 59 <= wait <= 60
    assert re.fullmatch(
        r"Request was throttled\. Expected available in \d+ seconds?\.", body["detail"]
    )
    assert str(wait) in body["detail"]
    if "KEY_PREFIX" in backend:  # the counters really live in Redis
        assert [k for k in redis_keys(backend["KEY_PREFIX"]) if b"throttle_invitations" in k]


def test_throttled_problem_keeps_the_version_headers(api: VersionedClient, worker: Worker) -> None:
    for _ in range(RATE):
        invite(api, worker)
    response = invite(api, worker)
    assert_problem(response, "too-many-requests")
    assert response["api-supported-versions"] == "1.1"
    assert response["Deprecation"].startswith("@")


def test_the_limit_is_per_user(
    api: VersionedClient, worker: Worker, other_user: User, client_for: Any
) -> None:
    for _ in range(RATE + 1):
        invite(api, worker)
    other = client_for(other_user)
    theirs = Worker.objects.create(owner=other_user, name="Grace", email="grace@example.com")
    assert invite(other, theirs).status_code == 202


def test_other_actions_are_not_throttled(api: VersionedClient, worker: Worker) -> None:
    for _ in range(RATE + 1):
        invite(api, worker)
    for _ in range(RATE + 2):
        assert api.get(f"/api/workers/{worker.pk}").status_code == 200


def test_throttled_problem_is_translated(api: VersionedClient, worker: Worker) -> None:
    for _ in range(RATE):
        invite(api, worker)
    response = api.post(f"/api/workers/{worker.pk}/invite", HTTP_ACCEPT_LANGUAGE="fr")
    with translation.override("fr"):
        body = assert_problem(response, "too-many-requests")
    assert body["title"] == "Trop de requêtes"
    assert body["detail"].startswith("Requête ralentie.")
    assert response["Content-Language"] == "fr"


def test_unauthenticated_invitation_is_401_not_429(anon: VersionedClient, worker: Worker) -> None:
    for _ in range(RATE + 1):
        response = invite(anon, worker)
    assert_problem(response, "unauthorised")


def test_throttle_store_down_is_service_unavailable(
    api: VersionedClient, worker: Worker, settings: Any
) -> None:
    require_extra("redis", "redis")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        },
    }
    response = invite(api, worker)
    assert_problem(response, "service-temporarily-unavailable", status=503)
    assert response["Retry-After"] == "30"
