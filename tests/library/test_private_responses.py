"""Responses to key-authenticated requests are private: a shared cache (a CDN with a default TTL)
must not serve one client's data to another. ``Authorization`` is covered by the HTTP caching
rules; an API key in ``X-Api-Key`` or in the query string is not, so the response says so."""

from __future__ import annotations

from typing import Any

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
