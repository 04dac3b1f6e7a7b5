"""The versioning feature's checks: its section (from the declaration) and its policy.

Errors come from :mod:`.settings`; the warnings here flag a policy that is valid but unhelpful
to clients.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, Final

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

from django_problems.conf import check_id
from django_problems.versioning.settings import DOCS, VERSIONING, versioning_settings

IGNORED_DRF_SETTINGS: Final = ("ALLOWED_VERSIONS", "DEFAULT_VERSION", "VERSION_PARAM")

NO_DEPRECATION_DATE = check_id("W100", "a deprecated version has no deprecation date")
SUNSET_BEFORE_DEPRECATION = check_id("W101", "a version sunsets before it is deprecated")
ALL_DEPRECATED = check_id("W102", "every supported version is deprecated")
DRF_SETTING_IGNORED = check_id("W103", "a REST_FRAMEWORK versioning setting is ignored")
SUNSET_PASSED = check_id("W104", "a supported version's sunset date has passed")


@register(Tags.compatibility)
def check_versioning(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E100-E111 (the section), W100-W104 (the policy)."""
    if not apps.is_installed("django_problems.versioning"):
        return []
    messages = VERSIONING.check()
    if messages:
        return messages
    config = versioning_settings()
    now = datetime.now(timezone.utc)
    for version, policy in config.DEPRECATED.items():
        if policy.deprecation is None:
            messages.append(
                Warning(
                    f"Deprecated version {version!r} has no deprecation date.",
                    hint="Without it responses carry no Deprecation header (RFC 9745); add "
                    "'deprecation': '<date>'.",
                    id=NO_DEPRECATION_DATE,
                )
            )
        if policy.deprecation and policy.sunset and policy.sunset < policy.deprecation:
            messages.append(
                Warning(
                    f"Version {version!r} sunsets before it is deprecated.",
                    hint="RFC 9745 says the Sunset date should not be earlier than the "
                    "Deprecation date.",
                    id=SUNSET_BEFORE_DEPRECATION,
                )
            )
        if policy.sunset and policy.sunset < now:
            messages.append(
                Warning(
                    f"The sunset date of version {version!r} has passed but it is still supported.",
                    hint="Remove it from SUPPORTED and DEPRECATED to retire it, or move the "
                    "sunset date.",
                    id=SUNSET_PASSED,
                )
            )
    if all(version in config.DEPRECATED for version in config.SUPPORTED):
        messages.append(
            Warning(
                "Every supported version is deprecated.",
                hint="Clients have no current version to move to; add one to SUPPORTED.",
                id=ALL_DEPRECATED,
            )
        )
    drf = getattr(settings, "REST_FRAMEWORK", {})
    drf = drf if isinstance(drf, Mapping) else {}
    messages += [
        Warning(
            f"REST_FRAMEWORK[{name!r}] is ignored by ApiVersioning.",
            hint=f"Move the value into PROBLEMS['VERSIONING'] (PARAM, SUPPORTED, DEFAULT); see "
            f"{DOCS}.",
            id=DRF_SETTING_IGNORED,
        )
        for name in IGNORED_DRF_SETTINGS
        if name in drf
    ]
    return messages
