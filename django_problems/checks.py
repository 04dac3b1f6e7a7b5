"""System checks: ``manage.py check`` validates ``PROBLEMS`` and warns about unsafe setups.

Ids are stable (``django_problems.E001`` ...); every message has a hint that says how to fix it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from django_problems.catalogue import BUILTIN_TYPES, SLUG_RE, build_type
from django_problems.conf import DEFAULTS, user_settings

HANDLER = "django_problems.handler.exception_handler"
MIDDLEWARE = "django_problems.middleware.ProblemMiddleware"

KINDS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "TYPE_BASE_URL": ((str, type(None)), "an absolute http(s) URL or None"),
    "API_PREFIXES": ((list, tuple), "a list of path prefixes starting with '/'"),
    "TYPES": (Mapping, "a dict of slug -> type fields"),
    "ERRORS_FORMAT": (str, "'map' or 'list'"),
    "RANGE_ERROR_CODES": ((list, tuple, set, frozenset), "a list of error codes"),
    "FORBIDDEN_REFERENCE_CODES": ((list, tuple, set, frozenset), "a list of error codes"),
    "FIELD_CODES": (Mapping, "a dict of DRF error code -> public code"),
    "UNAVAILABLE_EXCEPTIONS": ((list, tuple), "a list of dotted exception class names"),
    "DEFAULT_CHALLENGE": (str, "a WWW-Authenticate challenge such as 'ApiKey realm=\"api\"'"),
    "DEBUG_EXTENSION": (bool, "True or False"),
    "VERSIONING": (Mapping, "a dict (see docs/versioning.md)"),
    "API_KEYS": (Mapping, "a dict (see docs/api-keys.md)"),
    "SIGNATURES": (Mapping, "a dict (see docs/signatures.md)"),
    "MAINTENANCE": (Mapping, "a dict (see docs/operations.md)"),
    "OPENAPI": (Mapping, "a dict (see docs/openapi.md)"),
}


@register(Tags.compatibility)
def check_settings(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E001-E006: the ``PROBLEMS`` setting has the documented shape."""
    raw = getattr(settings, "PROBLEMS", {})
    if not isinstance(raw, Mapping):
        return [
            Error(
                "PROBLEMS must be a dict.", hint="See docs/settings.md.", id="django_problems.E001"
            )
        ]
    errors: list[CheckMessage] = []
    for key in raw:
        if key not in DEFAULTS:
            errors.append(
                Error(
                    f"PROBLEMS has an unknown key {key!r}.",
                    hint=f"Known keys: {', '.join(sorted(DEFAULTS))}.",
                    id="django_problems.E001",
                )
            )
            continue
        kind, text = KINDS.get(key, (object, ""))
        if not isinstance(raw[key], kind):
            errors.append(
                Error(
                    f"PROBLEMS[{key!r}] must be {text}.",
                    hint="See docs/settings.md for the default and the meaning.",
                    id="django_problems.E002",
                )
            )
    if errors:
        return errors
    errors += _check_values(raw)
    errors += _check_types(raw.get("TYPES", {}))
    return errors


def _check_values(raw: Mapping[str, Any]) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    base = raw.get("TYPE_BASE_URL")
    if base:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.fragment:
            errors.append(
                Error(
                    f"PROBLEMS['TYPE_BASE_URL'] = {base!r} is not an absolute http(s) URL.",
                    hint="Use the absolute URL of the problem-type docs page, without a fragment, "
                    "e.g. 'https://api.example.com/problems/'.",
                    id="django_problems.E003",
                )
            )
    for prefix in raw.get("API_PREFIXES", ()):
        if not isinstance(prefix, str) or not prefix.startswith("/"):
            errors.append(
                Error(
                    f"API prefix {prefix!r} must be a string starting with '/'.",
                    hint="For example '/api/'.",
                    id="django_problems.E003",
                )
            )
    if raw.get("ERRORS_FORMAT", "map") not in ("map", "list"):
        errors.append(
            Error(
                "PROBLEMS['ERRORS_FORMAT'] must be 'map' or 'list'.",
                hint="'map' gives {'field.path': [messages]}; 'list' gives RFC 9457 "
                "items with JSON Pointers.",
                id="django_problems.E003",
            )
        )
    return errors


