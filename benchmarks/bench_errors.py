"""Error-path benchmark: django-problems against DRF's default handler, drf-standardized-errors
and drf-canon.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_errors            # a few minutes at most
    .venv/bin/python -m benchmarks.bench_errors --quick    # under 30 s (CI smoke)

Every request goes through Django's full ``WSGIHandler`` (URL resolution, the DRF view, the
exception handler, rendering, ``request_finished``), built with ``RequestFactory``. The views and
data are the same for every handler; only ``REST_FRAMEWORK["EXCEPTION_HANDLER"]`` is switched
(with ``override_settings``), and each handler is checked once to produce its own body shape
before anything is timed. Handlers run interleaved: every round runs one batch of every path under
every handler, in a rotating order, so drift and noise hit all of them alike. Reported: the median
time per request and the median of the per-round ratios to DRF's default handler.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib.metadata
import io
import json
import logging
import os
import platform
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")

import django

django.setup()

import drf_standardized_errors  # noqa: E402
import rest_framework  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.http.response import HttpResponseBase  # noqa: E402
from django.test import RequestFactory, override_settings  # noqa: E402

from benchmarks import bench_settings  # noqa: E402
from benchmarks.bench_views import INVALID_ORDER  # noqa: E402
from django_problems.testing import assert_problem  # noqa: E402

TARGET_RATIO = 1.05
"""django-problems may cost at most this multiple of DRF's default handler on every path."""

Environ = dict[str, Any]


@dataclass(frozen=True)
class ErrorPath:
    """One error path: how to build its request and the status every handler must answer."""

    name: str
    status: int
    build: Callable[[RequestFactory], Environ]


def _order(factory: RequestFactory) -> Environ:
    body = json.dumps(INVALID_ORDER)
    return factory.post("/api/orders/", body, content_type="application/json").environ


PATHS: tuple[ErrorPath, ...] = (
    ErrorPath("validation (nested, lists)", 400, _order),
    ErrorPath("404 Http404", 404, lambda f: f.get("/api/widgets/7/").environ),
    ErrorPath("401 not authenticated", 401, lambda f: f.get("/api/private/").environ),
    ErrorPath("405 method not allowed", 405, lambda f: f.delete("/api/widgets/1/").environ),
)


@dataclass(frozen=True)
class Variant:
    """One exception handler configuration under test."""

    key: str
    label: str
    handler: str
    info_logging: bool = False


VARIANTS: tuple[Variant, ...] = (
    Variant("drf", "DRF default", bench_settings.DRF_DEFAULT_HANDLER),
    Variant("std", "drf-standardized-errors", bench_settings.STANDARDIZED_HANDLER),
    Variant("canon", "drf-canon", bench_settings.CANON_HANDLER),
    Variant("problems", "django-problems", bench_settings.PROBLEMS_HANDLER),
    Variant(
        "problems+info",
        "django-problems, INFO log to NullHandler",
        bench_settings.PROBLEMS_HANDLER,
        info_logging=True,
    ),
)


@contextmanager
def using(variant: Variant, handler: logging.Handler | None = None) -> Iterator[None]:
    """Switch DRF's exception handler (and the problems logger's level) for a block."""
    drf_settings = {**settings.REST_FRAMEWORK, "EXCEPTION_HANDLER": variant.handler}
    logger = logging.getLogger("django_problems")
    sink = handler or logging.NullHandler()
    if variant.info_logging:
        logger.setLevel(logging.INFO)
        logger.addHandler(sink)
        logger.propagate = False
    try:
        with override_settings(REST_FRAMEWORK=drf_settings):
            yield
    finally:
        if variant.info_logging:
            logger.removeHandler(sink)
            logger.setLevel(logging.NOTSET)
            logger.propagate = True


def _write(data: bytes) -> None:
    return None


def _start_response(
    status: str, headers: list[tuple[str, str]], exc_info: Any = None
) -> Callable[[bytes], object]:
    return _write


