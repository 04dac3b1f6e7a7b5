"""System checks of ``PROBLEMS["VERSIONING"]``: ids ``E101``-``E108`` and ``W101``-``W105``.

At request time :func:`django_problems.versioning.get_version_policy` leaves bad values out;
these checks say what was left out and how to fix it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, Final
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from django_problems.conf import problems_settings
from django_problems.versioning import (
    POLICY_KEYS,
    SETTINGS_KEYS,
    is_version,
    parse_date,
)

CLASS_PATH: Final = "django_problems.versioning.ApiVersioning"
DOCS: Final = "See docs/versioning.md."
PARAM_FORBIDDEN: Final = frozenset("&=#?+% \t\r\n")
IGNORED_DRF_SETTINGS: Final = ("ALLOWED_VERSIONS", "DEFAULT_VERSION", "VERSION_PARAM")


def _drf_settings() -> Mapping[str, Any]:
    value = getattr(settings, "REST_FRAMEWORK", {})
    return value if isinstance(value, Mapping) else {}


def versioning_is_default() -> bool:
    """Whether ``ApiVersioning`` is DRF's ``DEFAULT_VERSIONING_CLASS``."""
    return _drf_settings().get("DEFAULT_VERSIONING_CLASS") == CLASS_PATH


def _error(number: int, message: str, hint: str = DOCS) -> Error:
    return Error(message, hint=hint, id=f"django_problems.E{number}")


def _warning(number: int, message: str, hint: str = DOCS) -> Warning:
    return Warning(message, hint=hint, id=f"django_problems.W{number}")


@register(Tags.compatibility)
def check_versioning(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E101-E108, W101-W105: the versioning settings are usable and consistent."""
    section = problems_settings.section("VERSIONING")
    if not section and not versioning_is_default():
        return []
    messages: list[CheckMessage] = [
        _error(101, f"PROBLEMS['VERSIONING'] has an unknown key {key!r}.")
        for key in section
        if key not in SETTINGS_KEYS
    ]
    param = section.get("PARAM", "api-version")
    if not isinstance(param, str) or not param.strip() or PARAM_FORBIDDEN & set(param):
        messages.append(
            _error(
                102,
                f"PROBLEMS['VERSIONING']['PARAM'] = {param!r} is not a usable query parameter "
                "name.",
                hint="Use a plain name such as 'api-version' (no spaces, '&', '=', '#', '?').",
            )
        )
    supported = _check_supported(section.get("SUPPORTED"), messages)
    _check_deprecated(section.get("DEPRECATED", {}), supported, messages)
    default = section.get("DEFAULT")
    if default is not None and default not in supported:
        messages.append(
            _error(
                108,
                f"PROBLEMS['VERSIONING']['DEFAULT'] = {default!r} is not a supported version.",
                hint="Use None (the parameter is required) or one of SUPPORTED.",
            )
        )
    if versioning_is_default():
        messages += [
            _warning(
                104,
                f"REST_FRAMEWORK[{name!r}] is ignored by ApiVersioning.",
                hint="Move the value into PROBLEMS['VERSIONING'] (PARAM, SUPPORTED, DEFAULT).",
            )
            for name in IGNORED_DRF_SETTINGS
            if name in _drf_settings()
        ]
    return messages


def _check_supported(raw: Any, messages: list[CheckMessage]) -> list[str]:
    if isinstance(raw, str) or not isinstance(raw, list | tuple) or not raw:
        messages.append(
            _error(
                103,
                "PROBLEMS['VERSIONING']['SUPPORTED'] must be a non-empty list of versions.",
                hint="For example ['1.0', '1.1']; without it every request is rejected.",
            )
        )
        return []
    good: list[str] = []
    for version in raw:
        if is_version(version):
            good.append(version)
        else:
            messages.append(
                _error(
                    104,
                    f"Supported version {version!r} is not in major.minor form.",
                    hint="Write versions as strings such as '1.0' or '2.13' (no 'v', no "
                    "patch number, no leading zeros).",
                )
            )
    return good


def _check_deprecated(raw: Any, supported: list[str], messages: list[CheckMessage]) -> None:
    if not isinstance(raw, Mapping):
        messages.append(
            _error(
                105,
                "PROBLEMS['VERSIONING']['DEPRECATED'] must be a dict of version -> policy.",
                hint="For example {'1.0': {'deprecation': '2026-01-01', 'sunset': "
                "'2027-06-30', 'link': 'https://example.com/versions'}}.",
            )
        )
        return
    for version, spec in raw.items():
        if version not in supported:
            messages.append(
                _error(
                    105,
                    f"Deprecated version {version!r} is not in SUPPORTED.",
                    hint="A deprecated version is still served: list it in SUPPORTED too, or "
                    "remove it from DEPRECATED once it is retired.",
                )
            )
        elif not isinstance(spec, Mapping):
            messages.append(
                _error(105, f"The policy of deprecated version {version!r} must be a dict.")
            )
        else:
            _check_policy(version, spec, messages)
    if supported and all(version in raw for version in supported):
        messages.append(
            _warning(
                103,
                "Every supported version is deprecated.",
                hint="Clients have no current version to move to; add one to SUPPORTED.",
            )
        )


def _check_policy(version: str, spec: Mapping[str, Any], messages: list[CheckMessage]) -> None:
    for key in spec:
        if key not in POLICY_KEYS:
            messages.append(
                _error(
                    106,
                    f"The policy of version {version!r} has an unknown key {key!r}.",
                    hint="Known keys: 'deprecation', 'sunset', 'link'.",
                )
            )
    dates: dict[str, datetime] = {}
    for key in ("deprecation", "sunset"):
        if spec.get(key) is None:
            continue
        moment = parse_date(spec[key])
        if moment is None:
            messages.append(
                _error(
                    106,
                    f"The {key} date of version {version!r} ({spec[key]!r}) cannot be read.",
                    hint="Use an ISO 8601 date ('2027-06-30'), an ISO datetime or an HTTP-date "
                    "('Wed, 30 Jun 2027 00:00:00 GMT').",
                )
            )
        else:
            dates[key] = moment
    link = spec.get("link")
    if link is not None:
        parts = urlsplit(link) if isinstance(link, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            messages.append(
                _error(
                    107,
                    f"The link of version {version!r} ({link!r}) is not an absolute http(s) URL.",
                    hint="Link to the page that explains the deprecation and the migration.",
                )
            )
    _check_dates(version, spec, dates, messages)


def _check_dates(
    version: str,
    spec: Mapping[str, Any],
    dates: Mapping[str, datetime],
    messages: list[CheckMessage],
) -> None:
    if spec.get("deprecation") is None:
        messages.append(
            _warning(
                101,
                f"Deprecated version {version!r} has no deprecation date.",
                hint="Without it responses carry no Deprecation header (RFC 9745); add "
                "'deprecation': '<date>'.",
            )
        )
    deprecation, sunset = dates.get("deprecation"), dates.get("sunset")
    if deprecation and sunset and sunset < deprecation:
        messages.append(
            _warning(
                102,
                f"Version {version!r} sunsets before it is deprecated.",
                hint="RFC 9745 says the Sunset date should not be earlier than the "
                "Deprecation date.",
            )
        )
    if sunset and sunset < datetime.now(timezone.utc):
        messages.append(
            _warning(
                105,
                f"The sunset date of version {version!r} has passed but it is still supported.",
                hint="Remove it from SUPPORTED and DEPRECATED to retire it, or move the sunset "
                "date.",
            )
        )
