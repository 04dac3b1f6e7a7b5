"""Validators for settings declarations: each returns the typed value or raises ``SettingError``.

The message completes ``PROBLEMS['X'] = <value> ...``: ``"must be a list of path prefixes"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final
from urllib.parse import urlsplit

from django.conf import settings

from django_problems.conf import SettingError, setting

DOTTED_RE: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")
HEADER_RE: Final = re.compile(r"^[A-Za-z0-9-]+$")
PARAM_RE: Final = re.compile(r"^[A-Za-z0-9_.~-]+$")
SEQUENCES: Final = (list, tuple)


def boolean(value: Any) -> bool:
    """``True`` or ``False``."""
    if not isinstance(value, bool):
        raise SettingError("must be True or False")
    return value


def flag(default: bool, *, id: str, doc: str) -> Any:
    """Declare a ``True``/``False`` key: :func:`~django_problems.conf.setting` with
    :func:`boolean` and the hint every such key shares."""
    return setting(default, boolean, id=id, hint="True or False.", doc=doc)


def text(value: Any) -> str:
    """Any string."""
    if not isinstance(value, str):
        raise SettingError("must be a string")
    return value


def non_empty_text(value: Any) -> str:
    """A string with something in it."""
    if not isinstance(value, str) or not value.strip():
        raise SettingError("must be a non-empty string")
    return value


def choice(*allowed: str) -> Callable[[Any], str]:
    """One of ``allowed``."""

    def validate(value: Any) -> str:
        if value not in allowed:
            raise SettingError(f"must be one of {', '.join(map(repr, allowed))}")
        result: str = value
        return result

    return validate


def whole_number(minimum: int, maximum: int | None = None) -> Callable[[Any], int]:
    """An integer (not a bool) of at least ``minimum`` (and at most ``maximum``)."""

    def validate(value: Any) -> int:
        bad = isinstance(value, bool) or not isinstance(value, int) or value < minimum
        if bad or (maximum is not None and value > maximum):
            upper = f" and at most {maximum}" if maximum is not None else ""
            raise SettingError(f"must be a whole number of at least {minimum}{upper}")
        result: int = value
        return result

    return validate


def number(minimum: float) -> Callable[[Any], float]:
    """An int or float of at least ``minimum``."""

    def validate(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise SettingError(f"must be a number of at least {minimum}")
        return float(value)

    return validate


def strings(value: Any) -> tuple[str, ...]:
    """A list (or tuple) of strings."""
    if not isinstance(value, SEQUENCES) or not all(isinstance(v, str) for v in value):
        raise SettingError("must be a list of strings")
    return tuple(value)


def string_map(value: Any) -> dict[str, str]:
    """A dict of strings to strings."""
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise SettingError("must be a dict of strings to strings")
    return dict(value)


def path_prefixes(value: Any) -> tuple[str, ...]:
    """A list of URL path prefixes, each starting with ``/``."""
    if not isinstance(value, SEQUENCES) or not all(
        isinstance(v, str) and v.startswith("/") for v in value
    ):
        raise SettingError("must be a list of path prefixes, each starting with '/'")
    return tuple(value)


def dotted_names(value: Any) -> tuple[str, ...]:
    """A list of dotted Python names (``module.Class``)."""
    if not isinstance(value, SEQUENCES) or not all(
        isinstance(v, str) and DOTTED_RE.fullmatch(v) for v in value
    ):
        raise SettingError("must be a list of dotted names such as 'package.module.ClassName'")
    return tuple(value)


def dotted_name(value: Any) -> str:
    """One dotted Python name."""
    if not isinstance(value, str) or not DOTTED_RE.fullmatch(value):
        raise SettingError("must be a dotted name such as 'package.module.ClassName'")
    return value


def optional_http_url(value: Any) -> str | None:
    """An absolute http(s) URL without a fragment, or ``None``."""
    if value is None or value == "":
        return None
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingError("is not an absolute http(s) URL")
    if parts.fragment:
        raise SettingError("must not have a #fragment (the slug is appended as one)")
    return str(value)


def header_name(value: Any) -> str:
    """An HTTP header name (letters, digits and ``-``)."""
    if not isinstance(value, str) or not HEADER_RE.fullmatch(value):
        raise SettingError("is not a header name (letters, digits and '-' only)")
    return value


def param_name(value: Any) -> str:
    """A query parameter name."""
    if not isinstance(value, str) or not PARAM_RE.fullmatch(value):
        raise SettingError("is not a query parameter name (letters, digits and '_.~-' only)")
    return value


def optional(validate: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``None``, or what ``validate`` accepts."""

    def validate_optional(value: Any) -> Any:
        return None if value is None else validate(value)

    return validate_optional


def cache_alias(value: Any) -> str:
    """The alias of a cache in ``CACHES``."""
    caches = getattr(settings, "CACHES", {})
    if not isinstance(value, str) or value not in caches:
        raise SettingError(f"is not a cache in CACHES (known: {', '.join(map(repr, caches))})")
    return value


def imported_classes(paths: object) -> list[type]:
    """The classes a list of dotted paths names (paths that do not import are left out)."""
    from django.utils.module_loading import import_string

    found: list[type] = []
    for path in paths if isinstance(paths, list | tuple) else ():
        try:
            value = import_string(path) if isinstance(path, str) else path
        except ImportError:
            continue
        if isinstance(value, type):
            found.append(value)
    return found
