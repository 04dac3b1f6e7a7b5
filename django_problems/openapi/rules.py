"""Which problems one operation can answer: one predicate per status, all stated here.

Each rule looks at what DRF will really do for the view (its authenticators, permissions,
throttles, parsers, renderers, versioning, lookups) and names the catalogue types it can produce.
Statuses come from the catalogue afterwards, so a project that moves a type to another status
(``PROBLEMS["TYPES"]``) gets it documented under that status. Views adjust the result with
:func:`django_problems.openapi.problem_responses`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from django.conf import settings
from rest_framework import authentication, permissions, serializers, throttling
from rest_framework.fields import Field, ListField
from rest_framework.request import Request
from rest_framework.views import APIView

from django_problems.openapi.declarations import declared_response_headers, declared_slugs
from django_problems.openapi.settings import openapi_settings
from django_problems.serializer_errors import RANGE_CODES, possible_slugs
from django_problems.settings import core_settings

MIDDLEWARE: Final = "django_problems.middleware.ProblemMiddleware"

NEVER_DENY_AUTHENTICATED: Final[tuple[type[permissions.BasePermission], ...]] = (
    permissions.AllowAny,
    permissions.IsAuthenticated,
    permissions.IsAuthenticatedOrReadOnly,
)
"""Permissions that only ever refuse anonymous callers (who get the authentication problem)."""

RANGE_ATTRIBUTES: Final = (
    "max_length",
    "min_length",
    "max_value",
    "min_value",
    "max_digits",
    "decimal_places",
)
UNSAFE_METHODS: Final = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class Operation:
    """What the rules know about one operation (filled in by the ``AutoSchema``)."""

    view: APIView
    method: str
    path: str
    takes_body: bool = False
    body_serializers: list[Any] = field(default_factory=list)
    query_serializers: list[Any] = field(default_factory=list)
    versioned: bool = False
    is_list: bool = False
    gets_object: bool = False
    """A generic view's operation on one object (its path names the lookup): DRF's
    ``get_object()`` runs the filter backends on it too."""
    memo: dict[Any, Any] = field(default_factory=dict)
    """Shared by the operations of one generation run: what rules learnt about a class."""

    @property
    def request(self) -> Request | None:
        """The mock request drf-spectacular built for the view."""
        request = getattr(self.view, "request", None)
        return request if isinstance(request, Request) else None


def validation(op: Operation) -> set[str]:
    """400 (and 403): the types the serializer-error mapper can choose, and unparsable bodies."""
    found: set[str] = set()
    if op.takes_body:
        found.add("malformed-request-body")
    checked = [*op.body_serializers, *op.query_serializers]
    if op.takes_body or checked:
        for item in checked:
            # Per serializer class, as drf-spectacular documents one component per class.
            key = ("mapper", item if isinstance(item, type) else type(item))
            if key not in op.memo:
                op.memo[key] = frozenset(mapper_slugs([item]))
            found |= op.memo[key]
        if not checked:
            found |= mapper_slugs(())
    return found


def declared_headers(op: Operation) -> dict[int, dict[str, str]]:
    """Headers the operation's authenticators declare on some of their problems, by status
    (``Accept-Signature`` on the 401s of signed requests)."""
    authenticators = _authenticators(op)
    key = ("headers", *map(type, authenticators))  # declarations are found by class
    found: dict[int, dict[str, str]] | None = op.memo.get(key)
    if found is None:
        found = op.memo[key] = {}
        for authenticator in authenticators:
            for status, described in declared_response_headers(authenticator).items():
                found.setdefault(status, {}).update(described)
    return {status: dict(described) for status, described in found.items()}


def filtering(op: Operation) -> set[str]:
    """400 for operations whose filter backends validate the query (django-filter): lists,
    and a generic view's operations on one object (``get_object()`` filters the queryset)."""
    if not (op.is_list or op.gets_object):
        return set()
    found: set[str] = set()
    for backend in getattr(op.view, "filter_backends", None) or ():
        key = ("filter", backend, type(op.view))
        if key not in op.memo:
            op.memo[key] = frozenset(declared_slugs(backend, op.view) or ())
        found |= op.memo[key]
    return found


def declared_by_view(op: Operation) -> set[str]:
    """What the view class declares it raises (simplejwt's token views refuse bad tokens although
    they authenticate nothing)."""
    key = ("view", type(op.view))
    if key not in op.memo:
        op.memo[key] = frozenset(declared_slugs(op.view) or ())
    return set(op.memo[key])