def _check_types(types: Mapping[Any, Any]) -> list[CheckMessage]:
    builtin = {t.slug: t for t in BUILTIN_TYPES}
    errors: list[CheckMessage] = []
    merged = dict(builtin)
    for slug, spec in types.items():
        if not isinstance(slug, str) or not SLUG_RE.match(slug):
            errors.append(
                Error(
                    f"Problem type slug {slug!r} is not valid.",
                    hint="Slugs are lower-case words joined by '-', e.g. "
                    "'offer-complete'; they are the docs page anchors.",
                    id="django_problems.E004",
                )
            )
            continue
        if not isinstance(spec, Mapping):
            errors.append(
                Error(
                    f"PROBLEMS['TYPES'][{slug!r}] must be a dict of fields.",
                    hint="For example {'status': 401}.",
                    id="django_problems.E004",
                )
            )
            continue
        if slug not in builtin and not {"title", "status"} <= set(spec):
            errors.append(
                Error(
                    f"PROBLEMS['TYPES'] overrides {slug!r}, which is not a built-in type.",
                    hint="Check the slug's spelling (built-in slugs are listed on the docs "
                    "page), or give a new type at least 'title' and 'status'.",
                    id="django_problems.E005",
                )
            )
            continue
        status = spec.get("status", 400)
        if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
            errors.append(
                Error(
                    f"Problem type {slug!r} has status {status!r}.",
                    hint="A problem's status is an integer from 400 to 599.",
                    id="django_problems.E006",
                )
            )
            continue
        try:
            merged[slug] = build_type(slug, spec, builtin.get(slug))
        except (TypeError, ValueError) as exc:
            errors.append(
                Error(
                    f"Problem type {slug!r} is not valid: {exc}.",
                    hint="Extension names match ^[A-Za-z][A-Za-z0-9_]{2,}$ and are "
                    "not standard members; see docs/settings.md.",
                    id="django_problems.E007",
                )
            )
    seen: dict[str, str] = {}
    for problem_type in merged.values():
        other = seen.setdefault(problem_type.code, problem_type.slug)
        if other != problem_type.slug:
            errors.append(
                Error(
                    f"Problem types {other!r} and {problem_type.slug!r} share the code "
                    f"{problem_type.code!r}.",
                    hint="Codes are what clients switch on; give each type its own.",
                    id="django_problems.E008",
                )
            )
    return errors


@register(Tags.compatibility)
def check_integration(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """W001-W003: the handler and middleware are installed, type URIs are absolute."""
    warnings: list[CheckMessage] = []
    drf = getattr(settings, "REST_FRAMEWORK", {})
    if not isinstance(drf, Mapping) or drf.get("EXCEPTION_HANDLER") != HANDLER:
        warnings.append(
            Warning(
                "DRF's EXCEPTION_HANDLER is not django_problems' handler.",
                hint=f"Set REST_FRAMEWORK['EXCEPTION_HANDLER'] = {HANDLER!r}.",
                id="django_problems.W001",
            )
        )
    if MIDDLEWARE not in getattr(settings, "MIDDLEWARE", []):
        warnings.append(
            Warning(
                "ProblemMiddleware is not installed: oversized bodies reach DRF's parsers "
                "and Django's HTML error pages can answer API URLs.",
                hint=f"Add {MIDDLEWARE!r} first in MIDDLEWARE.",
                id="django_problems.W002",
            )
        )
    base = user_settings().get("TYPE_BASE_URL")
    if not base and not settings.DEBUG:
        warnings.append(
            Warning(
                "PROBLEMS['TYPE_BASE_URL'] is not set, so problem type URIs are relative paths.",
                hint="RFC 9457 recommends absolute type URIs: set it to the public URL of the "
                "problem-type docs page, e.g. 'https://api.example.com/problems/'.",
                id="django_problems.W003",
            )
        )
    return warnings
