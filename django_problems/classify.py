"""Classify an exception: which problem type it is and the facts the body carries.

Shared by the DRF exception handler and the middleware, so a Django view and a DRF view that raise
the same exception answer the same problem.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from typing import Any, Final

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.db import IntegrityError, InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions as drf
from rest_framework.fields import get_error_detail
from rest_framework.parsers import BaseParser
from rest_framework.views import set_rollback

from django_problems.conf import problems_settings
from django_problems.problem import Problem
from django_problems.serializer_errors import map_errors

logger = logging.getLogger("django_problems")

DRF_SLUGS: Final[tuple[tuple[type[drf.APIException], str], ...]] = (
    (drf.ParseError, "malformed-request-body"),
    (drf.PermissionDenied, "forbidden"),
    (drf.NotFound, "not-found"),
    (drf.MethodNotAllowed, "invalid-http-method"),
    (drf.NotAcceptable, "not-acceptable"),
    (drf.UnsupportedMediaType, "unsupported-media-type"),
    (drf.Throttled, "too-many-requests"),
)
UNAVAILABLE_BUILTINS: Final[tuple[type[BaseException], ...]] = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
)
UNAVAILABLE_NAMES: Final = frozenset(
    {
        "redis.exceptions.ConnectionError",
        "redis.exceptions.TimeoutError",
        "redis.exceptions.BusyLoadingError",
    }
)


def problem_for_exception(exc: BaseException, request: HttpRequest | None) -> Problem:
    """The problem an exception raised while handling ``request`` becomes.

    Expected errors (4xx, outages, conflicts) are classified; anything else is logged with its
    traceback, reported through ``got_request_exception`` and becomes a 500 that says nothing
    about its cause.
    """
    if isinstance(exc, Http404 | PermissionDenied | drf.APIException):
        return _from_drf(exc, request)
    if isinstance(getattr(exc, "problem_slug", None), str):
        set_rollback()
        return _typed(exc, {})
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        return _validation_problem(get_error_detail(exc))
    if isinstance(exc, SuspiciousOperation):
        return _suspicious(exc)
    if isinstance(exc, IntegrityError | ProtectedError | RestrictedError):
        set_rollback()
        return Problem.of_slug("resource-crud-failure", _conflict_detail(exc))
    if _is_unavailable(exc):
        set_rollback()
        logger.error("backing service unavailable: %s", type(exc).__name__, exc_info=exc)
        return Problem.of_slug("service-temporarily-unavailable")
    if _raised_by_parser(exc):
        return Problem.of_slug("malformed-request-body")
    return unexpected(exc, request)


def unexpected(exc: BaseException, request: HttpRequest | None) -> Problem:
    """A 500 for an unexpected exception: logged, signalled, nothing disclosed."""
    set_rollback()
    extensions = {"exception": type(exc).__name__} if problems_settings.DEBUG_EXTENSION else None
    problem = Problem.of_slug("internal-platform-error", extensions=extensions)
    logger.error(
        "unhandled %s (instance %s)",
        type(exc).__name__,
        problem.instance,
        exc_info=exc,
        extra={"status_code": 500, "request": request, "problem_instance": problem.instance},
    )
    if sys.exc_info()[1] is exc:
        got_request_exception.send(sender=None, request=request)
    return problem


def drf_facts(exc: Exception) -> tuple[int, dict[str, str], Any] | None:
    """The status, headers and data DRF's own ``exception_handler`` answers for ``exc``.

    The same steps as ``rest_framework.views.exception_handler``: ``Http404`` /
    ``PermissionDenied`` become DRF exceptions keeping their messages, ``WWW-Authenticate`` and
    ``Retry-After`` are added, the transaction is marked for rollback. It builds no ``Response``
    (that object, thrown away, was a fifth of the error path's cost). ``None``: not DRF's.
    """
    api_exc: Exception = exc
    if isinstance(exc, Http404):
        api_exc = drf.NotFound(*exc.args)
    elif isinstance(exc, PermissionDenied):
        api_exc = drf.PermissionDenied(*exc.args)
    if not isinstance(api_exc, drf.APIException):
        return None
    headers: dict[str, str] = {}
    auth_header = getattr(api_exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = str(auth_header)
    wait = getattr(api_exc, "wait", None)
    if wait:
        headers["Retry-After"] = f"{int(wait)}"
    set_rollback()
    detail = api_exc.detail
    data = detail if isinstance(detail, list | dict) else {"detail": detail}
    return api_exc.status_code, headers, data


def _from_drf(exc: Exception, request: HttpRequest | None) -> Problem:
    facts = drf_facts(exc)
    if facts is None:  # pragma: no cover - DRF handles every type routed here
        return unexpected(exc, request)
    status, headers, data = facts
    slug = getattr(exc, "problem_slug", None)
    if isinstance(slug, str):
        if status == 403 and isinstance(exc, drf.NotAuthenticated | drf.AuthenticationFailed):
            # DRF coerced the 401: the first authenticator offers no challenge to answer.
            detail = data.get("detail") if isinstance(data, Mapping) else None
            return Problem.of_slug("forbidden", detail, headers=headers)
        return _typed(exc, headers)
    if isinstance(exc, drf.ValidationError):
        return _validation_problem(exc.detail)
    detail = data.get("detail") if isinstance(data, Mapping) else None
    if status == 415 and request is not None:
        parsers = getattr(request, "parsers", None) or ()
        headers["Accept"] = ", ".join(p.media_type for p in parsers) or "application/json"
    slug = _drf_slug(exc, status)
    if slug is None:
        return Problem.of_status(status, detail, headers=headers)
    return Problem.of_slug(slug, detail, headers=headers)


def _typed(exc: BaseException, headers: dict[str, str]) -> Problem:
    """An exception that names its catalogue type (``problem_slug``), with its own members."""
    extensions: Mapping[str, Any] = getattr(exc, "extensions", None) or {}
    headers.update(getattr(exc, "headers", None) or {})
    detail = getattr(exc, "problem_detail", None)
    return Problem.of_slug(exc.problem_slug, detail, extensions=extensions, headers=headers)  # type: ignore[attr-defined]


def _drf_slug(exc: Exception, status: int) -> str | None:
    if isinstance(exc, Http404):
        return "not-found"
    if isinstance(exc, PermissionDenied):
        return "forbidden"
    if isinstance(exc, drf.NotAuthenticated | drf.AuthenticationFailed):
        # DRF answers 403 when the first authenticator offers no challenge.
        return "unauthorised" if status == 401 else "forbidden"
    for exc_class, slug in DRF_SLUGS:
        if isinstance(exc, exc_class):
            return slug
    return None


def _validation_problem(detail: Any) -> Problem:
    mapped = map_errors(detail)
    return Problem.of_slug(mapped.slug, extensions=mapped.extensions)


def _suspicious(exc: SuspiciousOperation) -> Problem:
    # Django logs these to django.security.<class>; the message can name settings, so it stays
    # in the log and out of the body.
    security_logger = logging.getLogger(f"django.security.{type(exc).__name__}")
    security_logger.error(str(exc), exc_info=exc)
    if isinstance(exc, RequestDataTooBig):
        from django.conf import settings

        return Problem.of_slug(
            "payload-too-large", extensions={"max_size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )
    return Problem.of_slug("bad-request")


def _conflict_detail(exc: Exception) -> Any:
    if isinstance(exc, ProtectedError | RestrictedError):
        return _("The resource is still referenced by other resources.")
    return _("The change conflicts with an existing resource (for example a duplicate value).")


def _is_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, UNAVAILABLE_BUILTINS):
        return True
    extra = problems_settings.UNAVAILABLE_EXCEPTIONS
    for cls in type(exc).__mro__:
        name = f"{cls.__module__}.{cls.__qualname__}"
        if name in UNAVAILABLE_NAMES or name in extra:
            return True
    return False


def _raised_by_parser(exc: BaseException) -> bool:
    """Whether ``exc`` escaped from a DRF parser (deep JSON nesting raises RecursionError)."""
    tb = exc.__traceback__
    while tb is not None:
        if isinstance(tb.tb_frame.f_locals.get("self"), BaseParser):
            return True
        tb = tb.tb_next
    return False
