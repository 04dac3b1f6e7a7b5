"""The core's system checks: ``PROBLEMS`` (from its declaration) and how the app is wired in.

Feature apps register their own checks; every id is declared once (see ``docs/checks.md``).
Production-only warnings are ``deploy=True`` checks (``manage.py check --deploy``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from django_problems.conf import check_id
from django_problems.settings import CORE, FEATURE_SECTIONS, core_settings

HANDLER: Final = "django_problems.handler.exception_handler"
MIDDLEWARE: Final = "django_problems.middleware.ProblemMiddleware"

HANDLER_MISSING = check_id("W001", "DRF's EXCEPTION_HANDLER is not django_problems' handler")
MIDDLEWARE_MISSING = check_id("W002", "ProblemMiddleware is not in MIDDLEWARE")
RELATIVE_TYPE_URIS = check_id("W003", "PROBLEMS['TYPE_BASE_URL'] is not set (deploy)")
SECTION_WITHOUT_APP = check_id("W004", "a feature section is set but its app is not installed")
API_NOT_REDIRECTED = check_id("W005", "SECURE_REDIRECT_EXEMPT exempts the API (deploy)")
FEATURE_WITHOUT_APP = check_id("E021", "a feature class is configured but its app is not installed")
CORS_AFTER_PROBLEMS = check_id("W006", "CorsMiddleware comes after ProblemMiddleware")
CORS_MIDDLEWARE: Final = "corsheaders.middleware.CorsMiddleware"


@register(Tags.compatibility)
def check_settings(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E001-E020: the core's keys of ``PROBLEMS``; W004: sections of features not installed."""
    messages = CORE.check()
    raw = CORE.raw()
    if not isinstance(raw, Mapping):
        return messages
    for name, app in FEATURE_SECTIONS.items():
        if name in raw and not apps.is_installed(app):
            messages.append(
                Warning(
                    f"PROBLEMS[{name!r}] is set but {app!r} is not in INSTALLED_APPS, so "
                    "nothing reads it.",
                    hint=f"Add {app!r} to INSTALLED_APPS, or remove the section.",
                    id=SECTION_WITHOUT_APP,
                )
            )
    return messages


def _configured_classes() -> list[str]:
    """Dotted paths the project configures: middleware and DRF's default classes."""
    found = [m for m in getattr(settings, "MIDDLEWARE", ()) if isinstance(m, str)]
    drf = getattr(settings, "REST_FRAMEWORK", {})
    if isinstance(drf, Mapping):
        for value in drf.values():
            items = value if isinstance(value, list | tuple) else [value]
            found += [item for item in items if isinstance(item, str)]
    return found


