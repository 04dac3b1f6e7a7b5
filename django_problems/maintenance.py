"""The maintenance switch: while it is on, API requests answer 503 with ``Retry-After``.

The switch is one key in a Django cache (``PROBLEMS["MAINTENANCE"]["CACHE"]``), so every worker
process and every node that shares the cache sees it at once; ``manage.py problems_maintenance
on|off|status`` flips it. ``ProblemMiddleware`` asks :func:`maintenance_problem` before anything
else on API paths; the problem-type docs page, the admin and ``EXEMPT_PATHS`` stay reachable.

If the cache cannot be read the request goes through (fail open) and a warning is logged at most
once a minute per process: a flag that cannot be read must not take the API down with it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Final, TypeGuard

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from django_problems.conf import problems_settings
from django_problems.problem import Problem

logger = logging.getLogger("django_problems")

SETTINGS_KEYS: Final = frozenset({"CACHE", "KEY", "RETRY_AFTER", "EXEMPT_PATHS"})
DEFAULT_CACHE: Final = "default"
DEFAULT_KEY: Final = "django_problems:maintenance"
DEFAULT_RETRY_AFTER: Final = 30
WARNING_INTERVAL: Final = 60.0
"""Seconds between two "cache unreachable" warnings of one process."""
ALWAYS_REACHABLE: Final = ("django_problems:types", "admin:index")
"""URL names whose paths (and everything below) answer even in maintenance."""

_last_warning = 0.0


def is_retry_after(value: object) -> TypeGuard[int]:
    """Whether ``value`` is a usable ``Retry-After`` delay (a positive whole number of seconds)."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


@dataclass(frozen=True)
class MaintenanceSettings:
    """The effective ``PROBLEMS["MAINTENANCE"]`` settings (invalid values replaced by defaults)."""

    cache: str = DEFAULT_CACHE
    key: str = DEFAULT_KEY
    retry_after: int = DEFAULT_RETRY_AFTER
    exempt_paths: tuple[str, ...] = ()


def maintenance_settings() -> MaintenanceSettings:
    """Read ``PROBLEMS["MAINTENANCE"]``; bad values fall back (``manage.py check`` reports them)."""
    section = problems_settings.section("MAINTENANCE")
    cache = section.get("CACHE", DEFAULT_CACHE)
    if not isinstance(cache, str) or cache not in settings.CACHES:
        cache = DEFAULT_CACHE
    key = section.get("KEY", DEFAULT_KEY)
    retry_after = section.get("RETRY_AFTER", DEFAULT_RETRY_AFTER)
    exempt = section.get("EXEMPT_PATHS", ())
    return MaintenanceSettings(
        cache=cache,
        key=key if isinstance(key, str) and key else DEFAULT_KEY,
        retry_after=retry_after if is_retry_after(retry_after) else DEFAULT_RETRY_AFTER,
        exempt_paths=tuple(p for p in exempt if isinstance(p, str) and p.startswith("/"))
        if isinstance(exempt, list | tuple)
        else (),
    )


@dataclass(frozen=True)
class MaintenanceState:
    """The switch while it is on: since when, and the ``Retry-After`` it answers."""

    retry_after: int
    since: datetime | None = None


def maintenance_cache() -> BaseCache:
    """The cache that holds the switch."""
    return caches[maintenance_settings().cache]


def enable(retry_after: int | None = None) -> MaintenanceState:
    """Turn maintenance on (for every process sharing the cache) until :func:`disable`.

    ``retry_after`` overrides ``RETRY_AFTER`` for this maintenance window. Cache errors propagate.
    """
    config = maintenance_settings()
    since = datetime.now(timezone.utc).replace(microsecond=0)
    value = {"since": since.isoformat(), "retry_after": retry_after}
    caches[config.cache].set(config.key, value, timeout=None)
    return MaintenanceState(retry_after or config.retry_after, since)


def disable() -> bool:
    """Turn maintenance off; whether it was on. Cache errors propagate."""
    config = maintenance_settings()
    return bool(caches[config.cache].delete(config.key))


def current_state() -> MaintenanceState | None:
    """The switch as the cache holds it (``None``: off). Cache errors propagate."""
    config = maintenance_settings()
    value = caches[config.cache].get(config.key)
    if value is None or value is False:
        return None
    if not isinstance(value, Mapping):  # set by hand: any other value means "on"
        return MaintenanceState(config.retry_after)
    retry_after = value.get("retry_after")
    since = value.get("since")
    try:
        moment = datetime.fromisoformat(since) if isinstance(since, str) else None
    except ValueError:
        moment = None
    return MaintenanceState(
        retry_after if is_retry_after(retry_after) else config.retry_after, moment
    )


def maintenance_problem(request: HttpRequest) -> Problem | None:
    """The 503 problem for ``request`` while maintenance is on, else ``None``.

    Never raises: an unreadable cache counts as "off" and is logged as a warning.
    """
    try:
        state = current_state()
    except Exception as exc:  # any cache backend's connection error
        _warn_unreachable(exc)
        return None
    if state is None or _is_exempt(request):
        return None
    return Problem.of_slug(
        "service-temporarily-unavailable",
        _("The API is down for maintenance. Please retry later."),
        headers={"Retry-After": str(state.retry_after)},
    )


def _is_exempt(request: HttpRequest) -> bool:
    path = request.path_info
    prefixes = list(maintenance_settings().exempt_paths)
    for name in ALWAYS_REACHABLE:
        try:
            prefixes.append(reverse(name))
        except NoReverseMatch:
            continue
    return any(path.startswith(prefix) for prefix in prefixes if prefix != "/")


def _warn_unreachable(exc: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if _last_warning and now - _last_warning < WARNING_INTERVAL:
        return
    _last_warning = now
    logger.warning(
        "maintenance switch unreadable (cache %r: %s); serving the request (fail open)",
        maintenance_settings().cache,
        type(exc).__name__,
        exc_info=exc,
    )


def reset_warning_interval() -> None:
    """Let the next unreadable-cache warning through (for tests)."""
    global _last_warning
    _last_warning = 0.0


def describe(state: MaintenanceState | None) -> Any:
    """A one-line human description of ``state`` (for the management command)."""
    if state is None:
        return _("Maintenance is off.")
    since = state.since.isoformat() if state.since else _("an unknown time")
    return _(
        "Maintenance is on since %(since)s: API requests answer 503 with Retry-After: %(seconds)s."
    ) % {"since": since, "seconds": state.retry_after}
