"""Fixtures of the example suite (``tests.example.settings``): users, their API clients, rows of
the example project, and the ``world`` the problem scenarios run in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings

if settings.SETTINGS_MODULE != "tests.example.settings":
    raise pytest.UsageError(
        f"tests/example runs with --ds=tests.example.settings, not {settings.SETTINGS_MODULE}"
    )

from django.contrib.auth.models import User
from django.utils import timezone

from django_problems.api_keys.keys import header_meta_key
from django_problems.api_keys.models import ApiKey
from example_project.workers.models import Offer, Worker
from tests.clients import VersionedClient
from tests.example.scenarios import World
from tests.example.server import SERVERS


@pytest.fixture(params=SERVERS)
def http_server(request: pytest.FixtureRequest) -> str:
    """The real server a server-level test runs the example under: each such test runs once
    under gunicorn (WSGI) and once under uvicorn (ASGI), ids ``gunicorn`` and ``uvicorn``."""
    server: str = request.param
    return server


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


@pytest.fixture
def world(user, other_user, client_for, worker, foreign_worker) -> World:
    admin = User.objects.create_user("boss", is_staff=True)
    now = timezone.now()
    offer = Offer.objects.create(
        owner=user, title="Bar shift", start=now, end=now + timedelta(hours=4), complete=True
    )
    offer.workers.add(worker)
    return World(
        anon=VersionedClient(raise_request_exception=False),
        api=client_for(user),
        admin=client_for(admin, raise_request_exception=False),
        worker=worker,
        foreign_worker=foreign_worker,
        complete_offer=offer,
    )
