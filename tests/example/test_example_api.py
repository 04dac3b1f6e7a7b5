"""The example API takes API keys: in the X-Api-Key header everywhere, and as ``access_token`` on
the availability feed only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from django_problems.api_keys.models import ApiKey
from django_problems.testing import assert_problem
from tests.clients import VersionedClient


@pytest.fixture
def key_pair(user: User) -> tuple[ApiKey, str]:
    return ApiKey.objects.create_key(user, "laptop")


def swap_secret(plaintext: str) -> str:
    head, _, secret = plaintext.partition(".")
    other = "A" if secret[0] != "A" else "B"
    return f"{head}.{other}{secret[1:]}"


def test_example_api_authenticates_with_keys(
    anon: VersionedClient, key_pair: tuple[ApiKey, str]
) -> None:
    response = anon.get("/api/workers", headers={"X-Api-Key": key_pair[1]})
    assert response.status_code == 200
    assert_problem(anon.get("/api/workers"), "unauthorised")


def test_the_example_feed_takes_an_access_token(
    anon: VersionedClient, key_pair: tuple[ApiKey, str]
) -> None:
    url = "/api/availability/feed?start=2030-01-01T00:00:00Z&end=2030-01-02T00:00:00Z"
    assert anon.get(f"{url}&access_token={key_pair[1]}").status_code == 200
    assert_problem(anon.get(url), "no-token")
    assert_problem(anon.get(f"{url}&access_token={swap_secret(key_pair[1])}"), "invalid-token")
    header_only = anon.get(url, headers={"X-Api-Key": key_pair[1]})
    assert_problem(header_only, "no-token")
