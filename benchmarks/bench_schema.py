"""Schema generation cost: django-problems vs plain drf-spectacular vs drf-standardized-errors.

Generates APIs of 50, 200 and 800 operations (resources of five operations each, over a fixed set
of serializers) and, in the same run and interleaved, times the schema served by drf-spectacular's
view and written by ``manage.py spectacular`` under each ``AutoSchema``; prints time (median of
``--repeat`` runs, process CPU time by default), YAML size (bytes of the served YAML) and component
count, and the ratios to plain drf-spectacular.

    .venv/bin/python benchmarks/bench_schema.py [--sizes 50 200 800] [--repeat 3]
        [--variants drf-spectacular django-problems]   # skip the slow drf-standardized-errors
        [--clock cpu|wall]
"""

from __future__ import annotations

import argparse
import gc
import io
import statistics
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VARIANTS = {
    "drf-spectacular": "drf_spectacular.openapi.AutoSchema",
    "django-problems": "django_problems.openapi.AutoSchema",
    "drf-standardized-errors": "drf_standardized_errors.openapi.AutoSchema",
}


def configure() -> None:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench",
        ALLOWED_HOSTS=["*"],
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "rest_framework",
            "drf_spectacular",
            "drf_standardized_errors",
            "django_problems",
            "django_problems.openapi",
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        ROOT_URLCONF="bench_urls_50",
        REST_FRAMEWORK={"DEFAULT_SCHEMA_CLASS": VARIANTS["drf-spectacular"]},
        SPECTACULAR_SETTINGS={"DISABLE_ERRORS_AND_WARNINGS": True},
        PROBLEMS={"TYPE_BASE_URL": "https://api.example.com/problems/"},
        USE_TZ=True,
    )
    django.setup()


def serializers_module() -> list[type]:
    """A fixed set of serializers: nested, lists, ranges, choices (what real APIs have)."""
    from rest_framework import serializers

    class Address(serializers.Serializer[Any]):
        street = serializers.CharField(max_length=200)
        city = serializers.CharField(max_length=100)
        postcode = serializers.RegexField(r"^[0-9A-Z ]{3,10}$")

    class Person(serializers.Serializer[Any]):
        id = serializers.IntegerField(read_only=True)
        name = serializers.CharField(max_length=100)
        email = serializers.EmailField()
        age = serializers.IntegerField(min_value=0, max_value=150, required=False)
        address = Address()

    class Order(serializers.Serializer[Any]):
        id = serializers.IntegerField(read_only=True)
        reference = serializers.CharField(max_length=32)
        amount = serializers.DecimalField(max_digits=10, decimal_places=2)
        status = serializers.ChoiceField(choices=["new", "paid", "shipped"])
        lines = serializers.ListField(child=serializers.CharField(), max_length=50)

    class Event(serializers.Serializer[Any]):
        id = serializers.IntegerField(read_only=True)
        title = serializers.CharField()
        start = serializers.DateTimeField()
        end = serializers.DateTimeField()
        attendees = Person(many=True, required=False)

    class Tag(serializers.Serializer[Any]):
        id = serializers.IntegerField(read_only=True)
        slug = serializers.SlugField()

    return [Person, Order, Event, Tag, Address]