def versioning(op: Operation) -> set[str]:
    """400 ``invalid-api-version`` for a view versioned by ``ApiVersioning``."""
    return {"invalid-api-version"} if op.versioned else set()


def authentication_(op: Operation) -> set[str]:
    """401 when the first authenticator gives a challenge; DRF answers 403 when it gives none.

    Presented credentials can be refused by any authenticator, whatever the permissions;
    anonymous callers refused by a permission get the same problem.
    """
    authenticators = _authenticators(op)
    if not authenticators:
        return {"forbidden"} if _denies_anonymous(op) else set()
    declared: set[str] = set()
    for authenticator in authenticators:
        if "problem_slugs" in getattr(authenticator, "__dict__", {}):  # this instance's own
            declared.update(declared_slugs(authenticator) or ())
            continue
        key = ("authenticator", type(authenticator))
        if key not in op.memo:
            op.memo[key] = declared_slugs(authenticator) or ("unauthorised",)
        declared.update(op.memo[key])
        session = isinstance(authenticator, authentication.SessionAuthentication)
        if session and op.method in UNSAFE_METHODS:
            declared.add("forbidden")  # the CSRF check fails as a PermissionDenied
    if _challenge(authenticators[0], op.request):
        return declared
    return (declared - {"unauthorised"}) | {"forbidden"}


def permission(op: Operation) -> set[str]:
    """403 when a permission class can refuse an authenticated caller (or what it declares)."""
    found: set[str] = set()
    for perm in _permissions(op):
        if "problem_slugs" in getattr(perm, "__dict__", {}):  # this instance's own
            declared = declared_slugs(perm)
        else:  # what its class declares, asked once per class
            key = ("permission", type(perm))
            if key not in op.memo:
                op.memo[key] = declared_slugs(perm)
            declared = op.memo[key]
        if declared is not None:
            found.update(declared)
        elif not isinstance(perm, NEVER_DENY_AUTHENTICATED):
            found.add("forbidden")
    return found


def not_found(op: Operation) -> set[str]:
    """404 for lookups (a path with parameters), paginated lists and DRF's ``?format=`` override."""
    if "{" in op.path:
        return {"not-found"}
    if op.is_list and getattr(op.view, "pagination_class", None) is not None:
        return {"not-found"}  # a page number past the end
    view_settings = getattr(op.view, "settings", None)
    if getattr(view_settings, "URL_FORMAT_OVERRIDE", None):
        return {"not-found"}  # ``?format=`` naming no renderer raises Http404
    return set()


def negotiation(op: Operation) -> set[str]:
    """406 when no renderer takes ``*/*``; 415 when a body is parsed and no parser takes ``*/*``."""
    found: set[str] = set()
    renderers = _instances(op, "get_renderers")
    if not any(getattr(r, "media_type", "") == "*/*" for r in renderers):
        found.add("not-acceptable")
    parsers = _instances(op, "get_parsers")
    if op.takes_body and not any(getattr(p, "media_type", "") == "*/*" for p in parsers):
        found.add("unsupported-media-type")
    return found


def body_size(op: Operation) -> set[str]:
    """413 for operations with a body, and for every API path behind ``ProblemMiddleware``.

    The middleware rejects a declared ``Content-Length`` over the limit before any view runs,
    whatever the method, so every operation under ``PROBLEMS["API_PREFIXES"]`` can answer it.
    """
    if op.takes_body or _behind_middleware(op.path):
        return {"payload-too-large"}
    return set()


def throttle(op: Operation) -> set[str]:
    """429 when one of the view's throttles has a rate for it."""
    for throttle_ in _throttles(op):
        if isinstance(throttle_, throttling.ScopedRateThrottle):
            scope = getattr(op.view, throttle_.scope_attr, None)
            rates = throttle_.THROTTLE_RATES
            if scope is None or rates.get(scope) is None:
                continue
        return {"too-many-requests"}
    return set()


def always(op: Operation) -> set[str]:
    """Every operation: 400 ``bad-request`` (a Host header this site does not serve, a malformed
    ``Content-Length``), 500 and 503 (maintenance, a database or cache that cannot be reached)."""
    if "always" not in op.memo:  # settings are read once per generation run
        op.memo["always"] = frozenset(
            {"bad-request", "internal-platform-error", "service-temporarily-unavailable"}
        ).union(openapi_settings().ALWAYS)
    return set(op.memo["always"])


