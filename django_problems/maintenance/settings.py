"""``PROBLEMS["MAINTENANCE"]``: where the switch lives and what clients are told.

One declaration, read by :func:`maintenance_settings` and checked by ``manage.py check``.
Documented in ``docs/operations.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from django_problems import validators as v
from django_problems.conf import Section, SettingError, check_id, setting
from django_problems.problem_types import DEFAULT_RETRY_AFTER

DOCS: Final = "docs/operations.md"


def _exempt_paths(value: Any) -> tuple[str, ...]:
    paths = v.path_prefixes(value)
    if "/" in paths:
        raise SettingError("must not contain '/' itself (that would exempt every path)")
    return paths


@dataclass(frozen=True, kw_only=True)
class MaintenanceSettings:
    """``PROBLEMS["MAINTENANCE"]``."""

    CACHE: str = setting(
        "default",
        v.cache_alias,
        id=check_id("E122", "PROBLEMS['MAINTENANCE']['CACHE'] is not a cache alias"),
        hint="Use an alias of CACHES that every process shares (Redis, Memcached, database).",
        doc="The cache that holds the switch (every process must share it).",
    )
    KEY: str = setting(
        "django_problems:maintenance",
        v.non_empty_text,
        id=check_id("E123", "PROBLEMS['MAINTENANCE']['KEY'] is not a non-empty string"),
        hint="The default 'django_problems:maintenance' is fine unless two projects share one "
        "cache.",
        doc="The cache key of the switch.",
    )
    RETRY_AFTER: int = setting(
        DEFAULT_RETRY_AFTER,
        v.whole_number(1),
        id=check_id("E124", "PROBLEMS['MAINTENANCE']['RETRY_AFTER'] is not seconds"),
        hint="Use a whole number of seconds of at least 1, e.g. 30.",
        doc="The Retry-After clients get while the switch is on (seconds).",
    )
    CHECK_INTERVAL: float = setting(
        1.0,
        v.number(0),
        id=check_id("E127", "PROBLEMS['MAINTENANCE']['CHECK_INTERVAL'] is not seconds"),
        hint="A number of seconds of at least 0, e.g. 1; 0 reads the cache on every request.",
        doc="Seconds a process keeps what it read of the switch before reading the cache again.",
    )
    FAILURE_BACKOFF: float = setting(
        30.0,
        v.number(0),
        id=check_id("E128", "PROBLEMS['MAINTENANCE']['FAILURE_BACKOFF'] is not seconds"),
        hint="A number of seconds of at least 0, e.g. 30.",
        doc="Seconds a process waits before reading the cache again after a read failed.",
    )
    FAIL_CLOSED: bool = v.flag(
        False,
        id=check_id("E129", "PROBLEMS['MAINTENANCE']['FAIL_CLOSED'] is not a bool"),
        doc="While the switch cannot be read: True answers 503, False (the default) serves.",
    )
    EXEMPT_PATHS: tuple[str, ...] = setting(
        (),
        _exempt_paths,
        id=check_id("E125", "PROBLEMS['MAINTENANCE']['EXEMPT_PATHS'] is not a list of prefixes"),
        hint="For example ['/api/health']; each starts with '/' and is not '/' itself.",
        doc="Path prefixes that stay reachable during maintenance (docs page and admin always).",
    )


MAINTENANCE = Section(
    "MAINTENANCE",
    MaintenanceSettings,
    shape_id=check_id("E120", "PROBLEMS['MAINTENANCE'] is not a dict"),
    unknown_id=check_id("E121", "PROBLEMS['MAINTENANCE'] has an unknown key"),
    docs=DOCS,
)


def maintenance_settings() -> MaintenanceSettings:
    """``PROBLEMS["MAINTENANCE"]``, validated."""
    return MAINTENANCE.get()