def build_urlconf(operations: int, shapes: list[type]) -> str:
    """A URLconf module with ``operations`` operations (5 per resource), registered by name."""
    from django.urls import path
    from rest_framework import generics

    patterns = []
    for index in range(operations // 5):
        serializer = shapes[index % len(shapes)]

        class Items(generics.ListCreateAPIView[Any]):
            serializer_class = serializer

        class Item(generics.RetrieveUpdateDestroyAPIView[Any]):
            serializer_class = serializer
            http_method_names = ["get", "put", "delete"]

        Items.__name__ = Items.__qualname__ = f"Items{index}"
        Item.__name__ = Item.__qualname__ = f"Item{index}"
        patterns += [
            path(f"api/r{index}", Items.as_view()),
            path(f"api/r{index}/<int:pk>", Item.as_view()),
        ]
    name = f"bench_urls_{operations}"
    module = types.ModuleType(name)
    module.urlpatterns = patterns  # type: ignore[attr-defined]
    sys.modules[name] = module
    return name


SLOW = "drf-standardized-errors"

HANDLERS = {
    "drf-standardized-errors": "drf_standardized_errors.handler.exception_handler",
    "django-problems": "django_problems.handler.exception_handler",
}


def use_variant(variant: str) -> None:
    """Each contender with its own exception handler (drf-standardized-errors needs it)."""
    from rest_framework.settings import api_settings

    settings.REST_FRAMEWORK = {
        "DEFAULT_SCHEMA_CLASS": VARIANTS[variant],
        "EXCEPTION_HANDLER": HANDLERS.get(variant, "rest_framework.views.exception_handler"),
    }
    api_settings.reload()


def via_view(urlconf: str) -> bytes:
    """The schema as drf-spectacular's view serves it (YAML)."""
    from django.test import RequestFactory
    from drf_spectacular.views import SpectacularAPIView

    view = SpectacularAPIView.as_view(urlconf=urlconf)
    response = view(RequestFactory().get("/schema/"))
    response.render()
    content: bytes = response.content
    return content


def via_command(urlconf: str) -> bytes:
    """The schema as ``manage.py spectacular`` writes it (YAML)."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command("spectacular", "--urlconf", urlconf, stdout=out)
    return out.getvalue().encode()


CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}
clock = CLOCKS["cpu"]


def timed(run: Callable[[str], bytes], urlconf: str) -> tuple[float, bytes]:
    gc.collect()  # each run starts with the same heap (the collector stays on while timed)
    start = clock()
    content = run(urlconf)
    return clock() - start, content


def components(content: bytes) -> int:
    import yaml

    schema = yaml.safe_load(content)
    return sum(len(group) for group in schema.get("components", {}).values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 800])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--variants",
        nargs="+",
        choices=list(VARIANTS),
        default=list(VARIANTS),
        help="contenders to run (drf-spectacular, the baseline, always runs)",
    )
    parser.add_argument(
        "--clock",
        choices=list(CLOCKS),
        default="cpu",
        help="cpu: this process's CPU time (steady on a shared machine; generation is "
        "single-threaded and does no I/O, so it is the time it takes); wall: elapsed time",
    )
    args = parser.parse_args()
    global clock
    clock = CLOCKS[args.clock]
    variants = ["drf-spectacular", *(v for v in args.variants if v != "drf-spectacular")]
    configure()
    shapes = serializers_module()
    rows: list[dict[str, Any]] = []
    for size in args.sizes:
        urlconf = build_urlconf(size, shapes)
        samples: dict[tuple[str, str], list[float]] = {}
        sizes: dict[str, tuple[int, int]] = {}
        # drf-standardized-errors runs after the others: at 800 operations the run that followed
        # it took three times its own CPU time (it leaves a heap every later collection walks).
        groups = [[v for v in variants if v != SLOW], [v for v in variants if v == SLOW]]
        for group in groups:
            for round_ in range(args.repeat + 1):  # round 0 warms imports and caches up
                for variant in group:  # interleaved: the same conditions for each
                    use_variant(variant)
                    for how, run in (("view", via_view), ("command", via_command)):
                        seconds, content = timed(run, urlconf)
                        if round_:
                            samples.setdefault((variant, how), []).append(seconds)
                        sizes[variant] = (len(content), components(content))
        for variant in variants:
            rows.append(
                {
                    "ops": size,
                    "variant": variant,
                    "view": statistics.median(samples[variant, "view"]),
                    "command": statistics.median(samples[variant, "command"]),
                    "bytes": sizes[variant][0],
                    "components": sizes[variant][1],
                }
            )
    report(rows)


def report(rows: list[dict[str, Any]]) -> None:
    base = {r["ops"]: r for r in rows if r["variant"] == "drf-spectacular"}
    header = (
        f"{'ops':>5} {'variant':<24} {'view s':>8} {'cmd s':>8} {'YAML KB':>9} {'comps':>6}"
        f" {'x view':>7} {'x cmd':>6} {'x size':>7} {'x comps':>8} {'ms/op':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        b = base[r["ops"]]
        print(
            f"{r['ops']:>5} {r['variant']:<24} {r['view']:>8.3f} {r['command']:>8.3f}"
            f" {r['bytes'] / 1024:>9.1f} {r['components']:>6}"
            f" {r['view'] / b['view']:>7.2f} {r['command'] / b['command']:>6.2f}"
            f" {r['bytes'] / b['bytes']:>7.2f}"
            f" {r['components'] / b['components']:>8.2f} {1000 * r['view'] / r['ops']:>7.2f}"
        )


if __name__ == "__main__":
    main()
