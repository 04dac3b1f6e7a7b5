"""Typed access to the ``PROBLEMS`` setting.

Every attribute reads ``settings.PROBLEMS`` when it is accessed, so ``override_settings`` just
works. A value of the wrong shape falls back to its default here; ``manage.py check`` reports it
(see :mod:`django_problems.checks`), so a bad setting never crashes a request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

from django.conf import settings

DEFAULTS: Final[Mapping[str, Any]] = {
    "TYPE_BASE_URL": None,
    "API_PREFIXES": ("/api/",),
    "TYPES": {},
    "ERRORS_FORMAT": "map",
    "RANGE_ERROR_CODES": (),
    "FORBIDDEN_REFERENCE_CODES": ("does_not_exist",),
    "FIELD_CODES": {
        "required": "E_API_VALIDATION_PARAM_REQUIRED",
        "does_not_exist": "E_VALIDATION_INVALID_ID",
        "incorrect_type": "E_VALIDATION_INVALID_ID",
    },
    "UNAVAILABLE_EXCEPTIONS": (),
    "DEFAULT_CHALLENGE": 'ApiKey realm="api"',
    "DEBUG_EXTENSION": False,
    # Feature sections, each read by its own module (documented in docs/settings.md).
    "VERSIONING": {},
    "API_KEYS": {},
    "SIGNATURES": {},
    "MAINTENANCE": {},
    "OPENAPI": {},
}
"""Default of every ``PROBLEMS`` key (documented in ``docs/settings.md``)."""

ErrorsFormat = Literal["map", "list"]


def user_settings() -> Mapping[str, Any]:
    """The raw ``PROBLEMS`` dict (empty when unset or not a dict)."""
    value = getattr(settings, "PROBLEMS", None)
    return value if isinstance(value, Mapping) else {}


def _value(name: str, kind: type | tuple[type, ...]) -> Any:
    value = user_settings().get(name, DEFAULTS[name])
    return value if isinstance(value, kind) else DEFAULTS[name]


def _strings(name: str) -> tuple[str, ...]:
    value = _value(name, (list, tuple, set, frozenset))
    return tuple(item for item in value if isinstance(item, str))


class ProblemsSettings:
    """The ``PROBLEMS`` setting, one typed property per key."""

    @property
    def TYPE_BASE_URL(self) -> str | None:  # noqa: N802
        """Absolute base of type URIs (``<base>#<slug>``); ``None`` uses the docs page path."""
        value: str | None = _value("TYPE_BASE_URL", (str, type(None)))
        return value or None

    @property
    def API_PREFIXES(self) -> tuple[str, ...]:  # noqa: N802
        """Path prefixes whose Django error pages are answered with problems."""
        return _strings("API_PREFIXES")

    @property
    def TYPES(self) -> Mapping[str, Mapping[str, Any]]:  # noqa: N802
        """Project problem types and overrides of built-in ones, keyed by slug."""
        value: Mapping[str, Mapping[str, Any]] = _value("TYPES", Mapping)
        return value

    @property
    def ERRORS_FORMAT(self) -> ErrorsFormat:  # noqa: N802
        """``"map"`` (``{"path": [messages]}``) or ``"list"`` (RFC 9457 pointers)."""
        value = _value("ERRORS_FORMAT", str)
        return "list" if value == "list" else "map"

    @property
    def RANGE_ERROR_CODES(self) -> frozenset[str]:  # noqa: N802
        """Project error codes that count as range errors, besides DRF's own."""
        return frozenset(_strings("RANGE_ERROR_CODES"))

    @property
    def FORBIDDEN_REFERENCE_CODES(self) -> frozenset[str]:  # noqa: N802
        """Error codes meaning "a referenced resource the caller may not see"."""
        return frozenset(_strings("FORBIDDEN_REFERENCE_CODES"))

    @property
    def FIELD_CODES(self) -> Mapping[str, str]:  # noqa: N802
        """Public per-field code for a DRF error code; unlisted codes pass through."""
        value: Mapping[str, str] = _value("FIELD_CODES", Mapping)
        return value

    @property
    def UNAVAILABLE_EXCEPTIONS(self) -> tuple[str, ...]:  # noqa: N802
        """Dotted names of extra exception classes that mean "a backing service is down"."""
        return _strings("UNAVAILABLE_EXCEPTIONS")

    @property
    def DEFAULT_CHALLENGE(self) -> str:  # noqa: N802
        """``WWW-Authenticate`` value for a 401 whose authenticator gave none."""
        value: str = _value("DEFAULT_CHALLENGE", str)
        return value or str(DEFAULTS["DEFAULT_CHALLENGE"])

    @property
    def DEBUG_EXTENSION(self) -> bool:  # noqa: N802
        """Add the exception class name to 500 problems (never the message or traceback)."""
        return _value("DEBUG_EXTENSION", bool) is True

    def section(self, name: str) -> Mapping[str, Any]:
        """A feature section (``VERSIONING``, ``API_KEYS``, ...) as a mapping (empty if unset)."""
        value: Mapping[str, Any] = _value(name, Mapping)
        return value


problems_settings = ProblemsSettings()
