"""Schemathesis against the example project under a real server (gunicorn), every check.

The server runs on a free port in 18000-18999 with a temporary SQLite database and the demo data,
and is stopped at the end. The run is bounded (``PROBLEMS_SCHEMATHESIS_MAX_TIME`` seconds,
``PROBLEMS_SCHEMATHESIS_EXAMPLES`` examples per operation) and must end with zero failures.

Two of schemathesis's checks judge how exactly the request schema describes validation, which
JSON Schema cannot say everywhere; ``CONFIG`` states each exception and why.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import port_open, unavailable

pytestmark = [pytest.mark.server]

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MAX_TIME = os.environ.get("PROBLEMS_SCHEMATHESIS_MAX_TIME", "120")
EXAMPLES = os.environ.get("PROBLEMS_SCHEMATHESIS_EXAMPLES", "10")

CONFIG = """
# Every check schemathesis has (the config, not --checks, so operations can refine them).
[checks]
enabled = true

# Only request validation is relaxed here, never a response check (status, content type, headers,
# body conformance and the others all stay on for every operation):
# * positive data: availability intervals must end after they start, a rule across fields that
#   JSON Schema cannot state; schema-valid data breaking it gets 400 parameters-out-of-range.
# * negative data: DRF's CharField converts a JSON number to a string ("name": 0 is accepted)
#   and a repeated query parameter gives its last value (?limit=1&limit=2): DRF's leniency, not
#   an error-path problem (reported).
[[operations]]
include-path-regex = "^/api/(workers|offers|availability)"
checks.positive_data_acceptance.expected-statuses = [
  "2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"
]
checks.negative_data_rejection.enabled = false
"""


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


@contextlib.contextmanager
def example_server(tmp_path: Path, *, static: bool = False) -> Iterator[tuple[int, str]]:
    """The example project on a free port with a temporary SQLite database and the demo data.

    Yields ``(port, demo API key)``; gunicorn, or ``runserver --insecure`` when the page needs
    static files (Swagger UI and Redoc from the sidecar). Stopped on exit.
    """
    gunicorn = BIN / "gunicorn"
    if not gunicorn.exists():
        unavailable("gunicorn is not installed (requirements-dev.txt)")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_project.settings",
        "EXAMPLE_SQLITE": str(tmp_path / "db.sqlite3"),
        "EXAMPLE_DEBUG": "0",
        "PYTHONPATH": str(ROOT),
    }
    manage(env, "migrate", "-v0")
    keys = manage(env, "demo_data")
    key = next(line.split(": ", 2)[2] for line in keys.splitlines() if line.startswith("demo: "))
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
            yield port, key
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


def test_schemathesis_finds_no_failure(tmp_path):
    st = BIN / "st"
    if not st.exists():
        unavailable("schemathesis is not installed (requirements-dev.txt)")
    with example_server(tmp_path) as (port, key):
        (tmp_path / "schemathesis.toml").write_text(CONFIG)
        result = subprocess.run(
            [
                str(st),
                "run",
                f"http://127.0.0.1:{port}/schema/?version=1.1",
                "--header",
                f"X-Api-Key: {key}",
                "--max-examples",
                EXAMPLES,
                "--max-time",
                MAX_TIME,
                "--seed",
                "20261122",
                "--no-color",
                "--warnings",
                "off",
                "--request-timeout",
                "30",
            ],
            cwd=tmp_path,
            env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            capture_output=True,
            text=True,
            timeout=int(MAX_TIME) + 240,
        )
    shutil.rmtree(tmp_path / ".schemathesis", ignore_errors=True)
    report = result.stdout[-20000:] + result.stderr[-4000:]
    assert result.returncode == 0, report
    assert "Tested: " in result.stdout and "failures" not in result.stdout.lower(), report
