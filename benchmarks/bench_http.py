"""HTTP throughput benchmark: requests per second through real servers, django-problems against
DRF's default handler, drf-standardized-errors and drf-canon.

Run from the repository root (needs ``wrk``: ``apt-get install wrk``)::

    .venv/bin/python -m benchmarks.bench_http            # about 10 minutes
    .venv/bin/python -m benchmarks.bench_http --quick    # under a minute (CI smoke)

The views and settings are the in-process benchmark's (``bench_views.py``, ``bench_settings.py``):
a validation error (400), an ``Http404`` (404) and a successful ``GET`` (200), each served by
gunicorn (2 sync workers, WSGI) and by uvicorn (2 worker processes, ASGI). Each handler variant
runs in server processes of its own (``BENCH_HTTP_VARIANT``, ``bench_http_settings.py``,
``bench_http_app.py``), started and stopped here; every variant is checked to answer every case
as expected before anything is timed. ``wrk`` then loads each (variant, case) for a fixed
duration with fixed connections and threads, the variants interleaved in a rotating order each
round. Reported: the median requests per second over rounds, the median server CPU time per
request (``/proc``, Linux), and for each the median of the per-round ratios to DRF's default
handler. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import importlib.metadata
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.bench_http_settings"
os.environ.pop("BENCH_HTTP_VARIANT", None)

import django

django.setup()

import drf_standardized_errors  # noqa: E402
import rest_framework  # noqa: E402
from django.http import HttpResponse  # noqa: E402

from benchmarks.bench_errors import PATHS, VARIANTS, ErrorPath, Variant, _check_shape  # noqa: E402
from benchmarks.bench_views import INVALID_ORDER, WIDGETS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORKERS = 2
START_TIMEOUT = 60.0

HTTP_VARIANTS: tuple[Variant, ...] = tuple(v for v in VARIANTS if not v.info_logging)
"""DRF's default handler (the baseline), drf-standardized-errors, drf-canon, django-problems
(with its ``ProblemMiddleware``, ``bench_http_settings.py``): the keys are
``BENCH_HTTP_VARIANT``'s."""


@dataclass(frozen=True)
class Case:
    """One request ``wrk`` repeats, and what every variant must answer to it."""

    name: str
    method: str
    path: str
    status: int
    body: bytes = b""
    error_path: ErrorPath | None = None
    """The in-process benchmark's path whose body check applies (``None``: a success)."""


CASES: tuple[Case, ...] = (
    Case(
        "validation 400",
        "POST",
        "/api/orders/",
        400,
        json.dumps(INVALID_ORDER).encode(),
        PATHS[0],
    ),
    Case("404 Http404", "GET", "/api/widgets/7/", 404, error_path=PATHS[1]),
    Case("200 GET", "GET", "/api/widgets/1/", 200),
)


@dataclass(frozen=True)
class ServerKind:
    """How to serve the benchmark project with one server."""

    name: str
    label: str
    booted: str
    """The line the server logs once per worker process ready to serve."""

    def command(self, port: int) -> list[str]:
        if self.name == "gunicorn":
            return [
                str(BIN / "gunicorn"), "benchmarks.bench_http_app:wsgi_application",
                "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
                "--worker-class", "sync", "--preload", "--log-level", "info",
            ]  # fmt: skip
        return [
            str(BIN / "uvicorn"), "benchmarks.bench_http_app:asgi_application",
            "--host", "127.0.0.1", "--port", str(port), "--workers", str(WORKERS),
            "--lifespan", "off", "--no-access-log", "--log-level", "info",
        ]  # fmt: skip


SERVERS: tuple[ServerKind, ...] = (
    # --preload: the application is imported before the workers fork, so a booted worker serves.
    ServerKind("gunicorn", f"gunicorn {WORKERS} sync workers (WSGI)", "Booting worker with pid"),
    # One log line per worker process, after it imported the application.
    ServerKind(
        "uvicorn", f"uvicorn {WORKERS} workers (ASGI, h11, asyncio)", "Started server process"
    ),
)


