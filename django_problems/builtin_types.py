"""The core's problem types: what HTTP itself needs, validation, conflicts and failures.

Feature apps declare their own (``django_problems.api_keys`` its authentication types, ...); a
project adds or overrides types in ``PROBLEMS["TYPES"]``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from django.utils.translation import gettext_lazy as _

from django_problems.problem_types import DEFAULT_RETRY_AFTER, ProblemType

ERRORS_DOC: Final = _(
    "Map of field path to the messages about it; non-field errors sit under non_field_errors."
)
CODES_DOC: Final = _("Map of field path to machine-readable codes, parallel to errors.")
ERRORS_OMITTED_DOC: Final = _(
    "How many errors were left out of errors (present only when there were more than "
    "PROBLEMS['MAX_ERRORS'])."
)
VALIDATION_MEMBERS: Final = {
    "errors": ERRORS_DOC,
    "codes": CODES_DOC,
    "errors_omitted": ERRORS_OMITTED_DOC,
}
"""The extension members of every type the serializer-error mapper chooses."""

CORE_TYPES: Final[tuple[ProblemType, ...]] = (
    ProblemType(
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
    ),
    ProblemType(
        slug="invalid-http-method",
        title=_("Method not allowed"),
        status=405,
        code="E_API_INVALID_HTTP_METHOD",
        category="api",
        description=_("The resource exists but does not support this HTTP method."),
        fix=_("Use one of the methods listed in the Allow header."),
        default_detail=_("This method is not allowed for this resource."),
        headers={"Allow": ""},
    ),
    ProblemType(
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
        headers={"Retry-After": str(DEFAULT_RETRY_AFTER)},
    ),
    ProblemType(
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
        extensions=VALIDATION_MEMBERS,
        example={
            "errors": {
                "email": ["This field is required."],
                "items[0].quantity": ["A valid integer is required."],
            },
            "codes": {
                "email": ["required"],
                "items[0].quantity": ["invalid"],
            },
        },
    ),
    ProblemType(
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
        extensions=VALIDATION_MEMBERS,
        example={
            "errors": {"items[0].quantity": ["Ensure this value is less than or equal to 100."]},
            "codes": {"items[0].quantity": ["max_value"]},
        },
    ),
    ProblemType(
        slug="unauthorised-resource-access",
        title=_("Attempted access to unauthorised resource(s)."),
        status=403,
        code="E_API_NOT_AUTHORIZED",
        category="validation",
        description=_(
            "The request refers to resources (for example by id) that do not exist or "
            "that the caller may not see."
        ),
        fix=_("Refer only to resources your credentials give access to."),
        default_detail=_("The request refers to resources you may not access."),
        extensions=VALIDATION_MEMBERS,
        example={
            "errors": {"items[1].product": ['Invalid pk "42" - object does not exist.']},
            "codes": {"items[1].product": ["does_not_exist"]},
        },
    ),
    ProblemType(
        slug="resource-crud-failure",
        title=_("Resource manipulation could not be completed."),
        status=409,
        code="E_API_RESOURCE_CRUD_FAILURE",
        category="misc",
        description=_(
            "Creating, changing or deleting the resource conflicts with its current "
            "state or with other resources (a duplicate, a row still referenced, an "
            "action already done)."
        ),
        fix=_("Fetch the resource's current state, resolve the conflict and retry."),
        default_detail=_(
            "The resource could not be changed because of a conflict with its current state."
        ),
    ),
    ProblemType(
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
    ),
    ProblemType(
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
    ProblemType(
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
    ProblemType(
        slug="forbidden",
        title=_("Forbidden"),
        status=403,
        code="E_API_FORBIDDEN",
        category="http",
        description=_("The caller is known but may not perform this action."),
        fix=_("Use credentials that are permitted to perform the action."),
        default_detail=_("You do not have permission to perform this action."),
    ),
    ProblemType(
        slug="not-found",
        title=_("Not found"),
        status=404,
        code="E_API_NOT_FOUND",
        category="http",
        description=_("No resource exists at this URL, or the caller may not know it exists."),
        fix=_("Check the URL and the identifiers in it."),
        default_detail=_("No resource was found at this URL."),
    ),
    ProblemType(
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
    ProblemType(
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
    ProblemType(
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
    ProblemType(
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
"""Every problem type of the core."""

SIMPLEJWT_TYPES: Final[tuple[ProblemType, ...]] = (
    ProblemType(
        slug="token-not-valid",
        title=_("Token not valid"),
        status=401,
        code="token_not_valid",
        category="authentication",
        description=_(
            "The bearer token is expired, malformed, revoked or of the wrong type. messages "
            "says why each kind of token refused it."
        ),
        fix=_("Refresh the access token (or obtain a new one) and retry with it."),
        default_detail=_("Token is invalid or expired"),
        headers={"WWW-Authenticate": ""},
        extensions={
            "messages": _(
                "Why each token type refused the token: token_class, token_type, message."
            )
        },
        example={
            "messages": [
                {
                    "token_class": "AccessToken",
                    "token_type": "access",
                    "message": "Token is expired",
                }
            ]
        },
        member_schemas={
            "messages": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "token_class": {"type": "string"},
                        "token_type": {"type": "string"},
                        "message": {"type": "string"},
                    },
                    "required": ["token_class", "token_type", "message"],
                },
            }
        },
    ),
    ProblemType(
        slug="no-active-account",
        title=_("No active account"),
        status=401,
        code="no_active_account",
        category="authentication",
        description=_("The credentials sent to obtain a token match no active account."),
        fix=_("Check the credentials, or have the account activated."),
        default_detail=_("No active account found with the given credentials"),
        headers={"WWW-Authenticate": ""},
    ),
)
"""The codes djangorestframework-simplejwt answers that clients act on, as types of their own
(a front end refreshes its token on ``token_not_valid``). Listed when simplejwt is in use."""


def simplejwt_in_use() -> bool:
    """Whether the project uses djangorestframework-simplejwt (by its settings)."""
    from django.conf import settings

    if "rest_framework_simplejwt" in settings.INSTALLED_APPS or hasattr(settings, "SIMPLE_JWT"):
        return True
    drf = getattr(settings, "REST_FRAMEWORK", {})
    classes = drf.get("DEFAULT_AUTHENTICATION_CLASSES", ()) if isinstance(drf, Mapping) else ()
    return any(isinstance(c, str) and c.startswith("rest_framework_simplejwt.") for c in classes)


CONDITIONS: Final[Mapping[str, Callable[[Any], bool]]] = {
    "unauthorised-resource-access": lambda config: bool(config.FORBIDDEN_REFERENCE_CODES),
    **{t.slug: lambda config: simplejwt_in_use() for t in SIMPLEJWT_TYPES},
}
"""Types listed only when the project can produce them (given its core settings); a project's
own ``PROBLEMS["TYPES"]`` entry lists a type whatever its condition."""

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