RULES: Final[tuple[Callable[[Operation], set[str]], ...]] = (
    validation,
    filtering,
    versioning,
    authentication_,
    declared_by_view,
    permission,
    not_found,
    negotiation,
    body_size,
    throttle,
    always,
)
"""Every rule, in status order. 405 is never documented: operations are the declared methods.
409 is documented where a view declares it (``@problem_responses("resource-crud-failure")``)."""


def inferred_slugs(op: Operation) -> set[str]:
    """The union of every rule's types for ``op``."""
    found: set[str] = set()
    for rule in RULES:
        found |= rule(op)
    return found


def mapper_slugs(checked: Iterable[Any]) -> set[str]:
    """The types the serializer-error mapper can choose for errors of these serializers: the
    codes their fields can raise (a range, a reference to another resource) decide."""
    codes: set[str] = set()
    for item in checked:
        for writable in _writable_fields(item):
            if any(getattr(writable, name, None) is not None for name in RANGE_ATTRIBUTES):
                codes |= RANGE_CODES
            if isinstance(writable, serializers.RelatedField | serializers.ManyRelatedField):
                codes.add("does_not_exist")
    return possible_slugs(codes)


def _writable_fields(item: Any, depth: int = 0) -> Iterable[Field[Any, Any, Any, Any]]:
    if depth > 8:  # recursive serializers
        return
    if isinstance(item, type):
        try:
            item = item()
        except Exception:
            return
    if isinstance(item, serializers.ListSerializer):
        yield item
        yield from _writable_fields(item.child, depth + 1)
        return
    if isinstance(item, serializers.BaseSerializer) and hasattr(item, "fields"):
        for child in item.fields.values():
            if not child.read_only:
                yield from _writable_fields(child, depth + 1)
        return
    if isinstance(item, Field):
        yield item
        if isinstance(item, serializers.ManyRelatedField):
            yield item.child_relation
        elif isinstance(item, ListField):
            yield from _writable_fields(item.child, depth + 1)


STOCK_GETTERS: Final[Mapping[str, str]] = {
    "get_authenticators": "authentication_classes",
    "get_permissions": "permission_classes",
    "get_throttles": "throttle_classes",
    "get_renderers": "renderer_classes",
    "get_parsers": "parser_classes",
}
"""DRF's getters that only instantiate the view's ``*_classes``."""


def _instances(op: Operation, getter: str) -> list[Any]:
    """What ``op.view.<getter>()`` returns; shared by views with the same classes when the
    getter is DRF's own (the rules only read these instances)."""
    view = op.view
    classes = getattr(view, STOCK_GETTERS[getter], None)
    stock = getattr(type(view), getter, None) is getattr(APIView, getter)
    if stock and isinstance(classes, list | tuple):
        key = (getter, tuple(classes))
        if key not in op.memo:
            op.memo[key] = _called(view, getter)
        found: list[Any] = op.memo[key]
        return found
    return _called(view, getter)


def _called(view: APIView, getter: str) -> list[Any]:
    try:
        return list(getattr(view, getter)())
    except Exception:
        return []


def _authenticators(op: Operation) -> list[authentication.BaseAuthentication]:
    return _instances(op, "get_authenticators")


def _permissions(op: Operation) -> list[permissions.BasePermission]:
    return _instances(op, "get_permissions")


def _throttles(op: Operation) -> list[throttling.BaseThrottle]:
    return _instances(op, "get_throttles")


def _challenge(authenticator: authentication.BaseAuthentication, request: Request | None) -> bool:
    try:
        return bool(authenticator.authenticate_header(request))  # type: ignore[arg-type]
    except Exception:
        return False


def _denies_anonymous(op: Operation) -> bool:
    for perm in _permissions(op):
        if isinstance(perm, permissions.AllowAny):
            continue
        safe = op.method not in UNSAFE_METHODS
        if isinstance(perm, permissions.IsAuthenticatedOrReadOnly) and safe:
            continue
        return True
    return False


def _behind_middleware(path: str) -> bool:
    if MIDDLEWARE not in getattr(settings, "MIDDLEWARE", ()):
        return False
    return path.startswith(core_settings().API_PREFIXES)
