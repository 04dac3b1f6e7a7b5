"""The problem-type catalogue: one registry for bodies, the docs page, OpenAPI and the tests.

Built-in types live in :data:`BUILTIN_TYPES`; projects add types and override any field of a
built-in one (status included) in ``PROBLEMS["TYPES"]``. :func:`get_catalogue` merges both once and
rebuilds when the settings change.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from http import HTTPStatus
from typing import Any, Final

from django.core.signals import setting_changed
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from django_problems.conf import problems_settings

SLUG_RE: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EXTENSION_NAME_RE: Final = re.compile(r"^[A-Za-z][A-Za-z0-9_]{2,}$")
STANDARD_MEMBERS: Final = frozenset({"type", "title", "status", "detail", "instance"})
RESERVED_MEMBERS: Final = STANDARD_MEMBERS | {"errors", "code"}
CATEGORIES: Final = ("api", "authentication", "validation", "misc", "http")
FALLBACK_DOCS_PATH: Final = "/problems/"

Text = str | Promise


@dataclass(frozen=True)
class ProblemType:
    """One kind of problem: what a client sees and what the docs page says about it."""

    slug: str
    title: Text
    status: int
    code: str
    category: str
    description: Text
    fix: Text
    default_detail: Text
    headers: Mapping[str, str] = field(default_factory=dict)
    """Headers every response of this type carries; an empty value is filled per response."""
    extensions: Mapping[str, Text] = field(default_factory=dict)
    """Extension members this type may carry, with what each means."""
    example: Mapping[str, Any] = field(default_factory=dict)
    """Extension members of the documented example body."""
    seed: str = ""

    def __post_init__(self) -> None:
        if not SLUG_RE.match(self.slug):
            raise ValueError(
                f"problem type slug {self.slug!r} must be lower-case words joined by -"
            )
        if not 400 <= self.status <= 599:
            raise ValueError(f"problem type {self.slug!r}: status {self.status} is not 4xx/5xx")
        for name in self.extensions:
            if name in STANDARD_MEMBERS or not EXTENSION_NAME_RE.match(name):
                raise ValueError(f"problem type {self.slug!r}: bad extension name {name!r}")


def _type(**kwargs: Any) -> ProblemType:
    return ProblemType(**kwargs)


_ERRORS_DOC = _(
    "Map of field path to the messages about it; non-field errors sit under non_field_errors."
)
_CODES_DOC = _("Map of field path to machine-readable codes, parallel to errors.")

BUILTIN_TYPES: Final[tuple[ProblemType, ...]] = (
    _type(
        slug="unauthorised",
        title=_("Unauthorised"),
        status=401,
        code="E_API_UNAUTHORISED",
        category="authentication",
        description=_(
            "The request carries no credentials, or credentials that are malformed, "
            "unknown, wrong or revoked. The response does not say which."
        ),
        fix=_("Send a valid, unrevoked key in the header the WWW-Authenticate challenge names."),
        default_detail=_("Authentication credentials were not provided or are not valid."),
        headers={"WWW-Authenticate": ""},
        seed="updatedge: Unauthorised",
    ),
    _type(
        slug="expired-account",
        title=_("Account expired"),
        status=401,
        code="E_API_AUTH_EXPIRED_ACCOUNT",
        category="authentication",
        description=_("The credentials are genuine but have expired."),
        fix=_("Create a new key (or renew the account) and retry with it."),
        default_detail=_("The credentials have expired."),
        headers={"WWW-Authenticate": ""},
        seed="Elance: E_API_AUTH_EXPIRED_ACCOUNT",
    ),
    _type(
        slug="no-token",
        title=_("Access token missing"),
        status=401,
        code="no_token",
        category="authentication",
        description=_("The endpoint takes an access token and the request has none."),
        fix=_("Pass the access token as the access_token query parameter."),
        default_detail=_("No access token was provided."),
        headers={"WWW-Authenticate": ""},
        seed="Elance: no_token",
    ),
    _type(
        slug="invalid-token",
        title=_("Access token invalid"),
        status=401,
        code="invalid_token",
        category="authentication",
        description=_("The access token is unknown, revoked or expired."),
        fix=_("Obtain a new access token and retry."),
        default_detail=_("The access token is not valid."),
        headers={"WWW-Authenticate": ""},
        seed="Elance: invalid_token",
    ),
    _type(
        slug="request-already-received",
        title=_("Request already received"),
        status=401,
        code="E_API_REQUEST_ALREADY_RECEIVED",
        category="authentication",
        description=_("A signed request reused a nonce that was already accepted: a replay."),
        fix=_("Sign every request with a fresh nonce and a current created time."),
        default_detail=_("This request was already received."),
        headers={"WWW-Authenticate": ""},
        seed="Elance: E_API_REQUEST_ALREADY_RECEIVED",
    ),
    _type(
        slug="invalid-api-version",
        title=_("Invalid api version"),
        status=400,
        code="E_API_INVALID_VERSION",
        category="api",
        description=_(
            "The api-version query parameter is missing, badly formed (not "
            "major.minor), not supported, or given more than once. The seed API "
            "answered 401; set PROBLEMS['TYPES']['invalid-api-version'] = "
            "{'status': 401} to match it."
        ),
        fix=_("Send api-version exactly once, as one of the supported versions."),
        default_detail=_("The api-version query parameter is not valid."),
        extensions={"errors": _ERRORS_DOC, "supported_versions": _("Versions this API serves.")},
        example={
            "errors": {"api-version": ["'9.9' is not a supported version."]},
            "supported_versions": ["1.0", "1.1"],
        },
        seed="updatedge: Invalid api version",
    ),
    _type(
        slug="invalid-http-method",
        title=_("Method not allowed"),
        status=405,
        code="E_API_INVALID_HTTP_METHOD",
        category="api",
        description=_("The resource exists but does not support this HTTP method."),
        fix=_("Use one of the methods listed in the Allow header."),
        default_detail=_("This method is not allowed for this resource."),
        headers={"Allow": ""},
        seed="Elance: E_API_INVALID_HTTP_METHOD",
    ),
    _type(
        slug="service-temporarily-unavailable",
        title=_("Service temporarily unavailable"),
        status=503,
        code="E_API_SERVICE_TEMPORARILY_UNAVAILABLE",
        category="api",
        description=_(
            "The API is in maintenance, or a service it depends on (database, cache) "
            "cannot be reached."
        ),
        fix=_("Retry after the number of seconds in the Retry-After header."),
        default_detail=_("The service is temporarily unavailable. Please retry later."),
        headers={"Retry-After": "30"},
        seed="Elance: E_API_SERVICE_TEMPORARILY_UNAVAILABLE",
    ),
    _type(
        slug="invalid-parameters",
        title=_("Invalid request parameter data type(s)."),
        status=400,
        code="E_API_INVALID_PARAMETERS",
        category="validation",
        description=_(
            "One or more parameters are missing, of the wrong type or otherwise "
            "invalid. errors names each one."
        ),
        fix=_("Correct the parameters named in errors and send the request again."),
        default_detail=_("One or more parameters are invalid."),
        extensions={"errors": _ERRORS_DOC, "codes": _CODES_DOC},
        example={
            "errors": {
                "email": ["This field is required."],
                "availability[0].start": ["A valid datetime is required."],
            },
            "codes": {
                "email": ["E_API_VALIDATION_PARAM_REQUIRED"],
                "availability[0].start": ["invalid"],
            },
        },
        seed="updatedge: Invalid request parameter data type(s); Elance: "
        "E_API_VALIDATION_PARAM_REQUIRED, E_VALIDATION_INVALID_ID",
    ),
    _type(
        slug="parameters-out-of-range",
        title=_("Parameter(s) out of range."),
        status=400,
        code="E_API_PARAMETERS_OUT_OF_RANGE",
        category="validation",
        description=_(
            "Every parameter has the right type but one or more lie outside the "
            "allowed range (too small, too large, too long, an interval that ends "
            "before it starts)."
        ),
        fix=_("Bring the parameters named in errors within range."),
        default_detail=_("One or more parameters are out of range."),
        extensions={"errors": _ERRORS_DOC, "codes": _CODES_DOC},
        example={
            "errors": {"daystorepeat": ["Ensure this value is less than or equal to 31."]},
            "codes": {"daystorepeat": ["max_value"]},
        },
        seed="updatedge: Parameter(s) out of range",
    ),
    _type(
        slug="unauthorised-resource-access",
        title=_("Attempted access to unauthorised resource(s)."),
        status=403,
        code="E_API_NOT_AUTHORIZED",
        category="validation",
        description=_(
            "The request refers to resources (for example by id) that do not exist or "
            "that the caller may not see. The seed API answered 401; override the "
            "status to match it."
        ),
        fix=_("Refer only to resources your credentials give access to."),
        default_detail=_("The request refers to resources you may not access."),
        extensions={"errors": _ERRORS_DOC, "codes": _CODES_DOC},
        example={
            "errors": {"workerIds[1]": ['Invalid pk "42" - object does not exist.']},
            "codes": {"workerIds[1]": ["E_VALIDATION_INVALID_ID"]},
        },
        seed="updatedge: Attempted access to unauthorised resource(s); Elance: "
        "E_API_NOT_AUTHORIZED",
    ),
    _type(
        slug="resource-crud-failure",
        title=_("Resource manipulation could not be completed."),
        status=409,
        code="E_API_RESOURCE_CRUD_FAILURE",
        category="misc",
        description=_(
            "Creating, changing or deleting the resource conflicts with its current "
            "state or with other resources (a duplicate, a row still referenced, an "
            "action already done). The seed API answered 500; override the status to "
            "match it."
        ),
        fix=_("Fetch the resource's current state, resolve the conflict and retry."),
        default_detail=_(
            "The resource could not be changed because of a conflict with its current state."
        ),
        seed="updatedge: Resource manipulation could not be completed",
    ),
    _type(
        slug="internal-platform-error",
        title=_("Internal platform error."),
        status=500,
        code="E_API_INTERNAL_ERROR",
        category="misc",
        description=_(
            "The server failed unexpectedly. Nothing about the failure is disclosed; "
            "it is logged under the instance identifier."
        ),
        fix=_("Retry later; if it persists, contact support quoting the instance value."),
        default_detail=_("An unexpected error occurred. Quote the instance value to support."),
        seed="updatedge: Internal platform error; Elance: E_API_INTERNAL_ERROR",
    ),
    _type(
        slug="bad-request",
        title=_("Bad request"),
        status=400,
        code="E_API_BAD_REQUEST",
        category="http",
        description=_(
            "The request is malformed in a way no other type describes (for example "
            "a Host header the server does not serve, or too many form fields)."
        ),
        fix=_("Correct the request."),
        default_detail=_("The request could not be understood."),
    ),
    _type(
        slug="malformed-request-body",
        title=_("Malformed request body"),
        status=400,
        code="E_API_MALFORMED_BODY",
        category="http",
        description=_(
            "The body cannot be parsed in its declared media type (invalid JSON, "
            "not UTF-8, nested too deeply)."
        ),
        fix=_("Send a well-formed body in the declared Content-Type."),
        default_detail=_("The request body could not be parsed."),
    ),
    _type(
        slug="forbidden",
        title=_("Forbidden"),
        status=403,
        code="E_API_FORBIDDEN",
        category="http",
        description=_("The caller is known but may not perform this action."),
        fix=_("Use credentials that are permitted to perform the action."),
        default_detail=_("You do not have permission to perform this action."),
    ),
    _type(
        slug="not-found",
        title=_("Not found"),
        status=404,
        code="E_API_NOT_FOUND",
        category="http",
        description=_("No resource exists at this URL, or the caller may not know it exists."),
        fix=_("Check the URL and the identifiers in it."),
        default_detail=_("No resource was found at this URL."),
    ),
    _type(
        slug="not-acceptable",
        title=_("Not acceptable"),
        status=406,
        code="E_API_NOT_ACCEPTABLE",
        category="http",
        description=_(
            "The Accept header allows no media type the resource can produce. The "
            "problem itself is still sent as application/problem+json."
        ),
        fix=_("Accept application/json (or */*)."),
        default_detail=_("Could not satisfy the request Accept header."),
    ),
    _type(
        slug="payload-too-large",
        title=_("Payload too large"),
        status=413,
        code="E_API_PAYLOAD_TOO_LARGE",
        category="http",
        description=_("The request body is larger than the server accepts."),
        fix=_("Send a smaller body."),
        default_detail=_("The request body is too large."),
        extensions={"max_size": _("Largest accepted body, in bytes.")},
        example={"max_size": 2621440},
    ),
    _type(
        slug="unsupported-media-type",
        title=_("Unsupported media type"),
        status=415,
        code="E_API_UNSUPPORTED_MEDIA_TYPE",
        category="http",
        description=_("The request body's Content-Type is not one the resource parses."),
        fix=_("Send the body in one of the media types listed in the Accept header."),
        default_detail=_("The request body's media type is not supported."),
        headers={"Accept": ""},
    ),
    _type(
        slug="too-many-requests",
        title=_("Too many requests"),
        status=429,
        code="E_API_TOO_MANY_REQUESTS",
        category="http",
        description=_("The caller exceeded a rate limit."),
        fix=_("Wait the number of seconds in the Retry-After header before retrying."),
        default_detail=_("Request was throttled."),
        headers={"Retry-After": ""},
    ),
)
"""Every built-in problem type (DESIGN.md's catalogue, plus what HTTP itself needs)."""

STATUS_DEFAULT_SLUGS: Final[Mapping[int, str]] = {
    400: "bad-request",
    401: "unauthorised",
    403: "forbidden",
    404: "not-found",
    405: "invalid-http-method",
    406: "not-acceptable",
    409: "resource-crud-failure",
    413: "payload-too-large",
    415: "unsupported-media-type",
    429: "too-many-requests",
    500: "internal-platform-error",
    503: "service-temporarily-unavailable",
}
"""The type an error of a given status gets when nothing more specific is known."""

OVERRIDABLE_FIELDS: Final = frozenset(
    f.name for f in dataclasses.fields(ProblemType) if f.name != "slug"
)
REQUIRED_NEW_FIELDS: Final = frozenset({"title", "status"})


def build_type(slug: str, spec: Mapping[str, Any], base: ProblemType | None) -> ProblemType:
    """Apply ``spec`` (a ``PROBLEMS["TYPES"]`` entry) to ``base``, or make a new type from it.

    Raises ``ValueError`` or ``TypeError`` when the entry is invalid; the system checks call this
    to report the same errors ``manage.py check`` shows.
    """
    unknown = set(spec) - OVERRIDABLE_FIELDS
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}")
    if base is None:
        missing = REQUIRED_NEW_FIELDS - set(spec)
        if missing:
            raise ValueError(f"a new type needs {', '.join(sorted(missing))}")
        title = spec["title"]
        defaults: dict[str, Any] = {
            "code": slug.upper().replace("-", "_"),
            "category": "misc",
            "description": title,
            "fix": "",
            "default_detail": title,
            "headers": {},
            "extensions": {},
            "example": {},
            "seed": "",
        }
        fields = {**defaults, **spec}
    else:
        fields = {f: getattr(base, f) for f in OVERRIDABLE_FIELDS} | dict(spec)
    status = fields["status"]
    if isinstance(status, bool) or not isinstance(status, int):
        raise TypeError(f"status must be an integer, not {type(status).__name__}")
    for name in ("title", "code", "category", "description", "fix", "default_detail"):
        if not isinstance(fields[name], str | Promise):
            raise TypeError(f"{name} must be a string")
    for name in ("headers", "extensions", "example"):
        if not isinstance(fields[name], Mapping):
            raise TypeError(f"{name} must be a mapping")
    return ProblemType(slug=slug, **fields)


