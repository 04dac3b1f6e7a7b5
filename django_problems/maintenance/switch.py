"""The switch itself: on or off, since when, and the 503 problem it answers while on.

The switch is one key in a Django cache (``PROBLEMS["MAINTENANCE"]["CACHE"]``), so every worker
process and every node that shares the cache sees it at once; ``manage.py problems_maintenance
on|off|status`` flips it. ``MaintenanceMiddleware`` asks :func:`maintenance_problem` on API
paths; the problem-type docs page, the admin and ``EXEMPT_PATHS`` stay reachable.

Each process keeps what it read for ``CHECK_INTERVAL`` seconds (one cache read a second at
most, not one per request). If the cache cannot be read the request goes through (fail open; or
a 503 with ``FAIL_CLOSED``), a warning is logged at most once a minute per process, and the
process does not try again for ``FAILURE_BACKOFF`` seconds: a slow or unreachable cache holds at
most one request per back-off, not every request.
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

from django_problems.conf import on_settings_change
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
    """Seconds in the ``Retry-After`` of the 503s."""
    since: datetime | None = None
    """When the switch was turned on (``None`` when the stored value does not say)."""


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
    forget()
    return MaintenanceState(retry_after or config.RETRY_AFTER, since)


def disable() -> bool:
    """Turn maintenance off; whether it was on. Cache errors propagate."""
    config = maintenance_settings()
    was_on = bool(caches[config.CACHE].delete(config.KEY))
    forget()
    return was_on


def current_state() -> MaintenanceState | None:
    """The switch as the cache holds it (``None``: off). Cache errors propagate."""
    return _read()


def _state_of(value: Any) -> MaintenanceState | None:
    config = maintenance_settings()
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


@dataclass
class Memo:
    """What this process last read of the switch, and until when it holds."""

    state: MaintenanceState | None = None
    unreadable: bool = False
    valid_until: float = 0.0


MEMO = Memo()
"""This process's memo of the switch (the middleware reads it on every API request)."""


def forget() -> None:
    """Read the switch again on the next request (after :func:`enable`, :func:`disable`, tests)."""
    MEMO.valid_until = 0.0


def memoised_state(now: float | None = None) -> Memo:
    """The switch as this process knows it, read from the cache when the memo has expired."""
    now = time.monotonic() if now is None else now
    if now < MEMO.valid_until:
        return MEMO
    return _remember(_read, now)


async def amemoised_state() -> Memo:
    """:func:`memoised_state` for an async stack: the cache is read without blocking the loop."""
    now = time.monotonic()
    if now < MEMO.valid_until:
        return MEMO
    config = maintenance_settings()
    try:
        value = await caches[config.CACHE].aget(config.KEY)
    except Exception as exc:  # any cache backend's connection error
        return _failed(exc, now)
    return _remember(lambda: _state_of(value), now)


def _remember(read: Any, now: float) -> Memo:
    config = maintenance_settings()
    try:
        state = read()
    except Exception as exc:  # any cache backend's connection error
        return _failed(exc, now)
    MEMO.state, MEMO.unreadable = state, False
    MEMO.valid_until = now + config.CHECK_INTERVAL
    return MEMO


def _failed(exc: Exception, now: float) -> Memo:
    _warn_unreachable(exc)
    MEMO.unreadable = True
    MEMO.valid_until = now + maintenance_settings().FAILURE_BACKOFF
    return MEMO


def _read() -> MaintenanceState | None:
    config = maintenance_settings()
    return _state_of(caches[config.CACHE].get(config.KEY))


def maintenance_problem(request: HttpRequest, memo: Memo | None = None) -> Problem | None:
    """The 503 problem for ``request`` while maintenance is on, else ``None``.

    An unreadable cache counts as "off" (``FAIL_CLOSED``: as "on") and is logged as a warning;
    invalid settings raise ``ImproperlyConfigured`` (``manage.py check`` reports them).
    """
    config = maintenance_settings()
    memo = memoised_state() if memo is None else memo
    if memo.unreadable:
        if not config.FAIL_CLOSED or _is_exempt(request):
            return None
        return Problem.of_slug(
            "service-temporarily-unavailable",
            _("The API cannot tell whether it is in maintenance. Please retry later."),
            headers={"Retry-After": str(config.RETRY_AFTER)},
        )
    state = memo.state
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
    config = maintenance_settings()
    logger.warning(
        "maintenance switch unreadable (cache %r: %s); %s for %ss",
        config.CACHE,
        type(exc).__name__,
        "answering 503 (fail closed)" if config.FAIL_CLOSED else "serving requests (fail open)",
        config.FAILURE_BACKOFF,
        exc_info=exc,
    )


def reset_warning_interval() -> None:
    """Let the next unreadable-cache warning through, and read the switch again (tests)."""
    global _last_warning
    _last_warning = 0.0
    forget()


on_settings_change(forget)


def describe(state: MaintenanceState | None) -> Any:
    """A one-line human description of ``state`` (for the management command)."""
    if state is None:
        return _("Maintenance is off.")
    since = state.since.isoformat() if state.since else _("an unknown time")
    return _(
        "Maintenance is on since %(since)s: API requests answer 503 with Retry-After: %(seconds)s."
    ) % {"since": since, "seconds": state.retry_after}
