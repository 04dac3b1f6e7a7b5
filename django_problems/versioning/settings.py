"""``PROBLEMS["VERSIONING"]``: the served versions and the deprecation policy of each.

One declaration, read by :func:`versioning_settings` and checked by ``manage.py check``.
Documented in ``docs/versioning.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Final
from urllib.parse import urlsplit

from django.utils.http import http_date, parse_http_date

from django_problems import validators as v
from django_problems.conf import Finding, Section, SettingError, check_id, setting

VERSION_PATTERN: Final = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
"""``major.minor`` without leading zeros (``1.0``, ``2.13``); also the OpenAPI schema pattern."""
VERSION_RE: Final = re.compile(VERSION_PATTERN, re.ASCII)
PARAM_FORBIDDEN: Final = frozenset("&=#?+% \t\r\n")
POLICY_KEYS: Final = frozenset({"deprecation", "sunset", "link"})
DOCS: Final = "docs/versioning.md"

SUPPORTED_EMPTY = check_id("E103", "PROBLEMS['VERSIONING']['SUPPORTED'] is not a list of versions")
NOT_A_VERSION = check_id("E104", "a supported version is not in major.minor form")
DEPRECATED_NOT_A_DICT = check_id("E105", "PROBLEMS['VERSIONING']['DEPRECATED'] is not a dict")
DEPRECATED_NOT_SUPPORTED = check_id("E106", "a deprecated version is not in SUPPORTED")
POLICY_NOT_A_DICT = check_id("E107", "a deprecated version's policy is not a dict")
POLICY_UNKNOWN_KEY = check_id("E108", "a deprecated version's policy has an unknown key")
POLICY_BAD_DATE = check_id("E109", "a deprecation or sunset date cannot be read")
POLICY_BAD_LINK = check_id("E110", "a deprecation link is not an absolute http(s) URL")
DEFAULT_NOT_SUPPORTED = check_id("E111", "PROBLEMS['VERSIONING']['DEFAULT'] is not supported")


def is_version(value: object) -> bool:
    """Whether ``value`` is a version string in ``major.minor`` form."""
    return isinstance(value, str) and VERSION_RE.fullmatch(value) is not None


def parse_date(value: object) -> datetime | None:
    """A policy date as an aware UTC datetime, or ``None`` when it cannot be read.

    Accepts ``date``/``datetime`` objects, HTTP-dates (``Sun, 31 Jan 2027 00:00:00 GMT``) and ISO
    8601 dates or datetimes (``2027-01-31``, ``2027-01-31T12:00:00Z``); naive values are UTC.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        try:
            return datetime.fromtimestamp(parse_http_date(text), tz=timezone.utc)
        except ValueError:
            pass
        try:
            moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


@dataclass(frozen=True)
class DeprecationPolicy:
    """What clients of one deprecated version are told: when, until when, and where to read."""

    deprecation: datetime | None = None
    sunset: datetime | None = None
    link: str | None = None

    def headers(self) -> dict[str, str]:
        """``Deprecation`` (RFC 9745), ``Sunset`` (RFC 8594) and ``Link`` for the known fields."""
        headers: dict[str, str] = {}
        if self.deprecation is not None:
            headers["Deprecation"] = f"@{int(self.deprecation.timestamp())}"
        if self.sunset is not None:
            headers["Sunset"] = http_date(self.sunset.timestamp())
        if self.link:
            headers["Link"] = f'<{self.link}>; rel="deprecation"; type="text/html"'
        return headers


