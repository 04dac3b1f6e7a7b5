"""Authentication benchmark: API keys and signed requests against DRF's ``TokenAuthentication``.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_auth            # about a minute
    .venv/bin/python -m benchmarks.bench_auth --quick    # a few seconds (CI smoke)

Each candidate authenticates the same kind of request on the same in-memory SQLite database:
DRF's ``TokenAuthentication`` (one query: the token and its user), ``ApiKeyAuthentication`` (one
query: the key and its owner, then HMAC-SHA256 and a constant-time comparison) and
``SignedRequestAuthentication`` (the same, plus Content-Digest, an ed25519 verification and the
nonce in a local-memory cache; requests are signed before the clock starts, each with its own
nonce). Candidates run interleaved, in a rotating order, so drift hits all alike. Printed: the
median time per authentication, the median per-round ratio to ``TokenAuthentication``, the
queries per authentication, and the cost of verifying a key without the database.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="benchmark-only-not-secret",
    DEBUG=False,
    ALLOWED_HOSTS=["testserver"],
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "rest_framework",
        "rest_framework.authtoken",
        "django_problems",
        "django_problems.api_keys",
        "django_problems.signatures",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 10_000_000},
        }
    },
    USE_TZ=True,
    DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    PROBLEMS={
        "API_KEYS": {"PEPPER": "benchmark-pepper-" + "p" * 32},
        "SIGNATURES": {"CACHE": "default"},
    },
)
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.authentication import BaseAuthentication, TokenAuthentication  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework.exceptions import AuthenticationFailed  # noqa: E402
from rest_framework.request import Request  # noqa: E402
from rest_framework.test import APIRequestFactory  # noqa: E402

from django_problems.api_keys.authentication import ApiKeyAuthentication  # noqa: E402
from django_problems.api_keys.keys import parse_key, pepper, secret_matches  # noqa: E402
from django_problems.api_keys.models import ApiKey  # noqa: E402
from django_problems.signatures import crypto  # noqa: E402
from django_problems.signatures.authentication import SignedRequestAuthentication  # noqa: E402
from django_problems.signatures.client import sign_request  # noqa: E402
from django_problems.signatures.models import SigningKey  # noqa: E402

URL = "http://testserver/api/workers/1/payout?api-version=1.1"
BODY = b'{"amount": "12.50"}'


@dataclass
class Candidate:
    """One authentication class and a factory of requests it accepts."""

    name: str
    authenticator: BaseAuthentication
    make_request: Callable[[], Request]


def setup() -> list[Candidate]:
    """Migrate, create a user with a token and a signing key; one candidate per class."""
    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench")
    token = Token.objects.create(user=user)
    private, public = crypto.generate_keypair()
    key, api_key = ApiKey.objects.create_key(user, "bench")
    SigningKey.objects.create(api_key=key, public_key=public)
    factory = APIRequestFactory()

    def token_request() -> Request:
        return Request(factory.get(URL, HTTP_AUTHORIZATION=f"Token {token.key}"))

    def key_request() -> Request:
        return Request(factory.get(URL, HTTP_X_API_KEY=api_key))

    def signed_request() -> Request:
        headers = sign_request("POST", URL, api_key=api_key, private_key=private, body=BODY)
        return Request(factory.post(URL, BODY, content_type="application/json", headers=headers))

    return [
        Candidate("TokenAuthentication (DRF)", TokenAuthentication(), token_request),
        Candidate("ApiKeyAuthentication", ApiKeyAuthentication(), key_request),
        Candidate("SignedRequestAuthentication", SignedRequestAuthentication(), signed_request),
    ]


def check(candidate: Candidate) -> int:
    """Authenticate once (asserting success) and return the number of queries it ran."""
    candidate.authenticator.authenticate(candidate.make_request())  # warm: last_used written
    with CaptureQueriesContext(connection) as queries:
        result = candidate.authenticator.authenticate(candidate.make_request())
    assert result is not None, candidate.name
    assert result[0].get_username() == "bench", candidate.name
    return len(queries.captured_queries)


def time_batch(candidate: Candidate, batch: int) -> float:
    """Seconds per authentication over ``batch`` prepared requests."""
    requests = [candidate.make_request() for _ in range(batch)]
    authenticate = candidate.authenticator.authenticate
    gc.disable()
    try:
        started = time.perf_counter()
        for request in requests:
            authenticate(request)
        elapsed = time.perf_counter() - started
    finally:
        gc.enable()
    return elapsed / batch


def rejection_requests(batch: int) -> dict[str, list[Request]]:
    """Requests ``ApiKeyAuthentication`` refuses: a key id nobody has, and the real key's id
    with a wrong secret (same length, same format)."""
    key = ApiKey.objects.get(name="bench")
    factory = APIRequestFactory()
    secret = "A" * 43

    def with_id(key_id: str) -> Request:
        return Request(factory.get(URL, HTTP_X_API_KEY=f"dpk_{key_id}.{secret}"))

    unknown = "0123456789abcdef" if key.key_id != "0123456789abcdef" else "fedcba9876543210"
    return {
        "unknown key id": [with_id(unknown) for _ in range(batch)],
        "known id, wrong secret": [with_id(key.key_id) for _ in range(batch)],
    }


def time_rejections(rounds: int, batch: int) -> dict[str, list[float]]:
    """Seconds per refused authentication, per kind, interleaved round by round."""
    authenticator = ApiKeyAuthentication()
    times: dict[str, list[float]] = {}
    for round_index in range(rounds):
        kinds = list(rejection_requests(batch).items())
        if round_index % 2:
            kinds.reverse()
        for name, requests in kinds:
            gc.disable()
            try:
                started = time.perf_counter()
                for request in requests:
                    try:
                        authenticator.authenticate(request)
                    except AuthenticationFailed:
                        pass
                    else:
                        raise AssertionError(f"{name}: accepted")
                elapsed = time.perf_counter() - started
            finally:
                gc.enable()
            times.setdefault(name, []).append(elapsed / batch)
    return times


def time_verification(repeats: int) -> float:
    """Seconds to verify a key without the database: parse, HMAC-SHA256, constant-time compare."""
    key, plaintext = ApiKey.objects.create_key(User.objects.get(), "verify")
    stored, key_bytes = key.secret_hash, pepper()
    started = time.perf_counter()
    for _ in range(repeats):
        parsed = parse_key(plaintext)
        assert parsed is not None
        assert secret_matches(parsed.key_id, parsed.secret, stored, key_bytes)
    return (time.perf_counter() - started) / repeats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few rounds (CI smoke)")
    args = parser.parse_args(argv)
    rounds, batch = (5, 200) if args.quick else (30, 1000)
    candidates = setup()
    print(f"Python {sys.version.split()[0]}, Django {django.get_version()}, SQLite in memory")
    for candidate in candidates:
        queries = check(candidate)
        print(f"  {candidate.name}: {queries} quer{'y' if queries == 1 else 'ies'}/request")
        assert queries <= 1, f"{candidate.name} ran {queries} queries"
    times: dict[str, list[float]] = {c.name: [] for c in candidates}
    for round_index in range(rounds):
        shift = round_index % len(candidates)
        for candidate in candidates[shift:] + candidates[:shift]:
            times[candidate.name].append(time_batch(candidate, batch))
    baseline = candidates[0].name
    print(f"\n{rounds} rounds x {batch} authentications, interleaved; median per request:")
    for candidate in candidates:
        median = statistics.median(times[candidate.name]) * 1e6
        ratios = [t / b for t, b in zip(times[candidate.name], times[baseline], strict=True)]
        print(
            f"  {candidate.name:30} {median:8.1f} us   x{statistics.median(ratios):.2f} "
            f"vs {baseline.split()[0]}"
        )
    rejections = time_rejections(rounds * 2, batch)
    unknown, known = rejections["unknown key id"], rejections["known id, wrong secret"]
    print(f"\nRefused keys ({rounds * 2} rounds x {batch}, interleaved); median per request:")
    for name, values in rejections.items():
        print(f"  {name:30} {statistics.median(values) * 1e6:8.2f} us")
    differences = [(k - u) * 1e6 for k, u in zip(known, unknown, strict=True)]
    print(
        f"  known - unknown: median {statistics.median(differences):+.2f} us per request "
        f"(per-round differences from {min(differences):+.2f} to {max(differences):+.2f} us)"
    )
    verification = time_verification(20_000 if args.quick else 200_000) * 1e6
    print(
        "\nKey verification without the database (parse + HMAC-SHA256 + compare): "
        f"{verification:.2f} us"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
