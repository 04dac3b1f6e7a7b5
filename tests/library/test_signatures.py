"""Signed requests (RFC 9421) on the test app's payout action: every cause of every problem."""

from __future__ import annotations

import json
import socket
import time
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches

from django_problems.api_keys.models import ApiKey
from django_problems.signatures import crypto
from django_problems.signatures.client import new_nonce, sign_request
from django_problems.signatures.models import SigningKey
from django_problems.signatures.nonces import nonce_key
from django_problems.testing import assert_problem
from tests.clients import VersionedClient
from tests.library.app.models import Worker
from tests.services import redis_url, require_extra

require_extra("cryptography", "signatures")

CHALLENGE = 'ApiKey realm="api", header="X-Api-Key", Signature realm="api"'
ACCEPT_SIGNATURE = (
    'sig1=("@method" "@target-uri" "content-digest" "x-api-key");created;nonce;keyid;alg="ed25519"'
)
BODY = b'{"amount": "12.50"}'


class Signer:
    """A user's signing API key and a way to send signed payouts with it."""

    def __init__(self, client: VersionedClient, user: User, worker: Worker) -> None:
        self.client = client
        self.private, public = crypto.generate_keypair()
        self.key, self.api_key = ApiKey.objects.create_key(user, "signer")
        SigningKey.objects.create(api_key=self.key, public_key=public)
        self.path = f"/api/workers/{worker.pk}/payout?api-version=1.0"
        self.url = f"http://testserver{self.path}"

    def headers(self, body: bytes = BODY, **overrides: Any) -> dict[str, str]:
        options: dict[str, Any] = {"api_key": self.api_key, "private_key": self.private}
        options.update(overrides)
        method = options.pop("method", "POST")
        url = options.pop("url", self.url)
        return sign_request(method, url, body=body, **options)

    def post(self, headers: dict[str, str], body: bytes = BODY, path: str | None = None) -> Any:
        return self.client.post(
            path or self.path, data=body, content_type="application/json", headers=headers
        )


@pytest.fixture
def signer(anon: VersionedClient, user: User, worker: Worker) -> Signer:
    return Signer(anon, user, worker)


def assert_signature_problem(response: Any, code: str) -> dict[str, Any]:
    body = assert_problem(response, "unauthorised", signature_error=code)
    assert response["WWW-Authenticate"] == CHALLENGE
    assert response["Accept-Signature"] == ACCEPT_SIGNATURE
    return body


# --- accepted once --------------------------------------------------------------------------------


def test_a_signed_request_is_accepted(signer: Signer, worker: Worker) -> None:
    response = signer.post(signer.headers())
    assert response.status_code == 202, response.content
    assert response.json() == {"worker": worker.pk, "amount": "12.50", "status": "queued"}


def test_a_replayed_request_is_request_already_received(signer: Signer) -> None:
    headers = signer.headers()
    assert signer.post(headers).status_code == 202
    response = signer.post(headers)
    assert_problem(
        response,
        "request-already-received",
        detail="A request with this nonce was already received; sign each request anew.",
    )
    assert response["WWW-Authenticate"] == CHALLENGE


def test_a_fresh_nonce_is_accepted_again(signer: Signer) -> None:
    assert signer.post(signer.headers()).status_code == 202
    assert signer.post(signer.headers()).status_code == 202


def test_the_nonce_is_recorded_only_after_the_signature_verified(signer: Signer) -> None:
    nonce = new_nonce()
    forged = signer.headers(nonce=nonce, private_key=crypto.generate_keypair()[0])
    assert_signature_problem(signer.post(forged), "invalid")
    assert caches["default"].get(nonce_key(signer.key.key_id, nonce)) is None
    assert signer.post(signer.headers(nonce=nonce)).status_code == 202
    assert caches["default"].get(nonce_key(signer.key.key_id, nonce)) == 1


def test_the_window_edge_is_accepted(signer: Signer) -> None:
    created = int(time.time()) - 295
    assert signer.post(signer.headers(created=created)).status_code == 202


def test_other_signatures_beside_ours_are_ignored(signer: Signer, user: User) -> None:
    other_private, other_public = crypto.generate_keypair()
    other, other_key = ApiKey.objects.create_key(user, "other")
    SigningKey.objects.create(api_key=other, public_key=other_public)
    theirs = signer.headers(api_key=other_key, private_key=other_private, label="a")
    ours = signer.headers(label="b")
    headers = {
        **ours,
        "Signature-Input": f"{theirs['Signature-Input']}, {ours['Signature-Input']}",
        "Signature": f"{theirs['Signature']}, {ours['Signature']}",
    }
    assert signer.post(headers).status_code == 202


