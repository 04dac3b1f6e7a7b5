"""The API-key feature's checks: its section (from the declaration) and how it is used."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from django_problems.api_keys.settings import API_KEYS, api_keys_settings
from django_problems.conf import check_id

ACCESS_TOKEN_CLASS: Final = "django_problems.api_keys.authentication.AccessTokenAuthentication"

DERIVED_PEPPER = check_id("W140", "PROBLEMS['API_KEYS']['PEPPER'] is not set (deploy)")
ACCESS_TOKEN_OFF = check_id(
    "E148", "AccessTokenAuthentication is configured without ACCESS_TOKEN_PARAM"
)


def _default_auth_classes() -> list[str]:
    drf = getattr(settings, "REST_FRAMEWORK", {})
    classes = drf.get("DEFAULT_AUTHENTICATION_CLASSES", []) if isinstance(drf, Mapping) else []
    return [c for c in classes if isinstance(c, str)]


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
    if ACCESS_TOKEN_CLASS in _default_auth_classes() and not api_keys_settings().ACCESS_TOKEN_PARAM:
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
