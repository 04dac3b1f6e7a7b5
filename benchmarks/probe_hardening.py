"""Hostile-client probes against the example project under gunicorn: what they cost the server.

Run from the repository root::

    .venv/bin/python -m benchmarks.probe_hardening

Three measurements, each on a fresh server (one sync worker, a temporary SQLite database):

* **charset**: ``POST /api/workers`` with ``Content-Type: application/json; charset=zlib`` and a
  body that zlib inflates 1000-fold (and ``hex``, ``base64``, an unknown charset): the status,
  the time, and the worker's resident memory before and after;
* **amplification**: a body that is a list of many empty objects, and a body of 100 wrong
  items: request bytes, answer bytes, their ratio, and the worker's memory;
* **stalled cache**: the caches point at a TCP server that accepts connections and never
  answers (Redis with the example's 0.5 s socket timeouts): the time of each of a series of
  API requests (401 and 404), the maintenance switch failing open.

Nothing here is asserted: the figures are printed (the tests assert the behaviour).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` in KiB (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


class Example:
    """The example project under gunicorn with one sync worker."""

    def __init__(self, workdir: Path, extra_env: dict[str, str]) -> None:
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("EXAMPLE_")},
            "DJANGO_SETTINGS_MODULE": "example_project.settings",
            "PYTHONPATH": str(ROOT),
            "EXAMPLE_DEBUG": "0",
            "EXAMPLE_SQLITE": str(workdir / "db.sqlite3"),
            "EXAMPLE_SWITCHES_DIR": str(workdir / "switches"),
            **extra_env,
        }
        self.manage("migrate", "-v0")
        output = self.manage("demo_data")
        self.key = next(
            line.split(": ", 2)[2] for line in output.splitlines() if line.startswith("demo: ")
        )
        self.port = free_port()
        self.log = (workdir / "gunicorn.log").open("w")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "example_project.wsgi",
                *("-b", f"127.0.0.1:{self.port}", "-w", "1", "--timeout", "120"),
            ],
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.1)

    def manage(self, *args: str) -> str:
        return subprocess.run(
            [sys.executable, str(ROOT / "example_project" / "manage.py"), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout

    def worker_pid(self) -> int:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return int(children.read_text().split()[0])

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, float]:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=120)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            return response.status, data, time.perf_counter() - started
        finally:
            connection.close()

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


@contextmanager
def example(extra_env: dict[str, str] | None = None) -> Iterator[Example]:
    with tempfile.TemporaryDirectory() as workdir:
        server = Example(Path(workdir), extra_env or {})
        try:
            yield server
        finally:
            server.stop()


API = "/api/workers?api-version=1.1"


def charset_probes() -> None:
    print("\n== charset: bodies a codec would inflate, unknown charsets")
    inflating = zlib.compress(b" " * 200_000_000, 9)
    probes = [
        ("zlib", inflating),
        ("hex", b"7b7d" * 50_000),
        ("base64", b"e30=" * 50_000),
        ("nope", b"{}"),
    ]
    with example() as server:
        pid = server.worker_pid()
        for _ in range(20):
            server.request("GET", "/problems/")
        before = rss_kib(pid)
        for charset, body in probes:
            headers = {
                "Content-Type": f"application/json; charset={charset}",
                "X-Api-Key": server.key,
            }
            times, statuses = [], set()
            for _ in range(5):
                status, data, elapsed = server.request("POST", API, body, headers)
                statuses.add((status, json.loads(data).get("code")))
                times.append(elapsed)
            print(
                f"  charset={charset:7} body {len(body) / 1024:7.1f} KiB -> {sorted(statuses)}, "
                f"median {statistics.median(times) * 1000:.1f} ms"
            )
        after = rss_kib(pid)
        print(f"  worker RSS: {before / 1024:.1f} MiB before, {after / 1024:.1f} MiB after 20")


def amplification_probes() -> None:
    print("\n== amplification: error bytes per request byte")
    with example() as server:
        pid = server.worker_pid()
        for _ in range(20):
            server.request("GET", "/problems/")
        before = rss_kib(pid)
        headers = {"Content-Type": "application/json", "X-Api-Key": server.key}
        cases = {
            "50,000 empty availability entries": {
                "name": "A",
                "email": "a@example.com",
                "availability": [{}] * 50_000,
            },
            "100 empty availability entries (the most the example takes)": {
                "name": "A",
                "email": "a@example.com",
                "availability": [{}] * 100,
            },
            "one wrong field": {"name": "", "email": "a@example.com"},
        }
        for name, payload in cases.items():
            body = json.dumps(payload, separators=(",", ":")).encode()
            status, data, elapsed = server.request("POST", API, body, headers)
            print(
                f"  {name}: {len(body):,} B -> {status} {len(data):,} B "
                f"(x{len(data) / len(body):.2f}) in {elapsed * 1000:.1f} ms"
            )
        after = rss_kib(pid)
        print(f"  worker RSS: {before / 1024:.1f} MiB before, {after / 1024:.1f} MiB after")


@contextmanager
def black_hole() -> Iterator[int]:
    """A TCP server that accepts connections and never reads or answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


def stalled_cache_probe() -> None:
    print("\n== a cache that never answers (Redis URL on a black hole; 0.5 s socket timeouts)")
    with black_hole() as port, example({"EXAMPLE_REDIS": f"redis://127.0.0.1:{port}/0"}) as srv:
        for path, expected in (("/api/workers?api-version=1.1", 401), ("/api/nope", 404)):
            times = []
            for _ in range(20):
                status, _data, elapsed = srv.request("GET", path)
                assert status == expected, (path, status)
                times.append(elapsed * 1000)
            print(
                f"  GET {path} ({expected}) x20: first {times[0]:.0f} ms, then median "
                f"{statistics.median(times[1:]):.1f} ms, max {max(times[1:]):.1f} ms"
            )


def main() -> int:
    print(f"Python {sys.version.split()[0]}; the example project under gunicorn, 1 sync worker")
    charset_probes()
    amplification_probes()
    stalled_cache_probe()
    return 0


if __name__ == "__main__":
    sys.exit(main())