def free_port() -> int:
    """A port the kernel just handed out (closed again for the server to bind)."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        return int(sock.getsockname()[1])


@dataclass
class Served:
    """One variant under one server: its port and process."""

    variant: Variant
    port: int
    process: subprocess.Popen[bytes]
    log: Path


def request(port: int, case: Case) -> HttpResponse:
    """``case`` once, as ``wrk`` sends it; the answer as a Django response (for the checks)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Connection": "close"}
        if case.body:
            headers["Content-Type"] = "application/json"
        connection.request(case.method, case.path, body=case.body or None, headers=headers)
        answer = connection.getresponse()
        response = HttpResponse(answer.read(), status=answer.status)
        for name, value in answer.getheaders():
            response[name] = value
        return response
    finally:
        connection.close()


def verify(served: Served, case: Case) -> None:
    """Exit unless ``served`` answers ``case`` with its own expected status and body shape."""
    response = request(served.port, case)
    where = f"{served.variant.label} / {case.name}"
    if case.error_path is not None:
        try:
            _check_shape(served.variant, case.error_path, response)
        except AssertionError as failed:
            raise SystemExit(f"{where}: not a django-problems problem: {failed}") from failed
        return
    content_type = response.get("Content-Type", "")
    if response.status_code != case.status or not content_type.startswith("application/json"):
        raise SystemExit(f"{where}: {response.status_code} {content_type!r}, not 200 JSON")
    if json.loads(response.content) != WIDGETS[1]:
        raise SystemExit(f"{where}: unexpected body {response.content!r}")


@contextlib.contextmanager
def serve(kind: ServerKind, variant: Variant, logs: Path) -> Iterator[Served]:
    """``variant`` under ``kind`` on a free port, ready (every worker booted and answering),
    stopped (its whole process group) when the block ends."""
    port = free_port()
    env = {
        **os.environ,
        "BENCH_HTTP_VARIANT": variant.key,
        "PYTHONPATH": str(ROOT),
    }
    log = logs / f"{kind.name}-{variant.key}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            kind.command(port),
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield Served(variant, port, process, log)
    finally:
        process.terminate()  # gunicorn's arbiter and uvicorn's supervisor stop their workers
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # the whole session: master and workers
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_ready(served: Served, kind: ServerKind) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if served.process.poll() is not None:
            raise SystemExit(
                f"{kind.name} ({served.variant.key}) exited:\n{served.log.read_text()}"
            )
        if served.log.read_text().count(kind.booted) >= WORKERS:
            with contextlib.suppress(OSError):
                if request(served.port, CASES[-1]).status_code == 200:
                    return
        if time.monotonic() > deadline:
            raise SystemExit(f"{kind.name} ({served.variant.key}) not ready in {START_TIMEOUT} s")
        time.sleep(0.2)


@dataclass(frozen=True)
class Load:
    """``wrk``'s fixed load."""

    connections: int
    threads: int
    duration: int
    """Seconds per (variant, case, round)."""


def lua_script(case: Case, directory: Path) -> Path | None:
    """The ``wrk`` script that makes ``case`` a JSON POST (``None`` for a plain GET)."""
    if case.method == "GET":
        return None
    script = directory / (re.sub(r"\W+", "-", case.name) + ".lua")
    body = case.body.decode()
    assert "]==]" not in body
    script.write_text(
        f'wrk.method = "{case.method}"\n'
        f"wrk.body = [==[{body}]==]\n"
        'wrk.headers["Content-Type"] = "application/json"\n'
    )
    return script


@dataclass(frozen=True)
class Sample:
    """One ``wrk`` run against one server."""

    rate: float
    """Requests per second (wall clock)."""
    cpu: float | None
    """Seconds of CPU (user + system) the server's processes spent per request (Linux)."""


