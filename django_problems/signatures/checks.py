"""The signatures feature's checks: its section (from the declaration) and its nonce store."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import Any, Final

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from django_problems.checks import cache_without_timeouts
from django_problems.conf import check_id
from django_problems.signatures.settings import SIGNATURES, signatures_settings

PER_PROCESS_CACHES: Final = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)

NO_CRYPTOGRAPHY = check_id("E165", "signatures are installed but 'cryptography' is missing")
NO_API_KEYS = check_id("E166", "signatures are installed without django_problems.api_keys")
PER_PROCESS_NONCES = check_id("W160", "the nonce cache is per process (deploy)")
NO_TIMEOUTS = check_id("W161", "the nonce cache is Redis without socket timeouts (deploy)")


@register(Tags.security, Tags.caches)
def check_signatures(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E160-E166: ``PROBLEMS["SIGNATURES"]`` and what signed requests need."""
    if not apps.is_installed("django_problems.signatures"):
        return []
    messages = SIGNATURES.check()
    if importlib.util.find_spec("cryptography") is None:
        messages.append(
            Error(
                "Signed requests are installed but the 'cryptography' package is missing.",
                hint="pip install 'django-problems[signatures]'.",
                id=NO_CRYPTOGRAPHY,
            )
        )
    if not apps.is_installed("django_problems.api_keys"):
        messages.append(
            Error(
                "django_problems.signatures needs django_problems.api_keys: requests are "
                "signed with the key of an API key.",
                hint="Add 'django_problems.api_keys' to INSTALLED_APPS.",
                id=NO_API_KEYS,
            )
        )
    return messages


@register(Tags.security, Tags.caches, deploy=True)
def check_nonce_cache(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """W160, W161: in production, nonces must be recorded in a cache every worker shares, and
    one that cannot hold requests up."""
    if not apps.is_installed("django_problems.signatures"):
        return []
    if SIGNATURES.findings():
        return []
    alias = signatures_settings().CACHE
    backend = settings.CACHES[alias].get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return cache_without_timeouts(alias, "signed requests' nonces", NO_TIMEOUTS)
    return [
        Warning(
            f"The nonce cache {alias!r} ({backend.rsplit('.', 1)[-1]}) is not shared atomically "
            "between worker processes: a replayed signed request that reaches another worker "
            "is accepted again.",
            hint="Point PROBLEMS['SIGNATURES']['CACHE'] at a shared cache such as "
            "django.core.cache.backends.redis.RedisCache.",
            id=PER_PROCESS_NONCES,
        )
    ]