def test_extra_covered_components_are_verified(signer: Signer) -> None:
    components = ("@method", "@target-uri", "content-digest", "content-type", "@authority")
    content_type = {"Content-Type": "application/json"}
    headers = signer.headers(components=components, extra_headers=content_type)
    assert signer.post(headers).status_code == 202
    other_type = signer.headers(components=components, extra_headers={"Content-Type": "text/x"})
    assert_signature_problem(signer.post(other_type), "invalid")


# --- what the signature must be -------------------------------------------------------------------


def test_an_unsigned_request_is_unauthorised(signer: Signer) -> None:
    body = assert_signature_problem(signer.post({"X-Api-Key": signer.api_key}), "missing")
    assert "Signature-Input" in body["detail"]


@pytest.mark.parametrize(
    ("signature_input", "signature"),
    [
        ("sig1=not-a-list", "sig1=:AAAA:"),
        ('sig1=("@method");created=1', "sig1=notbytes"),
        ('sig1=("@method" "@method")', "sig1=:AAAA:"),
        ('sig1=("@unknown")', "sig1=:AAAA:"),
        ('sig1=("Upper-Case")', "sig1=:AAAA:"),
        ('sig1=("@method";sf)', "sig1=:AAAA:"),
        ('sig1=("@method"', "sig1=:AAAA:"),
        ('sig1=("@method"),', "sig1=:AAAA:"),
        ('sig1=("@method")', "sig1=:!!!:"),
        ('sig1=("caf\u00e9")', "sig1=:AAAA:"),
        ("x" * 9000, "sig1=:AAAA:"),
    ],
)
def test_malformed_signature_headers_are_unauthorised(
    signer: Signer, signature_input: str, signature: str
) -> None:
    headers = {**signer.headers(), "Signature-Input": signature_input, "Signature": signature}
    assert_signature_problem(signer.post(headers), "malformed")


def test_a_signature_by_another_keyid_is_a_keyid_mismatch(signer: Signer) -> None:
    headers = signer.headers()
    headers["Signature-Input"] = headers["Signature-Input"].replace(
        signer.key.key_id, "0123456789abcdef"
    )
    body = assert_signature_problem(signer.post(headers), "keyid-mismatch")
    assert body["detail"] == (
        "No signature names this key's id as its keyid: sign with the key you send."
    )


@pytest.mark.parametrize(
    "components",
    [("@method", "@target-uri"), ("@method", "content-digest"), ("@target-uri", "content-digest")],
)
def test_a_signature_must_cover_method_uri_digest_and_key(
    signer: Signer, components: tuple[str, ...]
) -> None:
    body = assert_signature_problem(
        signer.post(signer.headers(components=components)), "incomplete"
    )
    assert body["detail"] == (
        "The signature must cover @method, @target-uri, content-digest, x-api-key and carry "
        "created, nonce, keyid."
    )


@pytest.mark.parametrize("param", ["created", "nonce", "keyid"])
def test_a_signature_must_carry_created_nonce_and_keyid(signer: Signer, param: str) -> None:
    headers = signer.headers()
    entry = headers["Signature-Input"]
    start = entry.index(f";{param}=")
    end = entry.find(";", start + 1)
    headers["Signature-Input"] = entry[:start] + (entry[end:] if end != -1 else "")
    assert_signature_problem(signer.post(headers), "incomplete")


@pytest.mark.parametrize(
    ("old", "new"),
    [(";created=", ';created="1";x='), (";nonce=", ";nonce=1;x=")],
)
def test_created_and_nonce_must_have_their_types(signer: Signer, old: str, new: str) -> None:
    headers = signer.headers()
    headers["Signature-Input"] = headers["Signature-Input"].replace(old, new)
    assert_signature_problem(signer.post(headers), "malformed")


@pytest.mark.parametrize("nonce", ["short", "n" * 129])
def test_nonce_length_is_bounded(signer: Signer, nonce: str) -> None:
    assert_signature_problem(signer.post(signer.headers(nonce=nonce)), "malformed")


def test_only_ed25519_is_accepted(signer: Signer) -> None:
    headers = signer.headers()
    headers["Signature-Input"] = headers["Signature-Input"].replace(
        'alg="ed25519"', 'alg="rsa-pss-sha512"'
    )
    body = assert_signature_problem(signer.post(headers), "unsupported-algorithm")
    assert body["detail"] == "Only ed25519 signatures are accepted."


