"""The core's keys of ``PROBLEMS``: one declaration, read by the core and checked by ``check``.

``core_settings()`` returns them typed. Feature apps declare their own sections
(``PROBLEMS["API_KEYS"]`` in :mod:`django_problems.api_keys.settings`, ...). Every key is
documented in ``docs/settings.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from django.utils.module_loading import import_string

from django_problems import validators as v
from django_problems.conf import Finding, Section, SettingError, check_id, setting
from django_problems.problem_types import (
    OVERRIDABLE_FIELDS,
    REQUIRED_NEW_FIELDS,
    SLUG_RE,
    ProblemType,
    build_type,
    installed_types,
)

FEATURE_SECTIONS: Final[Mapping[str, str]] = {
    "VERSIONING": "django_problems.versioning",
    "API_KEYS": "django_problems.api_keys",
    "SIGNATURES": "django_problems.signatures",
    "MAINTENANCE": "django_problems.maintenance",
    "OPENAPI": "django_problems.openapi",
}
"""The sections feature apps declare, and the app that reads each."""

DOCS: Final = "docs/settings.md"

TYPES_NOT_A_DICT = check_id("E005", "PROBLEMS['TYPES'] is not a dict")
TYPES_BAD_SLUG = check_id("E006", "a PROBLEMS['TYPES'] slug is not valid")
TYPES_ENTRY_NOT_A_DICT = check_id("E007", "a PROBLEMS['TYPES'] entry is not a dict")
TYPES_UNKNOWN_FIELD = check_id("E008", "a PROBLEMS['TYPES'] entry has an unknown field")
TYPES_UNKNOWN_SLUG = check_id(
    "E009", "PROBLEMS['TYPES'] overrides a slug that is no type, or a new type lacks fields"
)
TYPES_BAD_STATUS = check_id("E010", "a problem type's status is not an integer 400-599")
TYPES_BAD_FIELD = check_id("E011", "a problem type's field has the wrong type or name")
TYPES_SHARED_CODE = check_id("E012", "two problem types share a code")


def _types(value: Any) -> dict[str, ProblemType]:
    """``PROBLEMS["TYPES"]``: every entry built into a :class:`ProblemType` (or findings)."""
    if not isinstance(value, Mapping):
        raise SettingError(
            findings=[
                Finding(
                    TYPES_NOT_A_DICT,
                    "PROBLEMS['TYPES'] must be a dict of slug -> type fields.",
                    "For example {'invalid-api-version': {'status': 401}}.",
                )
            ]
        )
    known = installed_types()
    findings: list[Finding] = []
    built: dict[str, ProblemType] = {}
    for slug, spec in value.items():
        finding = _type_finding(slug, spec, known.get(slug) if isinstance(slug, str) else None)
        if isinstance(finding, Finding):
            findings.append(finding)
        else:
            built[slug] = finding
    if not findings:
        findings += _shared_codes({**known, **built})
    if findings:
        raise SettingError(findings=findings)
    return built


def _type_finding(slug: Any, spec: Any, base: ProblemType | None) -> Finding | ProblemType:
    """The type one ``PROBLEMS["TYPES"]`` entry builds, or the first thing wrong with it."""
    where = f"PROBLEMS['TYPES'][{slug!r}]"
    if not isinstance(slug, str) or not SLUG_RE.fullmatch(slug):
        return Finding(
            TYPES_BAD_SLUG,
            f"Problem type slug {slug!r} is not valid.",
            "Slugs are lower-case words joined by '-', e.g. 'offer-complete'; they are the "
            "docs page anchors.",
        )
    if not isinstance(spec, Mapping):
        return Finding(
            TYPES_ENTRY_NOT_A_DICT,
            f"{where} must be a dict of fields.",
            "For example {'status': 401}.",
        )
    unknown = sorted(map(str, set(spec) - OVERRIDABLE_FIELDS))
    if unknown:
        return Finding(
            TYPES_UNKNOWN_FIELD,
            f"{where} has unknown field(s) {', '.join(map(repr, unknown))}.",
            f"Fields are {', '.join(sorted(OVERRIDABLE_FIELDS))}.",
        )
    if base is None and not set(spec) >= REQUIRED_NEW_FIELDS:
        return Finding(
            TYPES_UNKNOWN_SLUG,
            f"{where} overrides {slug!r}, which is not a problem type of this project.",
            "Check the slug's spelling (the docs page lists the types), install the feature "
            "app that declares it, or give a new type at least 'title' and 'status'.",
        )
    status = spec.get("status", 400)
    if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
        return Finding(
            TYPES_BAD_STATUS,
            f"Problem type {slug!r} has status {status!r}.",
            "A problem's status is an integer from 400 to 599.",
        )
    try:
        return build_type(slug, spec, base)
    except (ValueError, TypeError) as exc:
        return Finding(
            TYPES_BAD_FIELD,
            f"{where} is not valid: {exc}.",
            "Texts are strings; headers, extensions and example are dicts; extension names "
            "match ^[A-Za-z][A-Za-z0-9_]{2,}$ and are not standard members (docs/catalogue.md).",
        )


def _shared_codes(types: Mapping[str, ProblemType]) -> list[Finding]:
    seen: dict[str, str] = {}
    findings: list[Finding] = []
    for problem_type in types.values():
        other = seen.setdefault(problem_type.code, problem_type.slug)
        if other != problem_type.slug:
            findings.append(
                Finding(
                    TYPES_SHARED_CODE,
                    f"Problem types {other!r} and {problem_type.slug!r} share the code "
                    f"{problem_type.code!r}.",
                    "Codes are what clients switch on; give each type its own.",
                )
            )
    return findings


def _classifier(value: Any) -> str:
    path = v.dotted_name(value)
    from django_problems.classify import Classifier

    try:
        found = import_string(path)
    except ImportError as exc:
        raise SettingError(f"cannot be imported ({exc})") from None
    if not (isinstance(found, type) and issubclass(found, Classifier)):
        raise SettingError("is not a subclass of django_problems.classify.Classifier")
    return path


@dataclass(frozen=True, kw_only=True)
class CoreSettings:
    """The core's keys of ``PROBLEMS``."""

    TYPE_BASE_URL: str | None = setting(
        None,
        v.optional_http_url,
        id=check_id("E003", "PROBLEMS['TYPE_BASE_URL'] is not an absolute http(s) URL"),
        hint="Use the absolute URL of the problem-type docs page, without a fragment, e.g. "
        "'https://api.example.com/problems/'.",
        doc="Absolute base of every type URI (<base>#<slug>); None uses the docs page's path.",
    )
    API_PREFIXES: tuple[str, ...] = setting(
        ("/api/",),
        v.path_prefixes,
        id=check_id("E004", "PROBLEMS['API_PREFIXES'] is not a list of path prefixes"),
        hint="For example ['/api/'].",
        doc="Path prefixes whose Django error pages are answered with problems.",
    )
    TYPES: Mapping[str, ProblemType] = setting(
        {},
        _types,
        id=TYPES_NOT_A_DICT,
        hint="For example {'invalid-api-version': {'status': 401}}.",
        doc="New problem types and overrides of existing ones, keyed by slug.",
    )
    ERRORS_FORMAT: str = setting(
        "map",
        v.choice("map", "list"),
        id=check_id("E013", "PROBLEMS['ERRORS_FORMAT'] is not 'map' or 'list'"),
        hint="'map' gives {'field.path': [messages]}; 'list' gives RFC 9457 items with JSON "
        "Pointers.",
        doc="Shape of the errors member: 'map' or 'list'.",
    )
    RANGE_ERROR_CODES: tuple[str, ...] = setting(
        (),
        v.strings,
        id=check_id("E014", "PROBLEMS['RANGE_ERROR_CODES'] is not a list of codes"),
        hint="For example ['end_before_start'].",
        doc="Project error codes that count as range errors, besides DRF's own.",
    )
    FORBIDDEN_REFERENCE_CODES: tuple[str, ...] = setting(
        (),
        v.strings,
        id=check_id("E015", "PROBLEMS['FORBIDDEN_REFERENCE_CODES'] is not a list of codes"),
        hint="For example ['does_not_exist'] (a reference the caller may not see is a 403).",
        doc="Error codes that make a validation error the 403 unauthorised-resource-access "
        "(off by default: DRF answers 400).",
    )
    FIELD_CODES: Mapping[str, str] = setting(
        {},
        v.string_map,
        id=check_id("E016", "PROBLEMS['FIELD_CODES'] is not a dict of codes"),
        hint="For example {'required': 'E_API_VALIDATION_PARAM_REQUIRED'}.",
        doc="Public per-field code for a DRF error code; unlisted codes (all by default) pass "
        "through as DRF gives them.",
    )
    UNAVAILABLE_EXCEPTIONS: tuple[str, ...] = setting(
        (),
        v.dotted_names,
        id=check_id("E017", "PROBLEMS['UNAVAILABLE_EXCEPTIONS'] is not a list of class names"),
        hint="For example ['requests.exceptions.ConnectionError'].",
        doc="Dotted names of extra exception classes that mean 'a backing service is down'.",
    )
    DEFAULT_CHALLENGE: str = setting(
        'ApiKey realm="api"',
        v.non_empty_text,
        id=check_id("E018", "PROBLEMS['DEFAULT_CHALLENGE'] is not a challenge"),
        hint="A WWW-Authenticate challenge such as 'Bearer realm=\"api\"'.",
        doc="WWW-Authenticate value of a 401 whose authenticator gave none.",
    )
    DEBUG_MEMBER: bool = v.flag(
        True,
        id=check_id("E019", "PROBLEMS['DEBUG_MEMBER'] is not a bool"),
        doc="With DEBUG on, 500s (and refused requests) carry a debug member: the exception, "
        "its message, where it was raised. Never with DEBUG off.",
    )
    MAX_ERRORS: int = setting(
        100,
        v.whole_number(1, 10_000),
        id=check_id("E022", "PROBLEMS['MAX_ERRORS'] is not a whole number from 1 to 10000"),
        hint="For example 100.",
        doc="Most entries in a validation problem's errors member; the count of the others "
        "is the errors_omitted member.",
    )
    TRACE_ID: bool = v.flag(
        True,
        id=check_id("E023", "PROBLEMS['TRACE_ID'] is not a bool"),
        doc="Problems (and their log records) carry the trace_id of the request's trace: the "
        "active OpenTelemetry span's, else the traceparent header's.",
    )
    AUTHORIZATION_CACHE_CONTROL: str | None = setting(
        "private",
        v.optional(v.choice("private", "no-store")),
        id=check_id(
            "E024", "PROBLEMS['AUTHORIZATION_CACHE_CONTROL'] is not 'private', 'no-store' or None"
        ),
        hint="'private' lets the client cache its own responses; 'no-store' forbids any cache; "
        "None leaves them to HTTP's caching rules.",
        doc="Cache-Control of API responses (problems are no-store) to requests with an "
        "Authorization header (DRF tokens, JWTs, Basic), with Vary: Authorization; None adds "
        "nothing.",
    )
    CLASSIFIER: str = setting(
        "django_problems.classify.Classifier",
        _classifier,
        id=check_id("E020", "PROBLEMS['CLASSIFIER'] is not a Classifier subclass"),
        hint="A dotted path to a subclass of django_problems.classify.Classifier.",
        doc="The class that turns exceptions into problems (one method per step).",
    )


CORE = Section(
    None,
    CoreSettings,
    shape_id=check_id("E001", "PROBLEMS is not a dict"),
    unknown_id=check_id("E002", "PROBLEMS has an unknown key"),
    docs=DOCS,
    ignored=frozenset(FEATURE_SECTIONS),
)


def core_settings() -> CoreSettings:
    """The core's settings, validated (``ImproperlyConfigured`` for a value ``check`` reports)."""
    return CORE.get()
