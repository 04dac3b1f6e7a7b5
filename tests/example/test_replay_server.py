"""Replay rejection under a real server, several worker processes, one nonce store.

Every test runs twice: the example project under gunicorn (4 sync workers, WSGI) and under
uvicorn (4 worker processes, ASGI through ``django_problems.asgi``), on a free port in
18000-18999 (``tests/example/server.py``), with its database migrated into a temporary SQLite
file (or a temporary PostgreSQL database when ``PROBLEMS_TEST_POSTGRES`` is set). 50 concurrent
copies of one signed payout are fired at it:

* nonces in Redis: exactly one is accepted, 49 are ``request-already-received``;
* nonces in local memory (one store per process): more than one is accepted, which is why
  ``django_problems.W160`` warns;
* nonce store unreachable: every copy is a 503 problem, never a 500.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

import pytest

from django_problems.signatures.client import sign_request
from tests.example.server import ROOT, example_under
from tests.services import port_open, redis_url, unavailable

pytestmark = pytest.mark.server

COPIES = 50
WORKERS = 4
TIMEOUT = 30.0
PEPPER = "replay-test-pepper-" + "x" * 20


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def run(args: list[str], env: dict[str, str], timeout: float = 120) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def base_env(database: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXAMPLE_", "PROBLEMS_"))}
    env.update(database)
    env.update(
        DJANGO_SETTINGS_MODULE="example_project.settings",
        PYTHONPATH=str(ROOT),
        EXAMPLE_DEBUG="0",
        EXAMPLE_API_KEY_PEPPER=PEPPER,
    )
    return env


@dataclass
class Seeded:
    """The example database, migrated and seeded, and a signing key of user ``demo``."""

    database: dict[str, str]
    api_key: str
    private_key: str


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A throw-away database for the server: SQLite file, or PostgreSQL when asked for."""
    if not os.environ.get("PROBLEMS_TEST_POSTGRES"):
        yield {"EXAMPLE_SQLITE": str(tmp_path_factory.mktemp("replay") / "db.sqlite3")}
        return
    if not port_open("127.0.0.1", 5432):
        unavailable("PostgreSQL is not running on 127.0.0.1:5432")
    import psycopg

    name = f"replay_{secrets.token_hex(4)}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"EXAMPLE_POSTGRES": "1", "EXAMPLE_POSTGRES_DB": name}
    finally:
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def seeded(database: dict[str, str]) -> Seeded:
    env = base_env(database)
    run(["migrate", "--noinput", "-v0"], env)
    run(["demo_data"], env)
    created = json.loads(run(["apikey_create", "demo", "--json"], env))
    signing = json.loads(run(["signingkey_set", created["id"], "--generate", "--json"], env))
    return Seeded(database, created["key"], signing["private_key"])


@dataclass(frozen=True)
class Server:
    """A client of the example project served on ``port`` (by :func:`serving`, which stops it)."""

    port: int

    def request(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, dict[str, Any]]:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            content_type = response.getheader("Content-Type", "")
            parsed = json.loads(data) if "json" in content_type else {}
            return response.status, {"body": parsed, "headers": dict(response.getheaders())}
        finally:
            connection.close()

    def worker_id(self, api_key: str) -> int:
        status, result = self.request(
            "GET", "/api/workers?api-version=1.1", b"", {"X-Api-Key": api_key}
        )
        assert status == 200, result
        return int(result["body"][0]["id"])


@pytest.fixture
def serve(seeded: Seeded, tmp_path: Path, http_server: str) -> Iterator[Callable[..., Server]]:
    """Start the example under ``http_server`` (``WORKERS`` processes) with extra environment;
    every server started is stopped afterwards."""
    numbers = itertools.count()
    with contextlib.ExitStack() as servers:

        def start(**extra_env: str) -> Server:
            env = base_env(seeded.database)
            env.update(extra_env)
            log = tmp_path / f"{http_server}-{next(numbers)}.log"
            port = servers.enter_context(example_under(http_server, env, log, workers=WORKERS))
            return Server(port)

        yield start


PAYOUT = b'{"amount": "12.50"}'


