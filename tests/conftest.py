"""Shared fixtures: users, credentials and API clients of the example project."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.utils import translation
from rest_framework.test import APIClient

from django_problems.api_keys.keys import header_meta_key
from django_problems.api_keys.models import ApiKey
from example_project.workers.models import Worker

API_VERSION = "1.0"
"""The example API's current version: test clients add it to every /api/ request."""


class VersionedClient(APIClient):
    """An ``APIClient`` that adds ``api-version`` to /api/ requests that do not carry one.

    Pass ``versioned=False`` to send requests exactly as given (versioning tests do).
    """

    def __init__(self, *args: Any, versioned: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.versioned = versioned

    def generic(self, method: str, path: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        # APIClient.get() moves the path's query (or ``data``) into QUERY_STRING, which then wins.
        query = kwargs.get("QUERY_STRING")
        if self.versioned and path.startswith("/api/") and query:
            if "api-version=" not in query:
                kwargs["QUERY_STRING"] = f"{query}&api-version={API_VERSION}"
        elif self.versioned and path.startswith("/api/") and "api-version=" not in path:
            path += ("&" if "?" in path else "?") + f"api-version={API_VERSION}"
        return super().generic(method, path, *args, **kwargs)


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """A request's language (LocaleMiddleware leaves it active) never leaks into the next test."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_caches() -> Any:
    """Throttle counters, nonces and the maintenance flag never leak from one test to the next."""
    yield
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def anon(db: Any) -> VersionedClient:
    """An unauthenticated API client (adds ``api-version``)."""
    return VersionedClient()


@pytest.fixture
def user(db: Any) -> User:
    return User.objects.create_user("demo", password="demo")


@pytest.fixture
def other_user(db: Any) -> User:
    return User.objects.create_user("other", password="other")


@pytest.fixture
def client_for(db: Any) -> Any:
    """A factory: an ``APIClient`` authenticated as the given user (with a new API key)."""

    def make(user: User, **kwargs: Any) -> VersionedClient:
        client = VersionedClient(**kwargs)
        _key, plaintext = ApiKey.objects.create_key(user, "tests")
        client.credentials(**{header_meta_key(): plaintext})
        return client

    return make


@pytest.fixture
def api(user: User, client_for: Any) -> VersionedClient:
    """An API client authenticated as ``demo`` (adds ``api-version``)."""
    client: VersionedClient = client_for(user)
    return client


@pytest.fixture
def worker(user: User) -> Worker:
    return Worker.objects.create(owner=user, name="Ada", email="ada@example.com")


@pytest.fixture
def foreign_worker(other_user: User) -> Worker:
    return Worker.objects.create(owner=other_user, name="Linus", email="linus@example.com")
