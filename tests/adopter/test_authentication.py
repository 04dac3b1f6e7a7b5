"""Point 2: simplejwt's and DRF's authentication errors reach clients with their own codes, and
401s carry a challenge."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from tests.adopter.conftest import PASSWORD, bearer
from tests.adopter.problems import problem
from tests.clients import VersionedClient

BEARER = 'Bearer realm="api"'


def _messages(body: dict[str, Any]) -> list[str]:
    return [entry["message"] for entry in body["messages"]]


def test_valid_jwt_lists_orders(api: VersionedClient) -> None:
    response = api.get("/api/orders/")

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_expired_jwt_is_token_not_valid_with_messages(user: User, db: Any) -> None:
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=-timedelta(seconds=1))

    response = bearer(str(token)).get("/api/orders/")

    body = problem(response, 401, "token-not-valid")
    assert body["code"] == "token_not_valid"
    assert body["detail"] == "Given token not valid for any token type"
    assert _messages(body) == ["Token is expired"]
    assert body["messages"][0]["token_class"] == "AccessToken"
    assert response["WWW-Authenticate"] == BEARER


def test_garbage_jwt_is_token_not_valid_with_messages(db: Any) -> None:
    response = bearer("not.a.jwt").get("/api/orders/")

    body = problem(response, 401, "token-not-valid")
    assert body["code"] == "token_not_valid"
    assert _messages(body) == ["Token is invalid"]
    assert response["WWW-Authenticate"] == BEARER


def test_refresh_token_used_as_access_token_is_token_not_valid_of_the_wrong_type(
    refresh: RefreshToken,
) -> None:
    response = bearer(str(refresh)).get("/api/orders/")

    body = problem(response, 401, "token-not-valid")
    assert body["code"] == "token_not_valid"
    assert _messages(body) == ["Token has wrong type"]
    assert response["WWW-Authenticate"] == BEARER


def test_the_three_bad_tokens_are_told_apart_by_messages(user: User, refresh: RefreshToken) -> None:
    expired = AccessToken.for_user(user)
    expired.set_exp(lifetime=-timedelta(seconds=1))
    bodies = [
        bearer(token).get("/api/orders/").json()
        for token in (str(expired), "garbage", str(refresh))
    ]

    assert {body["code"] for body in bodies} == {"token_not_valid"}
    assert len({tuple(_messages(body)) for body in bodies}) == 3


def test_wrong_credentials_on_the_obtain_view_are_no_active_account(
    user: User, raw: VersionedClient
) -> None:
    response = raw.post("/api/token/", {"username": "alice", "password": "wrong"}, format="json")

    body = problem(response, 401, "no-active-account")
    assert body["code"] == "no_active_account"
    assert body["detail"] == "No active account found with the given credentials"
    assert response["WWW-Authenticate"] == BEARER


def test_obtain_view_gives_tokens_that_work(user: User, raw: VersionedClient) -> None:
    response = raw.post("/api/token/", {"username": "alice", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    access = response.json()["access"]
    assert bearer(access).get("/api/orders/").status_code == 200


def test_refresh_view_refuses_an_access_token_as_token_not_valid(
    refresh: RefreshToken, raw: VersionedClient
) -> None:
    response = raw.post(
        "/api/token/refresh/", {"refresh": str(refresh.access_token)}, format="json"
    )

    body = problem(response, 401, "token-not-valid")
    assert body["code"] == "token_not_valid"
    assert body["detail"] == "Token has wrong type"
    assert response["WWW-Authenticate"] == BEARER


def test_missing_credentials_are_unauthorised_with_the_jwt_challenge(
    anon: VersionedClient,
) -> None:
    response = anon.get("/api/orders/")

    body = problem(response, 401, "unauthorised")
    assert body["code"] == "E_API_UNAUTHORISED"
    assert response["WWW-Authenticate"] == BEARER


def test_drf_token_authenticates(token_api: VersionedClient) -> None:
    assert token_api.get("/api/orders/").status_code == 200


def test_token_and_jwt_answers_are_private_to_their_client(
    token_api: VersionedClient, api: VersionedClient
) -> None:
    # No shared cache may serve one client's orders to another (issue: a CDN with a default TTL).
    for client in (token_api, api):
        response = client.get("/api/orders/")

        assert response.status_code == 200
        assert response["Cache-Control"] == "private"
        vary = [v.strip() for v in response["Vary"].split(",")]
        assert "Authorization" in vary
        assert "Accept" in vary  # DRF's own Vary kept


def test_unknown_drf_token_is_unauthorised_with_a_challenge(db: Any) -> None:
    client = VersionedClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    response = client.get("/api/orders/")

    body = problem(response, 401, "unauthorised")
    assert body["detail"] == "Invalid token."
    assert response["WWW-Authenticate"] == BEARER


def test_obtain_auth_token_with_wrong_credentials_is_a_validation_problem(
    user: User, raw: VersionedClient
) -> None:
    response = raw.post(
        "/api/auth-token/", {"username": "alice", "password": "wrong"}, format="json"
    )

    body = problem(response, 400, "invalid-parameters")
    assert body["errors"] == {"non_field_errors": ["Unable to log in with provided credentials."]}
    assert body["codes"] == {"non_field_errors": ["authorization"]}


def test_jwt_of_an_inactive_user_is_unauthorised_with_exception_code(
    user: User, refresh: RefreshToken
) -> None:
    user.is_active = False
    user.save()

    response = bearer(str(refresh.access_token)).get("/api/orders/")

    body = problem(response, 401, "unauthorised")
    assert body["exception_code"] == "user_inactive"
    assert body["detail"] == "User is inactive"
    assert response["WWW-Authenticate"] == BEARER


def test_malformed_bearer_header_is_unauthorised_with_exception_code(db: Any) -> None:
    client = VersionedClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer two parts")

    response = client.get("/api/orders/")

    body = problem(response, 401, "unauthorised")
    assert body["exception_code"] == "bad_authorization_header"
    assert response["WWW-Authenticate"] == BEARER