def call(app: WSGIHandler, environ: Environ) -> HttpResponseBase:
    """One request as a WSGI server makes it: call, read the body, close."""
    response = app(environ, _start_response)
    b"".join(response)
    response.close()
    return response


def _json(response: HttpResponseBase) -> Any:
    return json.loads(response.content)  # type: ignore[attr-defined]


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


DJANGO_STACK: tuple[str, ...] = (
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
"""``startproject``'s ``MIDDLEWARE``: the ``django`` stack (``--stack django``)."""
PROBLEM_MIDDLEWARE: Final = "django_problems.middleware.ProblemMiddleware"

Apps = dict[str, WSGIHandler]


def build_apps(stack: str) -> Apps:
    """One ``WSGIHandler`` per variant: no middleware (``bare``), or startproject's
    (``django``), with ``ProblemMiddleware`` first for django-problems, as it is installed."""
    apps = {}
    for variant in VARIANTS:
        middleware = list(DJANGO_STACK) if stack == "django" else []
        if variant.handler == bench_settings.PROBLEMS_HANDLER:
            middleware.insert(0, PROBLEM_MIDDLEWARE)
        with override_settings(MIDDLEWARE=middleware):
            apps[variant.key] = WSGIHandler()
    return apps


def verify(apps: Apps, factory: RequestFactory) -> None:
    """Fail loudly unless every handler is really in use and answers its own body shape."""
    for variant in VARIANTS:
        records = _Records()
        with using(variant, records):
            for error_path in PATHS:
                response = call(apps[variant.key], error_path.build(factory))
                _check_shape(variant, error_path, response)
        if variant.info_logging and len(records.records) != len(PATHS):
            raise SystemExit(f"{variant.label}: expected {len(PATHS)} log records")


def _check_shape(variant: Variant, error_path: ErrorPath, response: HttpResponseBase) -> None:
    where = f"{variant.label} / {error_path.name}"
    if response.status_code != error_path.status:
        raise SystemExit(f"{where}: status {response.status_code}, not {error_path.status}")
    content_type = response.get("Content-Type", "")
    body = _json(response)
    if variant.handler == bench_settings.PROBLEMS_HANDLER:
        slug = {400: "invalid-parameters", 404: "not-found", 401: "unauthorised"}.get(
            error_path.status, "invalid-http-method"
        )
        assert_problem(response, slug)
        if error_path.status == 400 and "items[1].quantity" not in body["errors"]:
            raise SystemExit(f"{where}: nested list errors missing: {body['errors']}")
        return
    if variant.handler == bench_settings.CANON_HANDLER:
        _check_canon(where, error_path, response, body)
        return
    if not content_type.startswith("application/json"):
        raise SystemExit(f"{where}: Content-Type {content_type!r}")
    if variant.handler == bench_settings.STANDARDIZED_HANDLER:
        expected = "validation_error" if error_path.status == 400 else "client_error"
        if body.get("type") != expected or not isinstance(body.get("errors"), list):
            raise SystemExit(f"{where}: not drf-standardized-errors' shape: {body}")
        return
    shape_ok = "reference" in body if error_path.status == 400 else set(body) == {"detail"}
    if "type" in body or not shape_ok:
        raise SystemExit(f"{where}: not DRF's default shape: {body}")


CANON_TYPES: Final = {
    400: "/problems/validation-error",
    404: "/problems/not-found",
    401: "/problems/unauthenticated",
    405: "/problems/method-not-allowed",
}
"""drf-canon's type for each benchmarked status (its default ``PROBLEM_TYPE_BASE``)."""


def _check_canon(where: str, error_path: ErrorPath, response: HttpResponseBase, body: Any) -> None:
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("application/problem+json"):
        raise SystemExit(f"{where}: Content-Type {content_type!r}")
    expected = (CANON_TYPES[error_path.status], error_path.status)
    if (body.get("type"), body.get("status")) != expected:
        raise SystemExit(f"{where}: not drf-canon's shape: {body}")
    if error_path.status == 400:
        pointers = {e.get("pointer") for e in body.get("errors", [])}
        if "/items/1/quantity" not in pointers:
            raise SystemExit(f"{where}: nested list errors missing: {body}")


CLOCKS: Mapping[str, Callable[[], float]] = {
    "cpu": time.process_time,
    "wall": time.perf_counter,
}
"""``cpu`` (the default) leaves out the time other processes hold the CPU: steadier on a
shared machine. ``wall`` is what a client waits on an idle machine."""


def run_batch(app: WSGIHandler, environs: list[Environ], clock: Callable[[], float]) -> float:
    """Median seconds per request over one batch of prepared requests.

    Each request is timed on its own, so a request slowed by something outside the benchmark
    (an interrupt, a collection, another process) moves the median of its batch very little.
    """
    times = []
    for environ in environs:
        start = clock()
        call(app, environ)
        times.append(clock() - start)
    return statistics.median(times)


def measure(
    apps: Apps,
    factory: RequestFactory,
    rounds: int,
    batch: int,
    clock: Callable[[], float],
    paths: tuple[ErrorPath, ...] = PATHS,
) -> dict[tuple[str, str], list[float]]:
    """Interleaved timing: ``{(variant key, path name): [seconds per request, one per round]}``."""
    samples: dict[tuple[str, str], list[float]] = {
        (v.key, p.name): [] for v in VARIANTS for p in paths
    }
    for round_no in range(rounds):
        shift = round_no % len(VARIANTS)
        order = VARIANTS[shift:] + VARIANTS[:shift]
        gc.collect()
        for variant in order:
            app = apps[variant.key]
            with using(variant):
                for error_path in paths:
                    call(app, error_path.build(factory))  # warm the switched settings
                    environs = [error_path.build(factory) for _ in range(batch)]
                    samples[variant.key, error_path.name].append(run_batch(app, environs, clock))
    return samples


def _ratios(numerators: list[float], denominators: list[float]) -> list[float]:
    return [n / d for n, d in zip(numerators, denominators, strict=True)]


def _quartiles(values: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(values, n=4)
    return q[0], q[2]


def report(
    samples: Mapping[tuple[str, str], list[float]],
    rounds: int,
    batch: int,
    mode: str,
    clock: str,
    paths: tuple[ErrorPath, ...] = PATHS,
    stack: str = "bare",
) -> bool:
    """Print the tables; return whether django-problems met its target on every path."""
    print("Error-path benchmark (benchmarks/bench_errors.py)")
    middleware = (
        "no middleware (ProblemMiddleware alone for django-problems)"
        if stack == "bare"
        else "startproject's middleware (ProblemMiddleware first for django-problems)"
    )
    print(
        "Measured: the full request through Django's WSGIHandler (URL resolution, DRF view, "
        "exception handler, rendering, request_finished); requests built with RequestFactory; "
        f"{middleware}; no database."
    )
    print(
        f"Mode {mode}: {rounds} rounds x {batch} requests per path and handler, handlers "
        "round-robin in rotating order; median request of each batch, medians over rounds; "
        f"{clock} clock "
        f"({'process CPU time' if clock == 'cpu' else 'wall time'})."
    )
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"DRF {rest_framework.VERSION}, drf-standardized-errors "
        f"{getattr(drf_standardized_errors, '__version__', '0.16')}, "
        f"drf-canon {importlib.metadata.version('drf-canon')}; "
        "django_problems logger at its default level except in the INFO column."
    )
    print()
    width = max(len(p.name) for p in paths) + 2
    print("Median microseconds per request")
    print("path".ljust(width) + "".join(v.key.rjust(16) for v in VARIANTS))
    for p in paths:
        cells = "".join(
            f"{statistics.median(samples[v.key, p.name]) * 1e6:16.1f}" for v in VARIANTS
        )
        print(p.name.ljust(width) + cells)
    print()
    print("Ratio to DRF's default handler (median of per-round ratios) [p25-p75]")
    print("path".ljust(width) + "".join(v.key.rjust(22) for v in VARIANTS))
    met = True
    for p in paths:
        base = samples["drf", p.name]
        cells = ""
        for v in VARIANTS:
            ratios = _ratios(samples[v.key, p.name], base)
            low, high = _quartiles(ratios)
            cells += f"{statistics.median(ratios):.2f}x [{low:.2f}-{high:.2f}]".rjust(22)
        print(p.name.ljust(width) + cells)
        ours = statistics.median(_ratios(samples["problems", p.name], base))
        theirs = min(
            statistics.median(_ratios(samples[key, p.name], base)) for key in ("std", "canon")
        )
        met = met and ours <= TARGET_RATIO and ours <= theirs
    print()
    print("Columns: " + "; ".join(f"{v.key} = {v.label}" for v in VARIANTS))
    verdict = "met" if met else "MISSED"
    if mode == "quick":
        verdict += " (quick mode: a smoke run, too few rounds to judge; run without --quick)"
    print(
        f"Target (problems <= {TARGET_RATIO:.2f}x DRF default and <= drf-standardized-errors "
        f"and drf-canon on every path): {verdict}"
    )
    return met


def profile(apps: Apps, factory: RequestFactory, key: str, requests: int) -> None:
    """Print the hottest functions of one handler over every path (cumulative time)."""
    variant = next(v for v in VARIANTS if v.key == key)
    app = apps[key]
    profiler = cProfile.Profile()
    with using(variant):
        for error_path in PATHS:
            environs = [error_path.build(factory) for _ in range(requests)]
            profiler.enable()
            for environ in environs:
                call(app, environ)
            profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
    print(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="CI smoke run, under 30 seconds")
    parser.add_argument("--rounds", type=int, help="rounds (default 150, --quick 15)")
    parser.add_argument("--batch", type=int, help="requests per batch (default 40, --quick 20)")
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="cpu",
        help="cpu: process CPU time (default, robust to other load); wall: elapsed time",
    )
    parser.add_argument(
        "--stack",
        choices=["bare", "django"],
        default="bare",
        help="bare: no middleware but ProblemMiddleware (the handler's largest share); django: "
        "startproject's middleware for every handler",
    )
    parser.add_argument(
        "--fail-on-miss",
        action="store_true",
        help="exit with status 1 when django-problems misses its target (use with a full run)",
    )
    parser.add_argument(
        "--profile",
        choices=[v.key for v in VARIANTS],
        help="profile one handler with cProfile instead of benchmarking",
    )
    parser.add_argument(
        "--path",
        action="append",
        choices=[p.name.split()[0] for p in PATHS],
        help="time only this error path (repeatable; default: all)",
    )
    args = parser.parse_args(argv)
    rounds = args.rounds or (15 if args.quick else 150)
    batch = args.batch or (20 if args.quick else 40)
    if rounds < 2 or batch < 1:
        parser.error("--rounds must be at least 2 and --batch at least 1")
    apps = build_apps(args.stack)
    factory = RequestFactory()
    logging.getLogger("django.request").disabled = False
    verify(apps, factory)
    if args.profile:
        profile(apps, factory, args.profile, batch * 10)
        return 0
    for variant in VARIANTS:  # warm-up: imports, URL resolver and catalogue caches
        with using(variant):
            for error_path in PATHS:
                for _ in range(batch):
                    call(apps[variant.key], error_path.build(factory))
    paths = tuple(p for p in PATHS if not args.path or p.name.split()[0] in args.path)
    samples = measure(apps, factory, rounds, batch, CLOCKS[args.clock], paths)
    mode = "quick" if args.quick else "full"
    met = report(samples, rounds, batch, mode, args.clock, paths, args.stack)
    return 1 if args.fail_on_miss and not met else 0


if __name__ == "__main__":
    sys.exit(main())
