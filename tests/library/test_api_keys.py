"""API-key authentication: every cause of every authentication problem, pinned.

``/api/whoami``, ``/api/token/whoami`` and ``/api/either/whoami`` (the test app) echo who a key or
an access token authenticated as.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from django_problems.api_keys.authentication import ApiKeyAuthentication
from django_problems.api_keys.keys import KEY_RE, generate_key, hash_secret, parse_key, pepper
from django_problems.api_keys.models import ApiKey
from django_problems.testing import assert_problem
from tests.clients import VersionedClient

CHALLENGE = 'ApiKey realm="api", header="X-Api-Key"'


@pytest.fixture
def key_pair(user: User) -> tuple[ApiKey, str]:
    return ApiKey.objects.create_key(user, "laptop")


def get_with(anon: VersionedClient, url: str = "/api/whoami", **headers: str) -> Any:
    return anon.get(url, headers=headers)


def swap_secret(plaintext: str) -> str:
    head, _, secret = plaintext.partition(".")
    other = "A" if secret[0] != "A" else "B"
    return f"{head}.{other}{secret[1:]}"


# --- the key format and its storage -------------------------------------------------------------


def test_generated_key_has_prefix_id_and_a_256_bit_secret(settings: Any) -> None:
    new = generate_key()
    match = KEY_RE.match(new.plaintext)
    assert match is not None
    assert match["prefix"] == "demo"  # the test settings' PROBLEMS["API_KEYS"]["PREFIX"]
    assert match["key_id"] == new.key_id
    raw = base64.urlsafe_b64decode(match["secret"] + "=")
    assert len(raw) == 32


def test_only_the_peppered_hmac_of_the_secret_is_stored(key_pair: tuple[ApiKey, str]) -> None:
    key, plaintext = key_pair
    secret = plaintext.partition(".")[2]
    stored = ApiKey.objects.values().get(pk=key.pk)
    assert not any(secret in str(value) for value in stored.values())
    expected = hmac.new(pepper(), f"{key.key_id}.{secret}".encode(), hashlib.sha256).hexdigest()
    assert stored["secret_hash"] == expected
    assert pepper() == b"example-only-pepper-not-a-secret-0000"


def test_without_a_pepper_it_is_derived_from_the_secret_key(settings: Any) -> None:
    settings.PROBLEMS = {"API_KEYS": {}}
    derived = pepper()
    settings.SECRET_KEY = "another-secret-key"
    assert pepper() != derived
    assert hash_secret("0" * 16, "s") != hash_secret("0" * 16, "s", derived)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "demo",
        "demo_0123456789abcdef",
        "demo_0123456789abcdef.short",
        "other_0123456789abcdef." + "a" * 43,
        "demo_0123456789ABCDEF." + "a" * 43,
        "demo_0123456789abcdef." + "a" * 43 + "=",
        "demo_0123456789abcdef." + "é" * 43,
        "x" * 10_000,
    ],
)
def test_malformed_keys_do_not_parse(raw: str) -> None:
    assert parse_key(raw) is None


# --- success --------------------------------------------------------------------------------------


def test_a_valid_key_authenticates_as_its_owner(
    anon: VersionedClient, key_pair: tuple[ApiKey, str]
) -> None:
    key, plaintext = key_pair
    response = get_with(anon, **{"X-Api-Key": plaintext})
    assert response.status_code == 200, response.content
    assert response.json() == {"user": "demo", "key": key.key_id}


def test_surrounding_whitespace_and_header_case_are_tolerated(
    anon: VersionedClient, key_pair: tuple[ApiKey, str]
) -> None:
    response = get_with(anon, **{"x-api-KEY": f"  {key_pair[1]} "})
    assert response.status_code == 200


def test_an_owner_can_hold_several_live_keys(anon: VersionedClient, user: User) -> None:
    _first, first = ApiKey.objects.create_key(user, "old")
    _second, second = ApiKey.objects.create_key(user, "new")
    for plaintext in (first, second):
        assert get_with(anon, **{"X-Api-Key": plaintext}).status_code == 200


def test_the_header_name_comes_from_settings(
    anon: VersionedClient, key_pair: tuple[ApiKey, str], settings: Any
) -> None:
    api_keys = {**settings.PROBLEMS["API_KEYS"], "HEADER": "X-Custom-Key"}
    settings.PROBLEMS = {**settings.PROBLEMS, "API_KEYS": api_keys}
    assert get_with(anon, **{"X-Custom-Key": key_pair[1]}).status_code == 200
    response = get_with(anon, **{"X-Api-Key": key_pair[1]})
    assert_problem(response, "unauthorised")
    assert response["WWW-Authenticate"] == 'ApiKey realm="api", header="X-Custom-Key"'


# --- unauthorised: every cause looks the same ----------------------------------------------------


def _revoked(user: User) -> str:
    key, plaintext = ApiKey.objects.create_key(user, "revoked")
    key.revoke()
    return plaintext


def _inactive_owner(user: User) -> str:
    user.is_active = False
    user.save()
    return ApiKey.objects.create_key(user, "inactive")[1]


PRESENTED_CAUSES = {
    "malformed": lambda user: "not-a-key",
    "other prefix": lambda user: "live_" + ApiKey.objects.create_key(user, "x")[1][5:],
    "unknown id": lambda user: "demo_0123456789abcdef." + "A" * 43,
    "wrong secret": lambda user: swap_secret(ApiKey.objects.create_key(user, "x")[1]),
    "revoked": _revoked,
    "inactive owner": _inactive_owner,
}


@pytest.mark.parametrize("cause", sorted(PRESENTED_CAUSES))
def test_bad_keys_are_unauthorised_with_a_challenge(
    anon: VersionedClient, user: User, cause: str
) -> None:
    presented = PRESENTED_CAUSES[cause](user)
    response = get_with(anon, **{"X-Api-Key": presented})
    body = assert_problem(
        response,
        "unauthorised",
        detail="Authentication credentials were not provided or are not valid.",
    )
    assert response["WWW-Authenticate"] == CHALLENGE
    assert presented not in response.content.decode()
    assert presented not in str(response.headers)
    assert set(body) == {"type", "title", "status", "detail", "instance", "code"}


def test_bad_keys_are_indistinguishable(anon: VersionedClient, user: User) -> None:
    bodies = []
    for cause in sorted(PRESENTED_CAUSES):
        response = get_with(anon, **{"X-Api-Key": PRESENTED_CAUSES[cause](user)})
        body = response.json()
        del body["instance"]
        bodies.append((response.status_code, dict(response.headers), body))
    assert all(entry == bodies[0] for entry in bodies), bodies


@pytest.mark.parametrize("headers", [{}, {"X-Api-Token": "x"}, {"Authorization": "Token x"}])
def test_missing_or_misnamed_header_is_unauthorised_with_a_challenge(
    anon: VersionedClient, key_pair: tuple[ApiKey, str], headers: dict[str, str]
) -> None:
    if "X-Api-Token" in headers:
        headers = {"X-Api-Token": key_pair[1]}
    response = get_with(anon, **headers)
    assert_problem(response, "unauthorised", detail="Authentication credentials were not provided.")
    assert response["WWW-Authenticate"] == CHALLENGE


# --- expired: only once the secret verified ------------------------------------------------------


def test_an_expired_key_with_its_secret_is_expired_account(
    anon: VersionedClient, user: User
) -> None:
    key, plaintext = ApiKey.objects.create_key(
        user, "old", expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = get_with(anon, **{"X-Api-Key": plaintext})
    assert_problem(response, "expired-account", detail="The credentials have expired.")
    assert response["WWW-Authenticate"] == CHALLENGE
    key.refresh_from_db()
    assert key.last_used_at is None


def test_an_expired_key_with_a_wrong_secret_is_only_unauthorised(
    anon: VersionedClient, user: User
) -> None:
    _key, plaintext = ApiKey.objects.create_key(
        user, "old", expires_at=timezone.now() - timedelta(days=1)
    )
    response = get_with(anon, **{"X-Api-Key": swap_secret(plaintext)})
    assert_problem(response, "unauthorised")


def test_a_key_expiring_later_still_works(anon: VersionedClient, user: User) -> None:
    _key, plaintext = ApiKey.objects.create_key(
        user, "soon", expires_at=timezone.now() + timedelta(minutes=5)
    )
    assert get_with(anon, **{"X-Api-Key": plaintext}).status_code == 200


# --- cost: one indexed query, last_used written at most once a minute ---------------------------


def test_one_query_per_request_plus_a_throttled_last_used_write(
    anon: VersionedClient, key_pair: tuple[ApiKey, str], django_assert_num_queries: Any
) -> None:
    key, plaintext = key_pair
    with django_assert_num_queries(2):  # the lookup, then the first last_used_at write
        assert get_with(anon, **{"X-Api-Key": plaintext}).status_code == 200
    key.refresh_from_db()
    first_use = key.last_used_at
    assert first_use is not None
    with django_assert_num_queries(1) as queries:  # within the minute: the lookup only
        assert get_with(anon, **{"X-Api-Key": plaintext}).status_code == 200
    assert "key_id" in queries.captured_queries[0]["sql"]
    key.refresh_from_db()
    assert key.last_used_at == first_use


def test_last_used_is_written_again_after_a_minute(
    anon: VersionedClient, key_pair: tuple[ApiKey, str], django_assert_num_queries: Any
) -> None:
    key, plaintext = key_pair
    stale = timezone.now() - timedelta(seconds=61)
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=stale)
    with django_assert_num_queries(2):
        assert get_with(anon, **{"X-Api-Key": plaintext}).status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None and key.last_used_at > stale


def test_the_key_id_column_is_indexed() -> None:
    field = ApiKey._meta.get_field("key_id")
    assert field.unique  # unique implies an index on every backend


def test_a_rejected_key_costs_one_query(
    anon: VersionedClient, key_pair: tuple[ApiKey, str], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        assert_problem(get_with(anon, **{"X-Api-Key": swap_secret(key_pair[1])}), "unauthorised")
    with django_assert_num_queries(0):
        assert_problem(get_with(anon, **{"X-Api-Key": "malformed"}), "unauthorised")


# --- nothing secret in logs ----------------------------------------------------------------------


def test_no_secret_reaches_the_logs(
    anon: VersionedClient, user: User, caplog: pytest.LogCaptureFixture
) -> None:
    _key, plaintext = ApiKey.objects.create_key(user, "x")
    caplog.set_level(logging.DEBUG)
    wrong = swap_secret(plaintext)
    get_with(anon, **{"X-Api-Key": wrong})
    get_with(anon, **{"X-Api-Key": plaintext})
    assert caplog.records, "the failure should be logged"
    for secret in (plaintext.partition(".")[2], wrong.partition(".")[2]):
        assert secret not in caplog.text


# --- the opt-in access_token query parameter -----------------------------------------------------

TOKEN_CHALLENGE = 'ApiKey realm="api", param="access_token"'


@pytest.fixture
def token_param(settings: Any) -> None:
    problems = dict(settings.PROBLEMS)
    problems["API_KEYS"] = {**problems["API_KEYS"], "ACCESS_TOKEN_PARAM": "access_token"}
    settings.PROBLEMS = problems


@pytest.mark.usefixtures("token_param")
def test_access_token_parameter_authenticates(
    anon: VersionedClient, key_pair: tuple[ApiKey, str]
) -> None:
    response = anon.get(f"/api/token/whoami?access_token={key_pair[1]}")
    assert response.status_code == 200
    assert response.json()["key"] == key_pair[0].key_id


@pytest.mark.usefixtures("token_param")
def test_absent_access_token_is_no_token(anon: VersionedClient) -> None:
    response = anon.get("/api/token/whoami")
    assert_problem(
        response, "no-token", detail="Pass the access token as the access_token query parameter."
    )
    assert response["WWW-Authenticate"] == TOKEN_CHALLENGE


@pytest.mark.usefixtures("token_param")
@pytest.mark.parametrize(
    "make", ["unknown", "wrong", "malformed", "empty", "revoked", "expired", "repeated"]
)
def test_bad_access_tokens_are_invalid_token(anon: VersionedClient, user: User, make: str) -> None:
    key, plaintext = ApiKey.objects.create_key(user, "x")
    query = {
        "unknown": "access_token=demo_0123456789abcdef." + "A" * 43,
        "wrong": f"access_token={swap_secret(plaintext)}",
        "malformed": "access_token=%00%ff",
        "empty": "access_token=",
        "revoked": f"access_token={plaintext}",
        "expired": f"access_token={plaintext}",
        "repeated": f"access_token={plaintext}&access_token={plaintext}",
    }[make]
    if make == "revoked":
        key.revoke()
    if make == "expired":
        key.expires_at = timezone.now() - timedelta(seconds=1)
        key.save()
    response = anon.get(f"/api/token/whoami?{query}")
    assert_problem(response, "invalid-token")
    assert response["WWW-Authenticate"] == TOKEN_CHALLENGE
    assert plaintext.partition(".")[2] not in response.content.decode()


def test_access_token_is_off_unless_configured(
    settings: Any,
    anon: VersionedClient,
    key_pair: tuple[ApiKey, str],
) -> None:
    api_keys = {k: v for k, v in settings.PROBLEMS["API_KEYS"].items() if k != "ACCESS_TOKEN_PARAM"}
    settings.PROBLEMS = {**settings.PROBLEMS, "API_KEYS": api_keys}
    response = anon.get(f"/api/token/whoami?access_token={key_pair[1]}")
    assert_problem(response, "unauthorised")
    assert response["WWW-Authenticate"] == TOKEN_CHALLENGE


@pytest.mark.usefixtures("token_param")
def test_header_first_then_access_token(
    anon: VersionedClient, key_pair: tuple[ApiKey, str]
) -> None:
    url = "/api/either/whoami"
    assert get_with(anon, url, **{"X-Api-Key": key_pair[1]}).status_code == 200
    assert anon.get(f"{url}?access_token={key_pair[1]}").status_code == 200
    response = anon.get(url)
    assert_problem(response, "no-token")
    assert response["WWW-Authenticate"] == CHALLENGE


def test_classes_offer_challenges() -> None:
    request: Any = None
    assert ApiKeyAuthentication().authenticate_header(request) == CHALLENGE
