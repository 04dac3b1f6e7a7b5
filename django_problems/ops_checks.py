"""Operational system checks: the maintenance switch's settings and HTTPS for the API.

Ids ``django_problems.E110``-``E114`` and ``W110``-``W113``; each message has a hint.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils.module_loading import import_string

from django_problems.conf import problems_settings
from django_problems.maintenance import SETTINGS_KEYS, is_retry_after

SECURITY_MIDDLEWARE: Final = "django.middleware.security.SecurityMiddleware"
DUMMY_CACHE: Final = "django.core.cache.backends.dummy.DummyCache"
PER_PROCESS_CACHES: Final = ("django.core.cache.backends.locmem.LocMemCache",)


@register(Tags.compatibility)
def check_maintenance(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E110-E114, W110: the maintenance switch can be stored and shared."""
    section = problems_settings.section("MAINTENANCE")
    messages: list[CheckMessage] = [
        Error(
            f"PROBLEMS['MAINTENANCE'] has an unknown key {key!r}.",
            hint=f"Known keys: {', '.join(sorted(SETTINGS_KEYS))}.",
            id="django_problems.E110",
        )
        for key in section
        if key not in SETTINGS_KEYS
    ]
    alias = section.get("CACHE", "default")
    caches: Mapping[str, Any] = settings.CACHES
    if not isinstance(alias, str) or alias not in caches:
        messages.append(
            Error(
                f"PROBLEMS['MAINTENANCE']['CACHE'] = {alias!r} is not a cache in CACHES.",
                hint=f"Use one of: {', '.join(map(repr, caches))}.",
                id="django_problems.E111",
            )
        )
    else:
        messages += _check_backend(alias, caches[alias])
    key = section.get("KEY", "django_problems:maintenance")
    if not isinstance(key, str) or not key:
        messages.append(
            Error(
                "PROBLEMS['MAINTENANCE']['KEY'] must be a non-empty string.",
                hint="The default 'django_problems:maintenance' is fine unless two projects "
                "share one cache.",
                id="django_problems.E112",
            )
        )
    retry_after = section.get("RETRY_AFTER", 30)
    if not is_retry_after(retry_after):
        messages.append(
            Error(
                f"PROBLEMS['MAINTENANCE']['RETRY_AFTER'] = {retry_after!r} is not a number of "
                "seconds.",
                hint="Use a whole number of seconds of at least 1, e.g. 30.",
                id="django_problems.E113",
            )
        )
    exempt = section.get("EXEMPT_PATHS", ())
    if not isinstance(exempt, list | tuple) or not all(
        isinstance(p, str) and p.startswith("/") and p != "/" for p in exempt
    ):
        messages.append(
            Error(
                "PROBLEMS['MAINTENANCE']['EXEMPT_PATHS'] must be a list of path prefixes.",
                hint="For example ['/api/health']; each starts with '/' and is not '/' itself.",
                id="django_problems.E114",
            )
        )
    return messages


def _check_backend(alias: str, config: Any) -> list[CheckMessage]:
    backend = config.get("BACKEND", "") if isinstance(config, Mapping) else ""
    if _is_backend(backend, DUMMY_CACHE):
        return [
            Error(
                f"The maintenance cache {alias!r} is a DummyCache: the switch can never be on.",
                hint="Point PROBLEMS['MAINTENANCE']['CACHE'] at a real cache.",
                id="django_problems.E111",
            )
        ]
    if not settings.DEBUG and any(_is_backend(backend, p) for p in PER_PROCESS_CACHES):
        return [
            Warning(
                f"The maintenance cache {alias!r} is per process (local memory): "
                "`manage.py problems_maintenance` cannot reach the running servers.",
                hint="Use a cache every process shares, such as "
                "django.core.cache.backends.redis.RedisCache.",
                id="django_problems.W110",
            )
        ]
    return []


def _is_backend(path: str, target: str) -> bool:
    if path == target:
        return True
    try:
        cls = import_string(path)
        return any(f"{c.__module__}.{c.__qualname__}" == target for c in cls.__mro__)
    except ImportError:
        return False


@register(Tags.security)
def check_https(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """W111-W113: with ``DEBUG`` off, plain-HTTP API requests are redirected to HTTPS.

    Django's ``SecurityMiddleware`` does the redirect when ``SECURE_SSL_REDIRECT`` is on; API keys
    and signatures sent over plain HTTP are readable by anyone on the path.
    """
    if settings.DEBUG:
        return []
    if not settings.SECURE_SSL_REDIRECT:
        return [
            Warning(
                "The API is served without SECURE_SSL_REDIRECT: plain-HTTP requests (and the "
                "credentials they carry) are answered instead of redirected to HTTPS.",
                hint="Set SECURE_SSL_REDIRECT = True (Django's SecurityMiddleware answers 301); "
                "behind a TLS-terminating proxy also set SECURE_PROXY_SSL_HEADER. If the proxy "
                "already redirects, silence django_problems.W111 in SILENCED_SYSTEM_CHECKS.",
                id="django_problems.W111",
            )
        ]
    if SECURITY_MIDDLEWARE not in settings.MIDDLEWARE:
        return [
            Warning(
                "SECURE_SSL_REDIRECT is on but SecurityMiddleware is not installed, so nothing "
                "redirects plain-HTTP API requests.",
                hint=f"Add {SECURITY_MIDDLEWARE!r} at the top of MIDDLEWARE.",
                id="django_problems.W112",
            )
        ]
    return [
        Warning(
            f"API prefix {prefix!r} is exempt from the HTTPS redirect by "
            f"SECURE_REDIRECT_EXEMPT pattern {pattern!r}.",
            hint="Remove the pattern or narrow it so it no longer matches API paths.",
            id="django_problems.W113",
        )
        for prefix in problems_settings.API_PREFIXES
        for pattern in settings.SECURE_REDIRECT_EXEMPT
        if _matches(pattern, prefix.lstrip("/"))
    ]


def _matches(pattern: str, path: str) -> bool:
    """Whether ``pattern`` (as SecurityMiddleware applies it) matches ``path``."""
    try:
        return re.search(pattern, path) is not None
    except re.error:
        return False
