"""Success-path benchmark: what a request that does not fail pays for the package's middleware.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_success            # a few minutes
    .venv/bin/python -m benchmarks.bench_success --quick    # under 30 s (CI smoke)

Three successful requests under ``/api/`` (the package's middleware does its work only there):

* ``prebuilt Django``: a plain Django view returning a small ``HttpResponse``, the cheapest
  request there is, so the middleware is as large a share of it as it can be;
* ``prebuilt DRF``: an ``APIView`` returning ``Response({"ok": True})``;
* ``200 GET``: an ``APIView`` serializing one object (``GET /api/widgets/1/``).

Each goes through Django's full ``WSGIHandler`` (as bench_errors.py does) under two stacks, with
and without the package's middleware:

* ``bare``: no other middleware (the package's share is largest here);
* ``django``: the middleware of a new ``startproject``.

Variants are ``base`` (the stack alone), ``+problems`` (``ProblemMiddleware`` first) and
``+problems+maintenance`` (``MaintenanceMiddleware`` and ``ProblemMiddleware``, the switch in
the local-memory cache, read at most once per ``CHECK_INTERVAL``). Interleaved per round in a
rotating order; reported: median time per request and the median per-round ratio to ``base``.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")

import django

django.setup()

import rest_framework  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.test import RequestFactory, override_settings  # noqa: E402

from benchmarks.bench_errors import CLOCKS, Environ, _quartiles, _ratios, call  # noqa: E402
from django_problems.maintenance import switch  # noqa: E402

TARGET_RATIO = 1.01
"""A request that does not fail may pay at most 1% for the package's middleware."""

