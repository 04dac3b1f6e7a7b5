"""The maintenance feature's checks: its section (from the declaration) and its cache."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils.module_loading import import_string

from django_problems.checks import cache_without_timeouts, cors_order
from django_problems.conf import check_id
from django_problems.maintenance.settings import MAINTENANCE, maintenance_settings
from django_problems.validators import imported_classes

MIDDLEWARE: Final = "django_problems.maintenance.MaintenanceMiddleware"
DUMMY_CACHE: Final = "django.core.cache.backends.dummy.DummyCache"
PER_PROCESS_CACHES: Final = ("django.core.cache.backends.locmem.LocMemCache",)

DUMMY = check_id("E126", "the maintenance cache is a DummyCache")
NO_MIDDLEWARE = check_id("W120", "MaintenanceMiddleware is not in MIDDLEWARE")
PER_PROCESS = check_id("W121", "the maintenance cache is per process (deploy)")
CORS_AFTER_MAINTENANCE = check_id("W122", "CorsMiddleware comes after MaintenanceMiddleware")
NO_TIMEOUTS = check_id("W123", "the maintenance cache is Redis without socket timeouts (deploy)")


def _is_backend(path: str, target: str) -> bool:
    if path == target:
        return True
    try:
        cls = import_string(path)
        return any(f"{c.__module__}.{c.__qualname__}" == target for c in cls.__mro__)
    except ImportError:
        return False


def _backend() -> str:
    config = settings.CACHES[maintenance_settings().CACHE]
    return str(config.get("BACKEND", ""))


@register(Tags.compatibility, Tags.caches)
def check_maintenance(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E120-E126, W120: the section, a cache that can hold the switch, the middleware."""
    if not apps.is_installed("django_problems.maintenance"):
        return []
    messages = MAINTENANCE.check()
    if messages:
        return messages
    if _is_backend(_backend(), DUMMY_CACHE):
        messages.append(
            Error(
                f"The maintenance cache {maintenance_settings().CACHE!r} is a DummyCache: the "
                "switch can never be on.",
                hint="Point PROBLEMS['MAINTENANCE']['CACHE'] at a real cache.",
                id=DUMMY,
            )
        )
    from django_problems.maintenance.middleware import MaintenanceMiddleware

    installed = imported_classes(list(getattr(settings, "MIDDLEWARE", ())))
    if not any(issubclass(c, MaintenanceMiddleware) for c in installed):
        messages.append(
            Warning(
                "MaintenanceMiddleware is not in MIDDLEWARE, so the maintenance switch has no "
                "effect.",
                hint=f"Add {MIDDLEWARE!r} right before ProblemMiddleware.",
                id=NO_MIDDLEWARE,
            )
        )
    paths = (MIDDLEWARE, "django_problems.maintenance.middleware.MaintenanceMiddleware")
    messages += cors_order(paths, "MaintenanceMiddleware", CORS_AFTER_MAINTENANCE)
    return messages


@register(Tags.caches, deploy=True)
def check_shared_cache(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """W121, W123: in production, the switch must live in a cache every process shares, and
    one that cannot hold requests up."""
    if not apps.is_installed("django_problems.maintenance"):
        return []
    if MAINTENANCE.findings():
        return []
    alias = maintenance_settings().CACHE
    slow = cache_without_timeouts(alias, "the maintenance switch", NO_TIMEOUTS)
    if not any(_is_backend(_backend(), p) for p in PER_PROCESS_CACHES):
        return slow
    return [
        Warning(
            f"The maintenance cache {maintenance_settings().CACHE!r} is per process (local "
            "memory): `manage.py problems_maintenance` cannot reach the running servers.",
            hint="Use a cache every process shares, such as "
            "django.core.cache.backends.redis.RedisCache.",
            id=PER_PROCESS,
        )
    ]