class Catalogue:
    """Built-in types merged with the project's; looked up by slug."""

    def __init__(self, types: Mapping[str, ProblemType], base_url: str | None) -> None:
        self._types = dict(types)
        self._base_url = base_url

    def __iter__(self) -> Iterator[ProblemType]:
        return iter(self._types.values())

    def __len__(self) -> int:
        return len(self._types)

    def __contains__(self, slug: object) -> bool:
        return slug in self._types

    def get(self, slug: str) -> ProblemType:
        """The type registered under ``slug``; ``KeyError`` names the unknown slug."""
        try:
            return self._types[slug]
        except KeyError:
            raise KeyError(f"no problem type {slug!r} in the catalogue") from None

    def for_status(self, status: int) -> ProblemType | None:
        """The default type for an HTTP status, or ``None`` (rendered as ``about:blank``)."""
        slug = STATUS_DEFAULT_SLUGS.get(status)
        if slug is not None and slug in self._types:
            return self._types[slug]
        return None

    @cached_property
    def base_url(self) -> str:
        """Base of every type URI: the setting, else the docs page's path."""
        if self._base_url:
            return self._base_url
        try:
            return reverse("django_problems:types")
        except NoReverseMatch:
            return FALLBACK_DOCS_PATH

    def type_uri(self, slug: str) -> str:
        """``<base>#<slug>``: the URI that dereferences to the type's docs section."""
        return f"{self.base_url}#{slug}"