@pytest.mark.parametrize("offset", [-301, 301, -3600, 10**9])
def test_outside_the_window_is_stale(signer: Signer, offset: int) -> None:
    response = signer.post(signer.headers(created=int(time.time()) + offset))
    body = assert_signature_problem(response, "stale")
    assert "300 seconds" in body["detail"]


def test_the_window_comes_from_settings(signer: Signer, settings: Any) -> None:
    settings.PROBLEMS = {**settings.PROBLEMS, "SIGNATURES": {"WINDOW": 10}}
    body = assert_signature_problem(
        signer.post(signer.headers(created=int(time.time()) - 60)), "stale"
    )
    assert "10 seconds" in body["detail"]


def test_an_expired_signature_is_stale(signer: Signer) -> None:
    headers = signer.headers()
    headers["Signature-Input"] += f";expires={int(time.time()) - 1}"
    assert_signature_problem(signer.post(headers), "stale")


@pytest.mark.parametrize("expires", ['"tomorrow"', "soon", "?1", ":AAAA:"])
def test_an_expires_that_is_not_an_integer_is_malformed(signer: Signer, expires: str) -> None:
    headers = signer.headers()
    headers["Signature-Input"] += f";expires={expires}"
    body = assert_signature_problem(signer.post(headers), "malformed")
    assert body["detail"] == "expires must be an integer."


def test_a_future_expires_is_accepted(signer: Signer) -> None:
    headers = signer.headers(expires=int(time.time()) + 60)
    assert signer.post(headers).status_code == 202


def encoded_path(signer: Signer, worker: Worker) -> str:
    """The payout path with the first digit of the worker's id percent-encoded (``%31``)."""
    pk = str(worker.pk)
    return signer.path.replace(f"/{pk}/", f"/%{ord(pk[0]):X}{pk[1:]}/")


def test_the_target_uri_is_the_one_sent_undecoded(signer: Signer, worker: Worker) -> None:
    """The server passes the target as sent (RAW_URI: gunicorn, the package's ASGI handler)."""
    raw = encoded_path(signer, worker)
    assert raw != signer.path
    headers = signer.headers(url=f"http://testserver{raw}")
    response = signer.client.post(
        signer.path, data=BODY, content_type="application/json", headers=headers, RAW_URI=raw
    )
    assert response.status_code == 202, response.content


def test_a_signature_over_the_decoded_target_fails_at_the_encoded_one(
    signer: Signer, worker: Worker
) -> None:
    raw = encoded_path(signer, worker)
    headers = signer.headers()  # signed over /api/workers/<pk>/payout
    response = signer.client.post(
        signer.path, data=BODY, content_type="application/json", headers=headers, RAW_URI=raw
    )
    assert_signature_problem(response, "invalid")


def test_request_uri_and_absolute_form_targets_are_read_too(signer: Signer, worker: Worker) -> None:
    raw = encoded_path(signer, worker)
    headers = signer.headers(url=f"http://testserver{raw}")
    response = signer.client.post(
        signer.path,
        data=BODY,
        content_type="application/json",
        headers=headers,
        REQUEST_URI=f"http://testserver{raw}",
    )
    assert response.status_code == 202, response.content


def test_a_key_without_a_public_key_cannot_sign(signer: Signer) -> None:
    SigningKey.objects.filter(api_key=signer.key).delete()
    assert_signature_problem(signer.post(signer.headers()), "no-signing-key")


# --- what the signature protects ------------------------------------------------------------------


def test_a_changed_body_fails_the_digest(signer: Signer) -> None:
    headers = signer.headers()
    assert_signature_problem(signer.post(headers, body=b'{"amount": "9999.00"}'), "digest-mismatch")


def test_a_changed_body_with_a_matching_digest_fails_the_signature(signer: Signer) -> None:
    tampered = b'{"amount": "9999.00"}'
    headers = signer.headers()
    headers["Content-Digest"] = sign_request(
        "POST", signer.url, api_key=signer.api_key, private_key=signer.private, body=tampered
    )["Content-Digest"]
    assert_signature_problem(signer.post(headers, body=tampered), "invalid")


@pytest.mark.parametrize(
    "digest",
    ["", "sha-256=notbytes", "md5=:AAAA:", "sha-256=:AAAA:", 'sha-256=("x")', "\u00e9"],
)
def test_a_missing_or_wrong_content_digest_is_rejected(signer: Signer, digest: str) -> None:
    headers = signer.headers()
    headers["Content-Digest"] = digest
    assert_signature_problem(signer.post(headers), "digest-mismatch")


