"""``api-version`` query-parameter versioning, reported in response headers.

``ApiVersioning`` is a DRF versioning class (per view as ``versioning_class`` or project-wide as
``REST_FRAMEWORK["DEFAULT_VERSIONING_CLASS"]``). The version must be given exactly once, in
``major.minor`` form, and be one of ``PROBLEMS["VERSIONING"]["SUPPORTED"]``; anything else is the
``invalid-api-version`` problem naming the cause in ``errors`` and listing ``supported_versions``.
DRF determines the version before it authenticates, so a bad version wins over a missing login.

Every response of a versioned view carries ``api-supported-versions`` (current versions) and
``api-deprecated-versions``; a deprecated version adds ``Deprecation`` (RFC 9745), ``Sunset``
(RFC 8594) and ``Link`` from its policy. Settings are documented in ``docs/versioning.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from types import MappingProxyType
from typing import Any, Final

from django.utils.http import http_date, parse_http_date
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param
from rest_framework.versioning import BaseVersioning

from django_problems.conf import problems_settings
from django_problems.exceptions import ProblemError
from django_problems.serializer_errors import map_errors

VERSION_PATTERN: Final = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
"""``major.minor`` without leading zeros (``1.0``, ``2.13``); also the OpenAPI schema pattern."""

VERSION_RE: Final = re.compile(VERSION_PATTERN, re.ASCII)
DEFAULT_PARAM: Final = "api-version"
SETTINGS_KEYS: Final = frozenset({"PARAM", "SUPPORTED", "DEPRECATED", "DEFAULT"})
POLICY_KEYS: Final = frozenset({"deprecation", "sunset", "link"})
SUPPORTED_HEADER: Final = "api-supported-versions"
DEPRECATED_HEADER: Final = "api-deprecated-versions"
ECHO_LIMIT: Final = 32
"""Longest client value quoted back in an error message."""


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


@dataclass(frozen=True)
class VersionPolicy:
    """The effective ``PROBLEMS["VERSIONING"]`` settings (invalid entries left out)."""

    param: str = DEFAULT_PARAM
    supported: tuple[str, ...] = ()
    deprecated: Mapping[str, DeprecationPolicy] = field(
        default_factory=lambda: MappingProxyType({})
    )
    default: str | None = None
    pattern: str = VERSION_PATTERN

    @property
    def current(self) -> tuple[str, ...]:
        """Supported versions that are not deprecated."""
        return tuple(v for v in self.supported if v not in self.deprecated)

    def headers(self, version: str | None = None) -> dict[str, str]:
        """The response headers for a request made with ``version`` (``None``: unknown)."""
        headers: dict[str, str] = {}
        if self.current:
            headers[SUPPORTED_HEADER] = ", ".join(self.current)
        if self.deprecated:
            headers[DEPRECATED_HEADER] = ", ".join(self.deprecated)
        policy = self.deprecated.get(version) if version is not None else None
        if policy is not None:
            headers.update(policy.headers())
        return headers


_cached: tuple[Mapping[str, Any], VersionPolicy] | None = None


def get_version_policy() -> VersionPolicy:
    """The version policy read from ``PROBLEMS["VERSIONING"]``.

    Built once per settings object (``override_settings`` gives a new one). A value of the wrong
    shape falls back to its default and bad entries are left out, so a request never fails on a
    setting; ``manage.py check`` reports them (``E101``-``E108``).
    """
    global _cached
    section = problems_settings.section("VERSIONING")
    if _cached is not None and _cached[0] is section:
        return _cached[1]
    policy = _read_policy(section)
    _cached = (section, policy)
    return policy


def _read_policy(section: Mapping[str, Any]) -> VersionPolicy:
    param = section.get("PARAM", DEFAULT_PARAM)
    if not isinstance(param, str) or not param.strip():
        param = DEFAULT_PARAM
    raw_supported = section.get("SUPPORTED", ())
    if isinstance(raw_supported, str) or not isinstance(raw_supported, list | tuple):
        raw_supported = ()
    supported = tuple(dict.fromkeys(v for v in raw_supported if is_version(v)))
    raw_deprecated = section.get("DEPRECATED", {})
    deprecated: dict[str, DeprecationPolicy] = {}
    if isinstance(raw_deprecated, Mapping):
        for version in supported:
            spec = raw_deprecated.get(version)
            if isinstance(spec, Mapping):
                deprecated[version] = _policy(spec)
            elif version in raw_deprecated:
                deprecated[version] = DeprecationPolicy()
    default = section.get("DEFAULT")
    return VersionPolicy(
        param=param,
        supported=supported,
        deprecated=MappingProxyType(deprecated),
        default=default if default in supported else None,
    )


def _policy(spec: Mapping[str, Any]) -> DeprecationPolicy:
    link = spec.get("link")
    return DeprecationPolicy(
        deprecation=parse_date(spec.get("deprecation")),
        sunset=parse_date(spec.get("sunset")),
        link=link if isinstance(link, str) and link else None,
    )


class ApiVersioning(BaseVersioning):
    """DRF versioning class: ``?api-version=major.minor``, exactly once, and supported."""

    def determine_version(self, request: Request, *args: Any, **kwargs: Any) -> str:
        """The requested version, or raise the ``invalid-api-version`` problem."""
        policy = get_version_policy()
        values = request.query_params.getlist(policy.param)
        if not values and policy.default is not None:
            version = policy.default
        else:
            cause = _cause(policy, values)
            if cause is not None:
                headers = policy.headers()
                _add_view_headers(request, headers)
                raise invalid_version(policy, *cause, headers)
            version = values[0]
        _add_view_headers(request, policy.headers(version))
        return version

    def is_allowed_version(self, version: str | None) -> bool:
        """Whether ``version`` is one of the supported versions."""
        return version in get_version_policy().supported

    def reverse(
        self,
        viewname: str,
        args: Any = None,
        kwargs: Any = None,
        request: Request | None = None,
        format: str | None = None,
        **extra: Any,
    ) -> str:
        """``reverse()`` that keeps the request's ``api-version`` in the URL it builds."""
        url = super().reverse(viewname, args, kwargs, request, format, **extra)
        version = getattr(request, "version", None)
        if request is not None and version is not None:
            return str(replace_query_param(url, get_version_policy().param, version))
        return url