def session_cpu(session: int) -> float | None:
    """CPU seconds (user + system) the live processes of ``session`` have used: a server's
    master and its workers (``/proc``; ``None`` where there is none)."""
    if not Path("/proc/self/stat").exists():
        return None
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # a process that ended meanwhile
        # proc(5), counted from the state (field 3): session is field 6, utime 14, stime 15.
        if int(fields[3]) == session:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def run_wrk(
    wrk: str, served: Served, case: Case, load: Load, duration: int, scripts: Path
) -> Sample:
    """Load ``served`` with ``case`` for ``duration`` seconds; exits if any answer had another
    status class than the case's, or on socket errors."""
    command = [
        wrk, "--connections", str(load.connections), "--threads", str(load.threads),
        "--duration", f"{duration}s", "--timeout", "10s",
        # A new connection per request: gunicorn's sync workers close every connection anyway,
        # and uvicorn's workers share one listening socket, so a kept-alive connection stays on
        # whichever worker accepted it (wrk opens all of its connections at once: often one).
        "--header", "Connection: close",
    ]  # fmt: skip
    script = lua_script(case, scripts)
    if script is not None:
        command += ["--script", str(script)]
    command.append(f"http://127.0.0.1:{served.port}{case.path}")
    cpu_before = session_cpu(served.process.pid)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu_after = session_cpu(served.process.pid)
    total = re.search(r"(\d+) requests in", output)
    rate = re.search(r"Requests/sec:\s*([\d.]+)", output)
    if total is None or rate is None or not int(total.group(1)):
        raise SystemExit(f"unexpected wrk output:\n{output}")
    requests = int(total.group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    expected_non_2xx = requests if case.status >= 400 else 0
    where = f"{served.variant.label} / {case.name}"
    if (int(non_2xx.group(1)) if non_2xx else 0) != expected_non_2xx:
        raise SystemExit(f"{where}: answers of another status class than {case.status}:\n{output}")
    if errors is not None and any(int(n) for n in errors.groups()):
        raise SystemExit(f"{where}: socket errors:\n{output}")
    cpu = None
    if cpu_before is not None and cpu_after is not None:
        cpu = (cpu_after - cpu_before) / requests
    return Sample(float(rate.group(1)), cpu)


Samples = dict[tuple[str, str, str], list[Sample]]
"""``{(server, case, variant key): [one sample per round]}``."""


def measure_server(
    wrk: str, kind: ServerKind, load: Load, rounds: int, warmup: int, work: Path
) -> Samples:
    """Start every variant under ``kind``, check, warm up, then interleaved rounds."""
    samples: Samples = {(kind.name, c.name, v.key): [] for c in CASES for v in HTTP_VARIANTS}
    with contextlib.ExitStack() as stack:
        started = [stack.enter_context(serve(kind, v, work)) for v in HTTP_VARIANTS]
        for served in started:
            wait_ready(served, kind)
            for case in CASES:
                verify(served, case)
        for served in started:
            for case in CASES:
                if warmup:
                    run_wrk(wrk, served, case, load, warmup, work)
                else:  # imports, URL resolver and catalogue caches of both workers
                    for _ in range(4 * WORKERS):
                        request(served.port, case)
        for round_no in range(rounds):
            shift = round_no % len(started)
            order = started[shift:] + started[:shift]
            for case in CASES:
                for served in order:
                    sample = run_wrk(wrk, served, case, load, load.duration, work)
                    samples[kind.name, case.name, served.variant.key].append(sample)
            print(f"  {kind.name}: round {round_no + 1}/{rounds} done", file=sys.stderr)
    return samples


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}x [{min(values):.2f}-{max(values):.2f}]"


