"""The example project under a real server, for the tests that need one (a helper module of the
example suite, not a test module): schemathesis, the generated clients and the replay tests
(gunicorn, WSGI, or uvicorn, ASGI: :data:`SERVERS`), the browser tests (runserver with static
files).

:func:`serving` starts one server process on a free port in 18000-18999, waits until every
worker process of it serves, and always stops it (its whole process group) when the block ends.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.services import port_open, unavailable

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
START_TIMEOUT = 30.0

SERVERS = ("gunicorn", "uvicorn")
"""The servers the server-level tests run the example project under (their pytest ids):
gunicorn with ``example_project.wsgi`` and uvicorn with ``example_project.asgi``."""

BOOTED = {
    # gunicorn's arbiter, once per worker process it forks (after binding the socket).
    "gunicorn": "Booting worker with pid",
    # uvicorn, once per process, after it imported the application.
    "uvicorn": "Started server process",
}
"""The line each server logs once per worker process, counted before the server is used."""


def free_port() -> int:
    """A port in 18000-18999 nobody is bound to (each tried once, in random order)."""
    for port in random.sample(range(18000, 19000), 1000):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18000-18999")


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "example_project" / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout


def server_command(server: str, port: int, *, workers: int = 1, threads: int = 1) -> list[str]:
    """The command serving the example project on ``127.0.0.1:port`` under ``server``.

    ``threads`` is gunicorn's (more than one makes its workers threaded); a uvicorn worker runs
    Django's synchronous code in one thread and takes ``workers`` processes only. Each server's
    own request size limits are lifted: they answer a plain-text or HTML 4xx before Django sees
    the request, and the tests judge the application (its schema, its problems).
    """
    executable = BIN / server
    if not executable.exists():
        unavailable(f"{server} is not installed (requirements-dev.txt)")
    if server == "gunicorn":
        return [
            str(executable), "example_project.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--threads", str(threads),
            "--timeout", "30", "--graceful-timeout", "5",
            "--limit-request-line", "0",
        ]  # fmt: skip
    if server == "uvicorn":
        return [
            str(executable), "example_project.asgi:application",
            "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
            "--lifespan", "off", "--timeout-graceful-shutdown", "5",
            "--h11-max-incomplete-event-size", str(1024 * 1024),
        ]  # fmt: skip
    raise ValueError(f"unknown server {server!r}: one of {SERVERS}")


def _answers(port: int) -> bool:
    """Whether the example project (its problem-type docs page) answers on ``port``."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/problems/", timeout=5) as page:
            return int(page.status) == 200
    except (OSError, urllib.error.URLError):
        return False


@contextlib.contextmanager
def serving(
    command: list[str],
    port: int,
    env: dict[str, str],
    log_path: Path,
    *,
    booted: str | None = None,
    workers: int = 1,
) -> Iterator[None]:
    """Run the server ``command`` (listening on ``port``) for the block; always stopped after.

    Ready when ``booted`` (a line the server logs once per worker process) was logged
    ``workers`` times and the example answers; a server that exits or is not ready within
    :data:`START_TIMEOUT` fails the test with the end of its log.
    """
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not (
                (booted is None or log_path.read_text().count(booted) >= workers)
                and port_open("127.0.0.1", port)
                and _answers(port)
            ):
                if process.poll() is not None or time.monotonic() > deadline:
                    state = "exited" if process.poll() is not None else "is not ready"
                    tail = log_path.read_text()[-3000:]
                    pytest.fail(f"{command[0]} {state} after {START_TIMEOUT:.0f} s:\n{tail}")
                time.sleep(0.1)
            yield
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


@contextlib.contextmanager
def example_under(
    server: str, env: dict[str, str], log_path: Path, *, workers: int = 1, threads: int = 1
) -> Iterator[int]:
    """The example project under ``server`` (one of :data:`SERVERS`) with ``env``; its port."""
    port = free_port()
    command = server_command(server, port, workers=workers, threads=threads)
    with serving(command, port, env, log_path, booted=BOOTED[server], workers=workers):
        yield port


@dataclass
class RunningExample:
    """The example project under a server: its port, the demo users' credentials, and the
    environment its ``manage.py`` commands need (to change its database or switches)."""

    port: int
    keys: dict[str, str]
    """API key of each demo user (``demo``, ``other``, ``admin``)."""
    signing_keys: dict[str, str]
    """ed25519 private key (base64) registered for each of those API keys."""
    env: dict[str, str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str) -> str:
        """Run ``manage.py`` on the server's database and switches; its output."""
        return manage(self.env, *args)

    def maintenance(self, state: str) -> None:
        """Turn the maintenance switch ``on`` or ``off`` and wait until the server answers
        accordingly: each process reads the switch once per ``CHECK_INTERVAL`` (1 s)."""
        self.manage("problems_maintenance", state)
        wanted = 503 if state == "on" else 401
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/api/workers?api-version=1.1", timeout=5)
                status = 200
            except urllib.error.HTTPError as answered:
                status = answered.code
            if status == wanted:
                return
            assert time.monotonic() < deadline, f"maintenance {state}: still {status} after 10 s"
            time.sleep(0.1)


def demo_credentials(output: str) -> tuple[dict[str, str], dict[str, str]]:
    """The API keys and signing keys ``manage.py demo_data`` printed, by user."""
    keys: dict[str, str] = {}
    signing: dict[str, str] = {}
    user = ""
    for line in output.splitlines():
        if not line.startswith(" ") and ": " in line:
            user, _header, key = line.split(": ", 2)
            keys[user] = key
        elif line.strip().startswith("ed25519 signing key (private): "):
            signing[user] = line.split(": ", 1)[1]
    return keys, signing


@contextlib.contextmanager
def example_server(
    tmp_path: Path, *, static: bool = False, server: str = "gunicorn"
) -> Iterator[tuple[int, str]]:
    """The example project on a free port with a temporary SQLite database and the demo data.

    Yields ``(port, demo API key)``; ``server`` (gunicorn or uvicorn), or ``runserver
    --insecure`` when the page needs static files (Swagger UI and Redoc from the sidecar).
    Stopped on exit.
    """
    with running_example(tmp_path, static=static, server=server) as example:
        yield example.port, example.keys["demo"]


@contextlib.contextmanager
def running_example(
    tmp_path: Path, *, static: bool = False, server: str = "gunicorn"
) -> Iterator[RunningExample]:
    """:func:`example_server`, with every demo credential and the server's environment.

    gunicorn runs one worker of four threads, uvicorn one worker process.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_project.settings",
        "EXAMPLE_SQLITE": str(tmp_path / "db.sqlite3"),
        "EXAMPLE_SWITCHES_DIR": str(tmp_path / "switches"),
        "EXAMPLE_DEBUG": "0",
        "PYTHONPATH": str(ROOT),
    }
    manage(env, "migrate", "-v0")
    keys, signing_keys = demo_credentials(manage(env, "demo_data"))
    log_path = tmp_path / "server.log"
    if static:
        port = free_port()
        command = [sys.executable, str(ROOT / "example_project" / "manage.py"), "runserver"]
        command += ["--noreload", "--insecure", f"127.0.0.1:{port}"]
        with serving(command, port, env, log_path):
            yield RunningExample(port, keys, signing_keys, env)
        return
    with example_under(server, env, log_path, threads=4) as port:
        yield RunningExample(port, keys, signing_keys, env)
