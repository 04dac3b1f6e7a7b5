"""The example API takes API keys: in the X-Api-Key header everywhere, and as ``access_token`` on
the availability feed only."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from django_problems.api_keys.models import ApiKey
from django_problems.testing import assert_problem
from tests.clients import VersionedClient
from tests.example.scenarios import offer_body


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


def test_long_lists_are_refused_before_their_items_are_validated(
    api: VersionedClient, django_assert_max_num_queries: Any
) -> None:
    """101 availability entries or worker ids: one range error, no per-item work (no query per
    id), a small answer."""
    too_many = [{"start": "x", "end": "y"}] * 101
    body = {"name": "Ada", "email": "ada@example.com", "availability": too_many}
    problem = assert_problem(
        api.post("/api/workers", body, format="json"), "parameters-out-of-range"
    )
    assert problem["errors"] == {
        "availability": ["Ensure this field has no more than 100 elements."]
    }
    assert problem["codes"] == {"availability": ["max_length"]}

    offer = offer_body(list(range(1, 102)))
    with django_assert_max_num_queries(2):  # the key (and its last use); no query per id
        response = api.post("/api/offers", offer, format="json")
    problem = assert_problem(response, "parameters-out-of-range")
    assert problem["errors"] == {"workerIds": ["Ensure this field has no more than 100 elements."]}