DJANGO_STACK: tuple[str, ...] = (
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
"""``startproject``'s ``MIDDLEWARE``."""
PROBLEMS: tuple[str, ...] = ("django_problems.middleware.ProblemMiddleware",)
MAINTENANCE: tuple[str, ...] = ("django_problems.maintenance.MaintenanceMiddleware",)


@dataclass(frozen=True)
class Case:
    """One successful request."""

    name: str
    build: Callable[[RequestFactory], Environ]
    content: bytes


CASES: tuple[Case, ...] = (
    Case("prebuilt Django", lambda f: f.get("/api/ping/").environ, b"ok"),
    Case("prebuilt DRF", lambda f: f.get("/api/hello/").environ, b'{"ok":true}'),
    Case("200 GET", lambda f: f.get("/api/widgets/1/").environ, b'{"id":1,"name":"sprocket"}'),
)


@dataclass(frozen=True)
class Variant:
    """One ``MIDDLEWARE``: a stack, with or without the package's middleware."""

    stack: str
    key: str
    middleware: tuple[str, ...]


def variants() -> list[Variant]:
    found = []
    for stack, base in (("bare", ()), ("django", DJANGO_STACK)):
        found += [
            Variant(stack, "base", base),
            Variant(stack, "+problems", PROBLEMS + base),
            Variant(stack, "+problems+maintenance", MAINTENANCE + PROBLEMS + base),
        ]
    return found


def build_apps(found: list[Variant]) -> dict[Variant, WSGIHandler]:
    """One ``WSGIHandler`` per variant, its middleware chain loaded under its ``MIDDLEWARE``."""
    apps = {}
    for variant in found:
        with override_settings(MIDDLEWARE=list(variant.middleware)):
            apps[variant] = WSGIHandler()
    return apps


def verify(apps: dict[Variant, WSGIHandler], factory: RequestFactory) -> None:
    """Every variant answers every case 200 with the same body, and really runs its stack: the
    Django stack sets X-Frame-Options, ProblemMiddleware answers an unknown API URL with a
    problem, MaintenanceMiddleware a 503 while the switch is on."""
    for variant, app in apps.items():
        for case in CASES:
            response = call(app, case.build(factory))
            content = response.content  # type: ignore[attr-defined]
            if response.status_code != 200 or content != case.content:
                raise SystemExit(f"{variant}: {case.name} answered {response.status_code}")
            if response.has_header("X-Frame-Options") != (variant.stack == "django"):
                raise SystemExit(f"{variant}: the stack is not the one asked for")
        unknown = call(app, factory.get("/api/nope/").environ)
        problem = unknown.get("Content-Type") == "application/problem+json"
        if problem != ("problems" in variant.key):
            raise SystemExit(f"{variant}: ProblemMiddleware present: {problem}")
        switch.enable()
        switch.forget()
        try:
            during = call(app, CASES[0].build(factory)).status_code
        finally:
            switch.disable()
            switch.forget()
        if (during == 503) != ("maintenance" in variant.key):
            raise SystemExit(f"{variant}: maintenance answered {during}")


def measure(
    apps: dict[Variant, WSGIHandler],
    factory: RequestFactory,
    rounds: int,
    batch: int,
    clock: Callable[[], float],
) -> dict[tuple[Variant, str], list[float]]:
    samples: dict[tuple[Variant, str], list[float]] = {(v, c.name): [] for v in apps for c in CASES}
    order = list(apps)
    for round_no in range(rounds):
        shift = round_no % len(order)
        gc.collect()
        for variant in order[shift:] + order[:shift]:
            app = apps[variant]
            for case in CASES:
                environs = [case.build(factory) for _ in range(batch)]
                times = []
                for environ in environs:
                    start = clock()
                    call(app, environ)
                    times.append(clock() - start)
                samples[variant, case.name].append(statistics.median(times))
    return samples


def report(
    samples: dict[tuple[Variant, str], list[float]],
    found: list[Variant],
    rounds: int,
    batch: int,
    clock: str,
    quick: bool,
) -> bool:
    print("Success-path benchmark (benchmarks/bench_success.py)")
    print(
        f"{rounds} rounds x {batch} requests per case and variant, interleaved; median request "
        f"per batch, medians over rounds; {clock} clock. Python {platform.python_version()}, "
        f"Django {django.get_version()}, DRF {rest_framework.VERSION}."
    )
    met = True
    for stack in ("bare", "django"):
        print(f"\nStack {stack!r}: median µs per request; ratio to the stack alone [p25-p75]")
        group = [v for v in found if v.stack == stack]
        base = next(v for v in group if v.key == "base")
        print("case".ljust(18) + "".join(v.key.rjust(32) for v in group))
        for case in CASES:
            cells = ""
            for variant in group:
                values = samples[variant, case.name]
                median = statistics.median(values) * 1e6
                if variant is base:
                    cells += f"{median:8.1f}".rjust(32)
                    continue
                ratios = _ratios(values, samples[base, case.name])
                low, high = _quartiles(ratios)
                ratio = statistics.median(ratios)
                cells += f"{median:8.1f} {ratio:.3f}x [{low:.3f}-{high:.3f}]".rjust(32)
                met = met and ratio <= TARGET_RATIO
            print(case.name.ljust(18) + cells)
    verdict = "met" if met else "MISSED"
    if quick:
        verdict += " (quick mode: too few rounds to judge)"
    print(f"\nTarget (every variant <= {TARGET_RATIO:.2f}x its stack alone): {verdict}")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="CI smoke run")
    parser.add_argument("--rounds", type=int, help="rounds (default 200, --quick 15)")
    parser.add_argument("--batch", type=int, help="requests per batch (default 40, --quick 20)")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu")
    parser.add_argument("--fail-on-miss", action="store_true")
    args = parser.parse_args(argv)
    rounds = args.rounds or (15 if args.quick else 200)
    batch = args.batch or (20 if args.quick else 40)
    found = variants()
    apps = build_apps(found)
    factory = RequestFactory()
    verify(apps, factory)
    for app in apps.values():  # warm-up
        for case in CASES:
            for _ in range(batch):
                call(app, case.build(factory))
    samples = measure(apps, factory, rounds, batch, CLOCKS[args.clock])
    met = report(samples, found, rounds, batch, args.clock, args.quick)
    return 1 if args.fail_on_miss and not met else 0


if __name__ == "__main__":
    sys.exit(main())