@register(Tags.compatibility)
def check_integration(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """W001, W002, W006, E021: the handler and middleware are installed (CORS before them),
    feature apps too."""
    messages: list[CheckMessage] = []
    drf = getattr(settings, "REST_FRAMEWORK", {})
    if not isinstance(drf, Mapping) or drf.get("EXCEPTION_HANDLER") != HANDLER:
        messages.append(
            Warning(
                "DRF's EXCEPTION_HANDLER is not django_problems' handler.",
                hint=f"Set REST_FRAMEWORK['EXCEPTION_HANDLER'] = {HANDLER!r}.",
                id=HANDLER_MISSING,
            )
        )
    if MIDDLEWARE not in getattr(settings, "MIDDLEWARE", []):
        messages.append(
            Warning(
                "ProblemMiddleware is not installed: oversized bodies reach DRF's parsers "
                "and Django's HTML error pages can answer API URLs.",
                hint=f"Add {MIDDLEWARE!r} at the top of MIDDLEWARE.",
                id=MIDDLEWARE_MISSING,
            )
        )
    messages += cors_order((MIDDLEWARE,), "ProblemMiddleware", CORS_AFTER_PROBLEMS)
    for path in _configured_classes():
        for app in FEATURE_SECTIONS.values():
            if path.startswith(f"{app}.") and not apps.is_installed(app):
                messages.append(
                    Error(
                        f"{path!r} is configured but {app!r} is not in INSTALLED_APPS: its "
                        "problem types, settings and checks are missing.",
                        hint=f"Add {app!r} to INSTALLED_APPS.",
                        id=FEATURE_WITHOUT_APP,
                    )
                )
    return messages


def cors_order(ours: tuple[str, ...], name: str, check: str) -> list[CheckMessage]:
    """A warning when django-cors-headers' middleware comes after ``ours``: the answers ``ours``
    gives itself (413, maintenance) would lack CORS headers, and a browser app would see a CORS
    error instead of the problem."""
    middleware = [m for m in getattr(settings, "MIDDLEWARE", ()) if isinstance(m, str)]
    positions = [middleware.index(path) for path in ours if path in middleware]
    if CORS_MIDDLEWARE not in middleware or not positions:
        return []
    if middleware.index(CORS_MIDDLEWARE) < min(positions):
        return []
    return [
        Warning(
            f"{CORS_MIDDLEWARE} comes after {name} in MIDDLEWARE, so the problems {name} answers "
            "itself carry no CORS headers and preflight requests may get them instead.",
            hint=f"Move {CORS_MIDDLEWARE!r} above {name} (see docs/adopting.md).",
            id=check,
        )
    ]


REDIS_TIMEOUT_OPTIONS: Final[Mapping[str, tuple[str, str]]] = {
    "django.core.cache.backends.redis.RedisCache": ("socket_connect_timeout", "socket_timeout"),
    "django_redis.cache.RedisCache": ("SOCKET_CONNECT_TIMEOUT", "SOCKET_TIMEOUT"),
}
"""Redis cache backends and the ``OPTIONS`` keys that bound a connect and a read."""


def cache_without_timeouts(alias: str, purpose: str, check: str) -> list[CheckMessage]:
    """A warning when the Redis cache ``alias`` (which ``purpose`` reads on requests) has no
    connect or read timeout: a Redis that accepts connections but never answers would hold
    every such request for as long as the client library waits (redis-py: forever)."""
    config = getattr(settings, "CACHES", {}).get(alias)
    if not isinstance(config, Mapping):
        return []
    names = REDIS_TIMEOUT_OPTIONS.get(str(config.get("BACKEND", "")))
    options = config.get("OPTIONS") or {}
    if names is None or not isinstance(options, Mapping):
        return []
    missing = [name for name in names if not options.get(name)]
    if not missing:
        return []
    wanted = ", ".join(f"{name!r}: 0.5" for name in names)
    return [
        Warning(
            f"The cache {alias!r} holds {purpose} but has no {' or '.join(missing)}: a Redis "
            "server that accepts connections and never answers holds every request that reads "
            "it.",
            hint=f"Set CACHES[{alias!r}]['OPTIONS'] = {{{wanted}}} (seconds).",
            id=check,
        )
    ]


@register(Tags.compatibility, deploy=True)
def check_type_base_url(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """W003: in production, type URIs should be absolute (RFC 9457)."""
    if CORE.findings() or core_settings().TYPE_BASE_URL:
        return []
    return [
        Warning(
            "PROBLEMS['TYPE_BASE_URL'] is not set, so problem type URIs are relative paths.",
            hint="RFC 9457 recommends absolute type URIs: set it to the public URL of the "
            "problem-type docs page, e.g. 'https://api.example.com/problems/'.",
            id=RELATIVE_TYPE_URIS,
        )
    ]


@register(Tags.security, deploy=True)
def check_https_exemptions(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """W005: ``SECURE_REDIRECT_EXEMPT`` must not exempt API paths from the HTTPS redirect.

    Django's own checks cover ``SECURE_SSL_REDIRECT`` and ``SecurityMiddleware``; API keys and
    signatures sent over plain HTTP are readable by anyone on the path.
    """
    if CORE.findings() or not settings.SECURE_SSL_REDIRECT:
        return []
    return [
        Warning(
            f"API prefix {prefix!r} is exempt from the HTTPS redirect by "
            f"SECURE_REDIRECT_EXEMPT pattern {pattern!r}.",
            hint="Remove the pattern or narrow it so it no longer matches API paths.",
            id=API_NOT_REDIRECTED,
        )
        for prefix in core_settings().API_PREFIXES
        for pattern in settings.SECURE_REDIRECT_EXEMPT
        if _matches(pattern, prefix.lstrip("/"))
    ]


def _matches(pattern: str, path: str) -> bool:
    """Whether ``pattern`` (as SecurityMiddleware applies it) matches ``path``."""
    try:
        return re.search(pattern, path) is not None
    except re.error:
        return False