def reason_phrase(status: int) -> str:
    """The HTTP reason phrase of ``status`` (title of ``about:blank`` problems)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error" if status < 500 else "Server Error"


def _merge() -> Catalogue:
    types = {t.slug: t for t in BUILTIN_TYPES}
    for slug, spec in problems_settings.TYPES.items():
        if not isinstance(slug, str) or not SLUG_RE.match(slug) or not isinstance(spec, Mapping):
            continue  # reported by manage.py check (django_problems.E002)
        try:
            types[slug] = build_type(slug, spec, types.get(slug))
        except (TypeError, ValueError):
            continue  # reported by manage.py check (django_problems.E003)
    return Catalogue(types, problems_settings.TYPE_BASE_URL)


_cache: dict[str, Catalogue] = {}


def get_catalogue() -> Catalogue:
    """The merged catalogue (built once; rebuilt after a ``PROBLEMS`` or URLconf change)."""
    catalogue = _cache.get("catalogue")
    if catalogue is None:
        catalogue = _cache["catalogue"] = _merge()
    return catalogue


def reset_catalogue(**kwargs: Any) -> None:
    """Forget the merged catalogue; the next :func:`get_catalogue` rebuilds it."""
    if kwargs.get("setting") in (None, "PROBLEMS", "ROOT_URLCONF", "LANGUAGE_CODE"):
        _cache.clear()


def connect_signals() -> None:
    """Rebuild the catalogue when tests override the settings it reads."""
    setting_changed.connect(reset_catalogue, dispatch_uid="django_problems.reset_catalogue")
