"""The example project under a real server, for the tests that need one (a helper module of the
example suite, not a test module): schemathesis and the generated clients (gunicorn), the browser
tests (runserver with static files)."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.services import port_open, unavailable

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    ports = list(range(18000, 19000))
    random.shuffle(ports)
    for port in ports:
        if not port_open("127.0.0.1", port, timeout=0.05):
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
def example_server(tmp_path: Path, *, static: bool = False) -> Iterator[tuple[int, str]]:
    """The example project on a free port with a temporary SQLite database and the demo data.

    Yields ``(port, demo API key)``; gunicorn, or ``runserver --insecure`` when the page needs
    static files (Swagger UI and Redoc from the sidecar). Stopped on exit.
    """
    with running_example(tmp_path, static=static) as example:
        yield example.port, example.keys["demo"]


@contextlib.contextmanager
def running_example(tmp_path: Path, *, static: bool = False) -> Iterator[RunningExample]:
    """:func:`example_server`, with every demo credential and the server's environment."""
    gunicorn = BIN / "gunicorn"
    if not gunicorn.exists():
        unavailable("gunicorn is not installed (requirements-dev.txt)")
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
    port = free_port()
    if static:
        command = [sys.executable, str(ROOT / "example_project" / "manage.py"), "runserver"]
        command += ["--noreload", "--insecure", f"127.0.0.1:{port}"]
    else:
        command = [str(gunicorn), "example_project.wsgi", "-b", f"127.0.0.1:{port}"]
        # gunicorn's own limit answers an HTML 414 before Django sees the request; the
        # schema documents the application, so the front server's limits are lifted here.
        command += ["-w", "1", "--threads", "4", "--limit-request-line", "0"]
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + 30
            while not port_open("127.0.0.1", port):
                assert server.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "the server did not start in 30 s"
                time.sleep(0.2)
            yield RunningExample(port, keys, signing_keys, env)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