def test_sha_512_digests_are_accepted(signer: Signer) -> None:
    headers = signer.headers(digest_algorithm="sha-512")
    assert headers["Content-Digest"].startswith("sha-512=:")
    assert signer.post(headers).status_code == 202


@pytest.mark.parametrize(
    "change",
    ["other url", "other query", "other method", "other key", "other api key header"],
)
def test_anything_signed_that_changes_fails(signer: Signer, user: User, change: str) -> None:
    if change == "other url":
        headers = signer.headers(url=signer.url.replace("payout", "invite"))
    elif change == "other query":
        headers = signer.headers(url=signer.url + "&x=1")
    elif change == "other method":
        headers = signer.headers(method="PUT")
    elif change == "other key":
        headers = signer.headers(private_key=crypto.generate_keypair()[0])
    else:
        _second, second = ApiKey.objects.create_key(user, "second")
        headers = {**signer.headers(), "X-Api-Key": second}
        # a different live key of the same owner, but the signature names the first key's id
        assert_signature_problem(signer.post(headers), "keyid-mismatch")
        return
    assert_signature_problem(signer.post(headers), "invalid")


def test_a_signature_component_the_request_lacks_is_incomplete(signer: Signer) -> None:
    components = ("@method", "@target-uri", "content-digest", "x-custom")
    with pytest.raises(ValueError, match="x-custom"):
        signer.headers(components=components)
    headers = signer.headers()
    headers["Signature-Input"] = headers["Signature-Input"].replace(
        '"x-api-key"', '"x-api-key" "x-custom"'
    )
    body = assert_signature_problem(signer.post(headers), "incomplete")
    assert "x-custom" in body["detail"]


# --- the key comes first --------------------------------------------------------------------------


def test_a_bad_key_is_unauthorised_before_any_signature_check(signer: Signer) -> None:
    headers = signer.headers()
    headers["X-Api-Key"] = "demo_0123456789abcdef." + "A" * 43
    response = signer.post(headers)
    body = assert_problem(response, "unauthorised")
    assert "signature_error" not in body
    assert response["WWW-Authenticate"] == CHALLENGE


def test_no_key_at_all_is_unauthorised(signer: Signer) -> None:
    response = signer.post({})
    assert_problem(response, "unauthorised")
    assert response["WWW-Authenticate"] == CHALLENGE


def test_an_expired_signing_key_is_expired_account(signer: Signer) -> None:
    from datetime import timedelta

    from django.utils import timezone

    ApiKey.objects.filter(pk=signer.key.pk).update(expires_at=timezone.now() - timedelta(1))
    assert_problem(signer.post(signer.headers()), "expired-account")


def test_the_rest_of_the_api_needs_no_signature(signer: Signer) -> None:
    response = signer.client.get("/api/workers", headers={"X-Api-Key": signer.api_key})
    assert response.status_code == 200


def test_an_invalid_body_after_a_valid_signature_is_a_validation_problem(signer: Signer) -> None:
    body = json.dumps({"amount": "-1"}).encode()
    response = signer.post(signer.headers(body=body), body=body)
    assert_problem(response, "parameters-out-of-range")


# --- the nonce store ------------------------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_an_unreachable_nonce_store_fails_closed_with_503(signer: Signer, settings: Any) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "nonces": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        },
    }
    settings.PROBLEMS = {**settings.PROBLEMS, "SIGNATURES": {"CACHE": "nonces"}}
    started = time.monotonic()
    response = signer.post(signer.headers())
    assert time.monotonic() - started < 10
    assert_problem(
        response,
        "service-temporarily-unavailable",
        detail="Signed requests cannot be checked for replays right now; retry later.",
    )
    assert response["Retry-After"] == "30"


@pytest.mark.redis
def test_redis_nonce_store_rejects_replays(signer: Signer, settings: Any) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "nonces": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url(),
        },
    }
    settings.PROBLEMS = {**settings.PROBLEMS, "SIGNATURES": {"CACHE": "nonces"}}
    headers = signer.headers()
    assert signer.post(headers).status_code == 202
    assert_problem(signer.post(headers), "request-already-received")
    nonce = headers["Signature-Input"].split(';nonce="')[1].split('"')[0]
    cache = caches["nonces"]
    stored_key = cache.make_key(nonce_key(signer.key.key_id, nonce))
    redis = require_extra("redis", "redis")
    ttl = redis.Redis.from_url(redis_url()).ttl(stored_key)
    assert 0 < ttl <= 601  # twice the window (+1 s): every created the window accepts