def _param(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or PARAM_FORBIDDEN & set(value):
        raise SettingError("is not a usable query parameter name (no spaces, '&', '=', '#', '?')")
    return value


def _supported(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple) or not value:
        raise SettingError("must be a non-empty list of versions such as ['1.0', '1.1']")
    bad = [item for item in value if not is_version(item)]
    if bad:
        raise SettingError(
            findings=[
                Finding(
                    NOT_A_VERSION,
                    f"Supported version {item!r} is not in major.minor form.",
                    "Write versions as strings such as '1.0' or '2.13' (no 'v', no patch "
                    "number, no leading zeros).",
                )
                for item in bad
            ]
        )
    return tuple(dict.fromkeys(value))


def _deprecated(value: Any) -> dict[str, DeprecationPolicy]:
    if not isinstance(value, Mapping):
        raise SettingError(
            "must be a dict of version -> policy, e.g. {'1.0': {'deprecation': '2026-01-01', "
            "'sunset': '2027-06-30', 'link': 'https://example.com/versions'}}"
        )
    findings: list[Finding] = []
    policies: dict[str, DeprecationPolicy] = {}
    for version, spec in value.items():
        if not isinstance(spec, Mapping):
            findings.append(
                Finding(
                    POLICY_NOT_A_DICT,
                    f"The policy of deprecated version {version!r} must be a dict.",
                    "Keys: 'deprecation', 'sunset', 'link' (each optional).",
                )
            )
            continue
        policy, found = _policy(version, spec)
        findings += found
        policies[version] = policy
    if findings:
        raise SettingError(findings=findings)
    return policies


def _policy(version: Any, spec: Mapping[str, Any]) -> tuple[DeprecationPolicy, list[Finding]]:
    findings = [
        Finding(
            POLICY_UNKNOWN_KEY,
            f"The policy of version {version!r} has an unknown key {key!r}.",
            "Known keys: 'deprecation', 'sunset', 'link'.",
        )
        for key in spec
        if key not in POLICY_KEYS
    ]
    dates: dict[str, datetime | None] = {}
    for key in ("deprecation", "sunset"):
        raw = spec.get(key)
        dates[key] = None if raw is None else parse_date(raw)
        if raw is not None and dates[key] is None:
            findings.append(
                Finding(
                    POLICY_BAD_DATE,
                    f"The {key} date of version {version!r} ({raw!r}) cannot be read.",
                    "Use an ISO 8601 date ('2027-06-30'), an ISO datetime or an HTTP-date "
                    "('Wed, 30 Jun 2027 00:00:00 GMT').",
                )
            )
    link = spec.get("link")
    if link is not None:
        parts = urlsplit(link) if isinstance(link, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            findings.append(
                Finding(
                    POLICY_BAD_LINK,
                    f"The link of version {version!r} ({link!r}) is not an absolute URL.",
                    "Use the absolute http(s) URL of a page about the deprecation and the "
                    "migration.",
                )
            )
    policy = DeprecationPolicy(dates["deprecation"], dates["sunset"], link or None)
    return policy, findings


def _version(value: Any) -> str | None:
    if value is not None and not is_version(value):
        raise SettingError("is not a version in major.minor form")
    result: str | None = value
    return result


@dataclass(frozen=True, kw_only=True)
class VersioningSettings:
    """``PROBLEMS["VERSIONING"]``."""

    PARAM: str = setting(
        "api-version",
        _param,
        id=check_id("E102", "PROBLEMS['VERSIONING']['PARAM'] is not a usable parameter name"),
        hint="Use a plain name such as 'api-version'.",
        doc="Name of the query parameter that carries the version.",
    )
    SUPPORTED: tuple[str, ...] = setting(
        (),
        _supported,
        id=SUPPORTED_EMPTY,
        hint="For example ['1.0', '1.1']; without it every request is rejected.",
        doc="The versions served, in major.minor form (required).",
    )
    DEPRECATED: Mapping[str, DeprecationPolicy] = setting(
        {},
        _deprecated,
        id=DEPRECATED_NOT_A_DICT,
        hint=f"See {DOCS}.",
        doc="Deprecated versions (still served) and their deprecation, sunset and link.",
    )
    THIRD_PARTY_VIEWS: bool = v.flag(
        False,
        id=check_id("E112", "PROBLEMS['VERSIONING']['THIRD_PARTY_VIEWS'] is not a bool"),
        doc="Also version the views of installed packages (token views, router roots, schema "
        "views); by default only the project's own views are versioned.",
    )
    DEFAULT: str | None = setting(
        None,
        _version,
        id=DEFAULT_NOT_SUPPORTED,
        hint="Use None (the parameter is required) or one of SUPPORTED.",
        doc="The version of a request without the parameter; None: the parameter is required.",
    )


def _consistent(values: VersioningSettings) -> Iterator[Finding]:
    if not values.SUPPORTED:
        yield Finding(
            SUPPORTED_EMPTY,
            "PROBLEMS['VERSIONING']['SUPPORTED'] must be a non-empty list of versions.",
            "For example ['1.0', '1.1']; without it every request is rejected.",
        )
    for version in values.DEPRECATED:
        if version not in values.SUPPORTED:
            yield Finding(
                DEPRECATED_NOT_SUPPORTED,
                f"Deprecated version {version!r} is not in SUPPORTED.",
                "A deprecated version is still served: list it in SUPPORTED too, or remove it "
                "from DEPRECATED once it is retired.",
            )
    if values.DEFAULT is not None and values.DEFAULT not in values.SUPPORTED:
        yield Finding(
            DEFAULT_NOT_SUPPORTED,
            f"PROBLEMS['VERSIONING']['DEFAULT'] = {values.DEFAULT!r} is not a supported version.",
            "Use None (the parameter is required) or one of SUPPORTED.",
        )


VERSIONING = Section(
    "VERSIONING",
    VersioningSettings,
    shape_id=check_id("E100", "PROBLEMS['VERSIONING'] is not a dict"),
    unknown_id=check_id("E101", "PROBLEMS['VERSIONING'] has an unknown key"),
    docs=DOCS,
    cross_checks=(_consistent,),
)


def versioning_settings() -> VersioningSettings:
    """``PROBLEMS["VERSIONING"]``, validated."""
    return VERSIONING.get()
