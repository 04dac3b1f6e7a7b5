"""The API-key feature's checks: its section (from the declaration) and how it is used."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from django_problems.api_keys.settings import API_KEYS, api_keys_settings
from django_problems.conf import check_id
from django_problems.validators import imported_classes

DERIVED_PEPPER = check_id("W140", "PROBLEMS['API_KEYS']['PEPPER'] is not set (deploy)")
ACCESS_TOKEN_OFF = check_id(
    "E148", "AccessTokenAuthentication is configured without ACCESS_TOKEN_PARAM"
)


def _uses_access_tokens() -> bool:
    from django_problems.api_keys.authentication import AccessTokenAuthentication

    drf = getattr(settings, "REST_FRAMEWORK", {})
    paths = drf.get("DEFAULT_AUTHENTICATION_CLASSES", []) if isinstance(drf, Mapping) else []
    return any(issubclass(c, AccessTokenAuthentication) for c in imported_classes(paths))


@register(Tags.security)
def check_api_keys(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E140-E148: ``PROBLEMS["API_KEYS"]`` and the access-token class."""
    if not apps.is_installed("django_problems.api_keys"):
        return []
    messages = API_KEYS.check()
    if messages:
        return messages
    if _uses_access_tokens() and not api_keys_settings().ACCESS_TOKEN_PARAM:
        messages.append(
            Error(
                "AccessTokenAuthentication is configured but API_KEYS['ACCESS_TOKEN_PARAM'] is "
                "not set, so it authenticates nothing.",
                hint="Set PROBLEMS['API_KEYS']['ACCESS_TOKEN_PARAM'] = 'access_token'.",
                id=ACCESS_TOKEN_OFF,
            )
        )
    return messages


@register(Tags.security, deploy=True)
def check_pepper(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """W140: in production, keys should be hashed with a pepper of their own."""
    if not apps.is_installed("django_problems.api_keys"):
        return []
    if API_KEYS.findings() or api_keys_settings().PEPPER:
        return []
    return [
        Warning(
            "API_KEYS['PEPPER'] is not set: keys are hashed with a pepper derived from "
            "SECRET_KEY, so rotating SECRET_KEY invalidates every API key.",
            hint="Set PROBLEMS['API_KEYS']['PEPPER'] to a long random secret of its own "
            "(before issuing keys).",
            id=DERIVED_PEPPER,
        )
    ]
