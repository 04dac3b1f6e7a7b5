"""The switch itself: on or off, since when, and the 503 problem it answers while on.

The switch is one key in a Django cache (``PROBLEMS["MAINTENANCE"]["CACHE"]``), so every worker
process and every node that shares the cache sees it at once; ``manage.py problems_maintenance
on|off|status`` flips it. ``MaintenanceMiddleware`` asks :func:`maintenance_problem` on API
paths; the problem-type docs page, the admin and ``EXEMPT_PATHS`` stay reachable.

If the cache cannot be read the request goes through (fail open) and a warning is logged at most
once a minute per process: a flag that cannot be read must not take the API down with it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Final

from django.core.cache import BaseCache, caches
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from django_problems.maintenance.settings import maintenance_settings
from django_problems.problem import Problem

logger = logging.getLogger("django_problems")

WARNING_INTERVAL: Final = 60.0
"""Seconds between two "cache unreachable" warnings of one process."""
ALWAYS_REACHABLE: Final = ("django_problems:types", "admin:index")
"""URL names whose paths (and everything below) answer even in maintenance."""

_last_warning = 0.0


@dataclass(frozen=True)
class MaintenanceState:
    """The switch while it is on: since when, and the ``Retry-After`` it answers."""

    retry_after: int
    since: datetime | None = None


def maintenance_cache() -> BaseCache:
    """The cache that holds the switch."""
    return caches[maintenance_settings().CACHE]


def enable(retry_after: int | None = None) -> MaintenanceState:
    """Turn maintenance on (for every process sharing the cache) until :func:`disable`.

    ``retry_after`` overrides ``RETRY_AFTER`` for this maintenance window. Cache errors propagate.
    """
    config = maintenance_settings()
    since = datetime.now(timezone.utc).replace(microsecond=0)
    value = {"since": since.isoformat(), "retry_after": retry_after}
    caches[config.CACHE].set(config.KEY, value, timeout=None)
    return MaintenanceState(retry_after or config.RETRY_AFTER, since)


def disable() -> bool:
    """Turn maintenance off; whether it was on. Cache errors propagate."""
    config = maintenance_settings()
    return bool(caches[config.CACHE].delete(config.KEY))


def current_state() -> MaintenanceState | None:
    """The switch as the cache holds it (``None``: off). Cache errors propagate."""
    config = maintenance_settings()
    value = caches[config.CACHE].get(config.KEY)
    if value is None or value is False:
        return None
    if not isinstance(value, Mapping):  # set by hand: any other value means "on"
        return MaintenanceState(config.RETRY_AFTER)
    retry_after = value.get("retry_after")
    since = value.get("since")
    try:
        moment = datetime.fromisoformat(since) if isinstance(since, str) else None
    except ValueError:
        moment = None
    seconds = config.RETRY_AFTER
    if isinstance(retry_after, int) and not isinstance(retry_after, bool) and retry_after > 0:
        seconds = retry_after
    return MaintenanceState(seconds, moment)


def maintenance_problem(request: HttpRequest) -> Problem | None:
    """The 503 problem for ``request`` while maintenance is on, else ``None``.

    An unreadable cache counts as "off" and is logged as a warning; invalid settings raise
    ``ImproperlyConfigured`` (``manage.py check`` reports them).
    """
    maintenance_settings()
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
    prefixes = list(maintenance_settings().EXEMPT_PATHS)
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
        maintenance_settings().CACHE,
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
