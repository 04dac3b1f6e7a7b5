"""Fixtures of the library suite (``tests.library.settings``): users, their API clients, workers
of the test app."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User

if settings.SETTINGS_MODULE != "tests.library.settings":
    raise pytest.UsageError(
        f"tests/library runs with --ds=tests.library.settings, not {settings.SETTINGS_MODULE}"
    )

from django_problems.api_keys.keys import header_meta_key
from django_problems.api_keys.models import ApiKey
from tests.clients import VersionedClient
from tests.library.app.models import Worker


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
