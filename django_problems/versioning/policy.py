"""The version policy: what ``ApiVersioning`` accepts and which headers it answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from django_problems.conf import on_settings_change
from django_problems.versioning.settings import (
    VERSION_PATTERN,
    DeprecationPolicy,
    versioning_settings,
)

SUPPORTED_HEADER: Final = "api-supported-versions"
DEPRECATED_HEADER: Final = "api-deprecated-versions"


@dataclass(frozen=True)
class VersionPolicy:
    """The versions served, the deprecated ones and the parameter that names them."""

    param: str
    """The query parameter (``api-version`` by default)."""
    supported: tuple[str, ...]
    """Every version served, deprecated ones included, in the configured order."""
    deprecated: Mapping[str, DeprecationPolicy]
    """The deprecated versions, each with its deprecation date, sunset and link."""
    default: str | None = None
    """The version of a request without the parameter; ``None``: the parameter is required."""
    pattern: str = VERSION_PATTERN
    """The ``major.minor`` regular expression (also the OpenAPI parameter's pattern)."""

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


_cache: dict[str, VersionPolicy] = {}


def get_version_policy() -> VersionPolicy:
    """The policy ``PROBLEMS["VERSIONING"]`` declares (built once until a setting changes)."""
    policy = _cache.get("policy")
    if policy is None:
        config = versioning_settings()
        policy = _cache["policy"] = VersionPolicy(
            param=config.PARAM,
            supported=config.SUPPORTED,
            deprecated=MappingProxyType(dict(config.DEPRECATED)),
            default=config.DEFAULT,
        )
    return policy


on_settings_change(_cache.clear)
