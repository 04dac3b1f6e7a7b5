"""``manage.py problems_maintenance on|off|status``: the API's maintenance switch."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.management.base import BaseCommand, CommandError, CommandParser

from django_problems.maintenance.settings import maintenance_settings
from django_problems.maintenance.switch import (
    current_state,
    describe,
    disable,
    enable,
    maintenance_cache,
)


def positive_seconds(value: str) -> int:
    """``--retry-after``: a whole number of seconds, at least 1."""
    try:
        seconds = int(value)
    except ValueError:
        seconds = 0
    if seconds < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of seconds (>= 1)")
    return seconds


class Command(BaseCommand):
    help = (
        "Turn the API's maintenance switch on or off, or show it. While it is on, every request "
        "under PROBLEMS['API_PREFIXES'] answers 503 service-temporarily-unavailable with a "
        "Retry-After header (the docs page and the admin stay reachable). The switch lives in the "
        "cache PROBLEMS['MAINTENANCE']['CACHE'] (default 'default'), so every worker and node "
        "sharing that cache sees it at once; it stays on until you turn it off."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action",
            choices=["on", "off", "status"],
            help="'on' starts maintenance, 'off' ends it, 'status' shows whether it is on.",
        )
        parser.add_argument(
            "--retry-after",
            type=positive_seconds,
            metavar="SECONDS",
            help="With 'on': the Retry-After value clients get, in seconds (default: "
            "PROBLEMS['MAINTENANCE']['RETRY_AFTER'], 30 unless set).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action: str = options["action"]
        retry_after: int | None = options["retry_after"]
        if retry_after is not None and action != "on":
            raise CommandError("--retry-after only goes with 'on'.")
        config = maintenance_settings()
        cache = maintenance_cache()
        if isinstance(cache, DummyCache):
            raise CommandError(
                f"The maintenance cache {config.CACHE!r} is a DummyCache, which stores nothing: "
                "set PROBLEMS['MAINTENANCE']['CACHE'] to a real cache."
            )
        if isinstance(cache, LocMemCache) and action != "status":
            self.stderr.write(
                self.style.WARNING(
                    f"The maintenance cache {config.CACHE!r} is a per-process LocMemCache: "
                    "running servers do not see this change. Use a shared cache (Redis, "
                    "Memcached, database) for PROBLEMS['MAINTENANCE']['CACHE']."
                )
            )
        try:
            if action == "on":
                state = enable(retry_after)
                self.stdout.write(self.style.SUCCESS(str(describe(state))))
            elif action == "off":
                was_on = disable()
                message = "Maintenance is off." if was_on else "Maintenance was already off."
                self.stdout.write(self.style.SUCCESS(message))
            else:
                self.stdout.write(str(describe(current_state())))
        except Exception as exc:  # any cache backend's connection error
            raise CommandError(
                f"The maintenance cache {config.CACHE!r} cannot be reached "
                f"({type(exc).__name__}: {exc})."
            ) from exc