def _table(
    title: str, samples: Samples, kind: ServerKind, unit: str, value: Callable[[Sample], float]
) -> None:
    """Median ``value`` per variant and the median per-round ratio to ``drf``, per case."""
    width = max(len(c.name) for c in CASES) + 2
    print(title)
    header = "".join(f"{v.key + ' ' + unit:>17}" for v in HTTP_VARIANTS)
    header += "".join(f"{v.key + ' / drf':>24}" for v in HTTP_VARIANTS[1:])
    print("case".ljust(width) + header)
    for case in CASES:
        runs = {
            v.key: [value(s) for s in samples[kind.name, case.name, v.key]] for v in HTTP_VARIANTS
        }
        cells = "".join(f"{statistics.median(runs[v.key]):17.1f}" for v in HTTP_VARIANTS)
        for v in HTTP_VARIANTS[1:]:
            ratios = [a / b for a, b in zip(runs[v.key], runs["drf"], strict=True)]
            cells += _spread(ratios).rjust(24)
        print(case.name.ljust(width) + cells)


def report(
    samples: Samples, kinds: tuple[ServerKind, ...], load: Load, rounds: int, load_before: float
) -> None:
    print("HTTP throughput benchmark (benchmarks/bench_http.py)")
    print(
        f"wrk: {load.connections} connections, {load.threads} thread(s), {load.duration} s per "
        f"variant and case per round, a new connection per request; {rounds} rounds, variants "
        "in rotating order; medians over rounds, ratio = median of per-round ratios "
        "to DRF's default handler [min-max]."
    )
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"DRF {rest_framework.VERSION}, drf-standardized-errors "
        f"{getattr(drf_standardized_errors, '__version__', '0.16')}, "
        f"drf-canon {importlib.metadata.version('drf-canon')}; "
        f"{os.cpu_count()} CPUs, load average {load_before:.1f} before the run, "
        f"{os.getloadavg()[0]:.1f} at its end."
    )
    with_cpu = all(s.cpu is not None for runs in samples.values() for s in runs)
    for kind in kinds:
        print()
        print(f"== {kind.label}")
        _table("Requests per second (below 1.00x: fewer than DRF's default handler)",
               samples, kind, "req/s", lambda s: s.rate)  # fmt: skip
        if with_cpu:
            _table("Server CPU microseconds per request (above 1.00x: more than DRF's default)",
                   samples, kind, "us", lambda s: (s.cpu or 0.0) * 1e6)  # fmt: skip
    print()
    print("Columns: " + "; ".join(f"{v.key} = {v.label}" for v in HTTP_VARIANTS))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="CI smoke run, under a minute")
    parser.add_argument("--rounds", type=int, help="rounds (default 10, --quick 2)")
    parser.add_argument("--duration", type=int, help="seconds per wrk run (default 3, --quick 1)")
    parser.add_argument("--warmup", type=int, help="seconds of wrk warm-up (default 2, --quick 0)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (1)")
    parser.add_argument(
        "--server",
        action="append",
        choices=[k.name for k in SERVERS],
        help="benchmark only this server (repeatable; default: both)",
    )
    args = parser.parse_args(argv)
    wrk = shutil.which("wrk")
    if wrk is None:
        print(
            "bench_http needs wrk, the HTTP load generator, on PATH: "
            "`apt-get install wrk` (Debian, Ubuntu), `brew install wrk` (macOS), "
            "or build it from https://github.com/wg/wrk",
            file=sys.stderr,
        )
        return 2
    missing = [k.name for k in SERVERS if not (BIN / k.name).exists()]
    if missing:
        print(f"{', '.join(missing)} missing: pip install -r requirements-dev.txt", file=sys.stderr)
        return 2
    rounds = args.rounds or (2 if args.quick else 10)
    duration = args.duration or (1 if args.quick else 3)
    warmup = args.warmup if args.warmup is not None else (0 if args.quick else 2)
    if rounds < 1 or duration < 1 or warmup < 0 or args.connections < args.threads:
        parser.error("--rounds and --duration at least 1, --connections at least --threads")
    load = Load(args.connections, args.threads, duration)
    kinds = tuple(k for k in SERVERS if not args.server or k.name in args.server)
    samples: Samples = {}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-http-") as work:
        for kind in kinds:
            samples.update(measure_server(wrk, kind, load, rounds, warmup, Path(work)))
    report(samples, kinds, load, rounds, load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