def signed(server: Server, seeded: Seeded, path: str, body: bytes = PAYOUT) -> dict[str, str]:
    """The headers of a JSON POST of ``body`` to ``path``, signed by the seeded key."""
    headers = sign_request(
        "POST",
        f"http://127.0.0.1:{server.port}{path}",
        api_key=seeded.api_key,
        private_key=seeded.private_key,
        body=body,
    )
    return {**headers, "Content-Type": "application/json"}


def fire_copies(server: Server, seeded: Seeded) -> list[tuple[int, dict[str, Any]]]:
    """Send ``COPIES`` identical copies of one signed payout at the same moment."""
    path = f"/api/workers/{server.worker_id(seeded.api_key)}/payout?api-version=1.1"
    body = PAYOUT
    headers = signed(server, seeded, path)
    barrier = threading.Barrier(COPIES, timeout=TIMEOUT)

    def send(_: int) -> tuple[int, dict[str, Any]]:
        barrier.wait()
        return server.request("POST", path, body, headers)

    with ThreadPoolExecutor(max_workers=COPIES) as pool:
        return list(pool.map(send, range(COPIES), timeout=TIMEOUT * 2))


def codes(results: list[tuple[int, dict[str, Any]]]) -> list[tuple[int, str]]:
    return sorted((status, str(r["body"].get("code", "accepted"))) for status, r in results)


@pytest.mark.redis
def test_redis_nonces_accept_exactly_one_of_50_concurrent_copies(
    seeded: Seeded, serve: Callable[..., Server]
) -> None:
    server = serve(EXAMPLE_REDIS=redis_url())
    results = fire_copies(server, seeded)
    assert codes(results) == [(202, "accepted")] + [(401, "E_API_REQUEST_ALREADY_RECEIVED")] * (
        COPIES - 1
    )
    for status, result in results:
        if status == 401:
            assert result["headers"]["Content-Type"] == "application/problem+json"
            assert result["headers"]["WWW-Authenticate"].startswith("ApiKey ")
            assert result["body"]["status"] == 401
            assert result["body"]["type"].endswith("#request-already-received")


def test_per_process_nonces_let_replays_through_other_workers(
    seeded: Seeded, serve: Callable[..., Server]
) -> None:
    env = base_env(seeded.database)
    warned = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "django_problems.W160" in warned.stderr + warned.stdout
    server = serve()  # the example's default cache: LocMem, one per worker process
    accepted = 0
    for _round in range(3):  # bounded: one round almost always suffices
        results = fire_copies(server, seeded)
        statuses = [status for status, _ in results]
        assert set(statuses) <= {202, 401}
        accepted = statuses.count(202)
        if accepted > 1:
            break
    assert 1 < accepted <= WORKERS, f"{accepted} copies accepted"


def test_an_unreachable_nonce_store_is_a_503_problem(
    seeded: Seeded, serve: Callable[..., Server]
) -> None:
    server = serve(EXAMPLE_REDIS=f"redis://127.0.0.1:{closed_port()}/0")
    results = fire_copies(server, seeded)
    for status, result in results:
        assert status == 503
        assert result["headers"]["Content-Type"] == "application/problem+json"
        assert result["headers"]["Retry-After"] == "30"
        assert result["body"]["code"] == "E_API_SERVICE_TEMPORARILY_UNAVAILABLE"


def test_signatures_cover_the_request_target_as_sent(
    seeded: Seeded, serve: Callable[..., Server]
) -> None:
    """The server decodes ``/%31/`` to ``/1/``; the signature is over what the client sent."""
    server = serve()
    worker = server.worker_id(seeded.api_key)
    sent = f"/api/workers/%{ord(str(worker)[0]):X}{str(worker)[1:]}/payout?api-version=1.1"
    decoded = f"/api/workers/{worker}/payout?api-version=1.1"
    status, result = server.request("POST", sent, PAYOUT, signed(server, seeded, sent))
    assert status == 202, result
    status, result = server.request("POST", sent, PAYOUT, signed(server, seeded, decoded))
    assert status == 401
    assert result["body"]["signature_error"] == "invalid"
    status, result = server.request("POST", decoded, PAYOUT, signed(server, seeded, decoded))
    assert status == 202, result