def _cause(policy: VersionPolicy, values: list[str]) -> tuple[str, str] | None:
    """Why ``values`` (every occurrence of the parameter) is not a usable version, if it is not."""
    param = policy.param
    if not values:
        return _("The %(param)s query parameter is required.") % {"param": param}, "required"
    if len(values) > 1:
        return (
            _("The %(param)s query parameter is specified multiple times; give it once.")
            % {"param": param},
            "multiple",
        )
    value = values[0]
    if not value.strip():
        return _("The %(param)s query parameter is empty.") % {"param": param}, "blank"
    shown = value if len(value) <= ECHO_LIMIT else value[:ECHO_LIMIT] + "…"
    if not is_version(value):
        return (
            _("'%(value)s' is not a valid version: use the major.minor form, e.g. '1.0'.")
            % {"value": shown},
            "invalid",
        )
    if value not in policy.supported:
        return _("'%(value)s' is not a supported version.") % {"value": shown}, "unsupported"
    return None


def invalid_version(
    policy: VersionPolicy, message: str, code: str, headers: Mapping[str, str]
) -> ProblemError:
    """The ``invalid-api-version`` problem for one cause, ``errors`` keyed by the parameter."""
    mapped = map_errors({policy.param: [ErrorDetail(message, code=code)]})
    return ProblemError(
        "invalid-api-version",
        message,
        headers=headers,
        supported_versions=list(policy.supported),
        **mapped.extensions,
    )


def _add_view_headers(request: Request, headers: Mapping[str, str]) -> None:
    """Have the view's ``finalize_response`` put ``headers`` on whatever it answers.

    DRF copies ``view.headers`` onto every response of the view, the success response and the
    problem of any exception alike, so the version headers reach both.
    """
    context = getattr(request, "parser_context", None) or {}
    view_headers = getattr(context.get("view"), "headers", None)
    if isinstance(view_headers, dict):
        view_headers.update(headers)
