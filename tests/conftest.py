"""Shared fixtures: users, credentials and API clients of the example project."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from example_project.workers.models import Worker


@pytest.fixture
def user(db: Any) -> User:
    return User.objects.create_user("demo", password="demo")


@pytest.fixture
def other_user(db: Any) -> User:
    return User.objects.create_user("other", password="other")


@pytest.fixture
def client_for(db: Any) -> Any:
    """A factory: an ``APIClient`` authenticated as the given user."""

    def make(user: User, **kwargs: Any) -> APIClient:
        client = APIClient(**kwargs)
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def api(user: User, client_for: Any) -> APIClient:
    """An API client authenticated as ``demo``."""
    client: APIClient = client_for(user)
    return client


@pytest.fixture
def worker(user: User) -> Worker:
    return Worker.objects.create(owner=user, name="Ada", email="ada@example.com")


@pytest.fixture
def foreign_worker(other_user: User) -> Worker:
    return Worker.objects.create(owner=other_user, name="Linus", email="linus@example.com")
