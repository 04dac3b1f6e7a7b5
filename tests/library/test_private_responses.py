"""Responses to requests with a credential are private: a shared cache (a CDN with a default TTL)
must not serve one client's data to another. An API key in ``X-Api-Key`` or in the query string
is a credential no cache recognises; ``Authorization`` (DRF tokens, JWTs) is covered by HTTP's
caching rules, which not every CDN configuration follows, so the response says so too."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from django_problems.api_keys.models import ApiKey
from django_problems.testing import assert_problem
from tests.clients import VersionedClient


def test_a_key_authenticated_response_is_private_and_varies_on_the_key(
    api: VersionedClient,
) -> None:
    response = api.get("/api/workers")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private"
    assert "X-Api-Key" in [v.strip() for v in response["Vary"].split(",")]
    assert "Accept" in response["Vary"]  # DRF's own Vary is kept


def test_no_store_is_configurable(api: VersionedClient, settings: Any) -> None:
    settings.PROBLEMS = {
        **settings.PROBLEMS,
        "API_KEYS": {**settings.PROBLEMS["API_KEYS"], "CACHE_CONTROL": "no-store"},
    }
    response = api.get("/api/workers")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_a_key_in_the_query_string_is_private_without_a_vary(user: User, anon: Any) -> None:
    _key, plaintext = ApiKey.objects.create_key(user, "feed")
    response = anon.get("/api/token/whoami", {"access_token": plaintext})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private"
    assert "X-Api-Key" not in response.get("Vary", "")


def test_anonymous_and_error_responses_keep_their_own_cache_control(
    anon: VersionedClient, api: VersionedClient
) -> None:
    assert "Cache-Control" not in anon.get("/api/status")
    refused = anon.get("/api/workers", headers={"X-Api-Key": "demo_0000000000000000.nope"})
    assert_problem(refused, "unauthorised")  # asserts Cache-Control: no-store, not private
    missing = api.get("/api/workers/999999")
    assert_problem(missing, "not-found")


def test_a_response_to_a_request_with_authorization_is_private_and_varies_on_it(
    anon: VersionedClient,
) -> None:
    response = anon.get("/api/status", HTTP_AUTHORIZATION="Bearer any-token")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private"
    assert "Authorization" in [v.strip() for v in response["Vary"].split(",")]
    assert "Accept" in response["Vary"]  # DRF's own Vary is kept


@pytest.mark.parametrize(("mode", "expected"), [("no-store", "no-store"), (None, None)])
def test_the_authorization_rule_is_configurable(
    anon: VersionedClient, settings: Any, mode: str | None, expected: str | None
) -> None:
    settings.PROBLEMS = {**settings.PROBLEMS, "AUTHORIZATION_CACHE_CONTROL": mode}
    response = anon.get("/api/status", HTTP_AUTHORIZATION="Bearer any-token")
    assert response.status_code == 200
    assert response.get("Cache-Control") == expected
    assert ("Authorization" in response.get("Vary", "")) is (mode is not None)


def test_a_problem_to_a_request_with_authorization_stays_no_store(anon: VersionedClient) -> None:
    response = anon.get("/api/workers", HTTP_AUTHORIZATION="Bearer any-token")
    assert_problem(response, "unauthorised")  # asserts Cache-Control: no-store


def test_authorization_outside_the_api_prefixes_is_left_alone(client: Any) -> None:
    response = client.get("/problems/", HTTP_AUTHORIZATION="Bearer any-token")
    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")
