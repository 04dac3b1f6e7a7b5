"""Classification: which problem an exception is, and the facts its body carries.

:class:`Classifier` has one method per step; :meth:`Classifier.classify` tries them in order.
The DRF exception handler, the middleware and the Django error views all use it, so a Django
view and a DRF view that raise the same exception answer the same problem. A project changes
one step by subclassing it and naming the subclass in ``PROBLEMS["CLASSIFIER"]``.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Mapping
from typing import Any, Final

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.db import IntegrityError, InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest
from django.urls import Resolver404
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions as drf
from rest_framework.fields import get_error_detail
from rest_framework.parsers import BaseParser
from rest_framework.views import APIView, set_rollback

from django_problems import parse_errors
from django_problems.catalogue import get_catalogue
from django_problems.conf import on_settings_change
from django_problems.problem import Problem
from django_problems.query import QueryValidationError
from django_problems.serializer_errors import map_errors
from django_problems.settings import core_settings

DRF_SLUGS: Final[tuple[tuple[type[drf.APIException], str], ...]] = (
    (drf.ParseError, "malformed-request-body"),
    (drf.PermissionDenied, "forbidden"),
    (drf.NotFound, "not-found"),
    (drf.MethodNotAllowed, "invalid-http-method"),
    (drf.NotAcceptable, "not-acceptable"),
    (drf.UnsupportedMediaType, "unsupported-media-type"),
    (drf.Throttled, "too-many-requests"),
)
"""The catalogue type of each DRF exception class (authentication failures aside)."""

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

Step = Callable[[BaseException, HttpRequest | None], Problem | None]

UNCAUGHT: Final = "_problems_uncaught"
"""The request attribute :func:`remember_uncaught` keeps an uncaught exception in."""
DEBUG_MESSAGE_LIMIT: Final = 2000


class Classifier:
    """Turns an exception raised while handling a request into a :class:`Problem`.

    :meth:`classify` asks each step in turn (:attr:`steps`); the first that recognises the
    exception answers, and :meth:`unexpected` answers for anything none recognises.
    """

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps, in order: override to add, remove or reorder one."""
        return (
            self.typed,
            self.api_exception,
            self.validation,
            self.suspicious,
            self.conflict,
            self.outage,
            self.parser_failure,
        )

    def classify(self, exc: BaseException, request: HttpRequest | None) -> Problem:
        """The problem ``exc`` (raised while handling ``request``) becomes."""
        for step in self.steps:
            problem = step(exc, request)
            if problem is not None:
                return problem
        return self.unexpected(exc, request)

    # The steps.

    def typed(self, exc: BaseException, request: HttpRequest | None) -> Problem | None:
        """An exception naming its catalogue type (``problem_slug``), with its own members."""
        slug = getattr(exc, "problem_slug", None)
        if not isinstance(slug, str):
            return None
        set_rollback()
        headers = self.drf_headers(exc)
        detail = getattr(exc, "problem_detail", None)
        status = getattr(exc, "status_code", None)
        if status == 403 and isinstance(exc, drf.NotAuthenticated | drf.AuthenticationFailed):
            # DRF coerced the 401: the first authenticator offers no challenge to answer.
            return Problem.of_slug("forbidden", detail, headers=headers)
        headers.update(getattr(exc, "headers", None) or {})
        extensions: Mapping[str, Any] = getattr(exc, "extensions", None) or {}
        return Problem.of_slug(slug, detail, extensions=extensions, headers=headers)

    def api_exception(self, exc: BaseException, request: HttpRequest | None) -> Problem | None:
        """DRF's exceptions (validation aside), ``Http404`` and ``PermissionDenied``.

        Messages and headers as DRF's own handler gives them: ``Http404`` and
        ``PermissionDenied`` keep their messages, ``WWW-Authenticate`` and ``Retry-After`` are
        added, the transaction is rolled back.
        """
        if isinstance(exc, drf.ValidationError):
            return None
        if isinstance(exc, Http404):
            set_rollback()
            return self.not_found(exc)
        if isinstance(exc, PermissionDenied):
            set_rollback()
            return self.forbidden(exc)
        if not isinstance(exc, drf.APIException):
            return None
        set_rollback()
        headers = self.drf_headers(exc)
        detail, code, members = self.exception_facts(exc)
        if isinstance(exc, drf.ParseError):
            detail = parse_errors.explain(exc) or detail
        status = exc.status_code
        if status == 415 and request is not None:
            parsers = getattr(request, "parsers", None) or ()
            headers["Accept"] = ", ".join(p.media_type for p in parsers) or "application/json"
        coerced = status == 403 and isinstance(exc, drf.NotAuthenticated | drf.AuthenticationFailed)
        own_type = get_catalogue().by_code.get(code) if code else None
        if own_type is not None and not coerced:
            return Problem.of_type(own_type, detail, extensions=members, headers=headers)
        if code and code != drf_default_code(type(exc)):
            members["exception_code"] = code
        slug = self.drf_slug(exc)
        problem = (
            Problem.of_status(status, detail, headers=headers)
            if slug is None
            else Problem.of_slug(slug, detail, headers=headers)
        )
        problem.extensions.update(members)
        return problem

    def exception_facts(
        self, exc: drf.APIException
    ) -> tuple[str | None, str | None, dict[str, Any]]:
        """What a DRF exception carries: its detail text, its own code and any other members.

        A detail given as a dict (djangorestframework-simplejwt's ``{"detail", "code",
        "messages"}``) gives its ``detail`` and ``code`` and passes every other key on as an
        extension member; a list of messages becomes ``messages``.
        """
        raw = exc.detail
        members: dict[str, Any] = {}
        if isinstance(raw, dict):
            text, code = raw.get("detail"), raw.get("code")
            members = {str(k): plain(v) for k, v in raw.items() if k not in ("detail", "code")}
            if code is None:
                code = getattr(text, "code", None)
        elif isinstance(raw, list):
            text, code = None, getattr(raw[0], "code", None) if raw else None
            members = {"messages": plain(raw)}
        else:
            text, code = raw, getattr(raw, "code", None)
        return (
            str(text) if isinstance(text, str) else None,
            str(code) if code is not None else None,
            members,
        )

    def validation(self, exc: BaseException, request: HttpRequest | None) -> Problem | None:
        """DRF's and Django's ``ValidationError``: the serializer-error mapper's problem.

        Errors about query parameters (``validate_query``, a filter backend such as
        django-filter's) are located as parameters, not as places in the body.
        """
        if isinstance(exc, drf.ValidationError):
            detail: Any = exc.detail
        elif isinstance(exc, DjangoValidationError):
            detail = get_error_detail(exc)
        else:
            return None
        set_rollback()
        in_query = isinstance(exc, QueryValidationError) or raised_by_filter_backend(exc)
        mapped = map_errors(detail, location="query" if in_query else "body")
        return Problem.of_slug(mapped.slug, extensions=mapped.extensions)

    def suspicious(self, exc: BaseException, request: HttpRequest | None) -> Problem | None:
        """``SuspiciousOperation``: logged to ``django.security.<class>`` as Django does; the
        message can name settings, so it stays in the log and out of the body (but in the
        ``debug`` member with ``DEBUG`` on, as Django's debug page shows it)."""
        if not isinstance(exc, SuspiciousOperation):
            return None
        logging.getLogger(f"django.security.{type(exc).__name__}").error(str(exc), exc_info=exc)
        problem = self.rejected_request(exc)
        debug = self.debug_member(exc)
        if debug is not None:
            problem.extensions["debug"] = debug
        return problem

    def conflict(self, exc: BaseException, request: HttpRequest | None) -> Problem | None:
        """Integrity errors and protected deletes: 409, without the SQL."""
        if isinstance(exc, ProtectedError | RestrictedError):
            detail: Promise = _("The resource is still referenced by other resources.")
        elif isinstance(exc, IntegrityError):
            detail = _(
                "The change conflicts with an existing resource (for example a duplicate value)."
            )
        else:
            return None
        set_rollback()
        return Problem.of_slug("resource-crud-failure", detail)

    def outage(self, exc: BaseException, request: HttpRequest | None) -> Problem | None:
        """A database, cache or other backing service that cannot be reached: 503."""
        if not self.is_outage(exc):
            return None
        set_rollback()
        problem = Problem.of_slug("service-temporarily-unavailable")
        problem.cause = exc
        return problem

    def parser_failure(self, exc: BaseException, request: HttpRequest | None) -> Problem | None:
        """An exception escaping a DRF parser (100,000-deep JSON raises ``RecursionError``)."""
        if raised_by(exc, BaseParser):
            detail = parse_errors.too_deep() if isinstance(exc, RecursionError) else None
            return Problem.of_slug("malformed-request-body", detail)
        return None

    def unexpected(self, exc: BaseException, request: HttpRequest | None) -> Problem:
        """A 500 for anything else. The writer logs it with its traceback under the problem's
        ``instance``; ``got_request_exception`` is sent (once); the body discloses nothing,
        except the ``debug`` member while ``DEBUG`` is on."""
        set_rollback()
        debug = self.debug_member(exc)
        problem = Problem.of_slug(
            "internal-platform-error", extensions={"debug": debug} if debug else None
        )
        problem.cause = exc
        announced = request is not None and getattr(request, UNCAUGHT, None) is exc
        if sys.exc_info()[1] is exc and not announced:
            got_request_exception.send(sender=None, request=request)
        return problem

    # Problems of one status, also answered by Django's error views.

    def rejected_request(self, exc: BaseException) -> Problem:
        """400 for a request Django refused (``SuspiciousOperation``: logged already); 413 for
        an oversized body."""
        if isinstance(exc, RequestDataTooBig):
            return self.payload_too_large()
        return Problem.of_slug("bad-request")

    def forbidden(self, exc: BaseException) -> Problem:
        """403, keeping the exception's message when it has one."""
        return Problem.of_slug("forbidden", _message(exc))

    def not_found(self, exc: BaseException) -> Problem:
        """404; an unmatched URL (``Resolver404``) says nothing about the URL patterns."""
        return Problem.of_slug("not-found", None if isinstance(exc, Resolver404) else _message(exc))

    def payload_too_large(self) -> Problem:
        """413 with ``max_size``: the body is larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
        return Problem.of_slug(
            "payload-too-large", extensions={"max_size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )

    def for_status(self, status: int, headers: Mapping[str, str] | None = None) -> Problem:
        """A problem for a bare error status (an error response that is not a problem yet)."""
        return Problem.of_status(status, headers=headers)

    # Helpers the steps share.

    def debug_member(self, exc: BaseException) -> dict[str, str] | None:
        """With ``DEBUG`` on (and ``PROBLEMS["DEBUG_MEMBER"]``): the exception's class, message
        and where it was raised, as Django's debug page shows them. ``None`` otherwise."""
        if not (settings.DEBUG and core_settings().DEBUG_MEMBER):
            return None
        debug = {
            "exception": f"{type(exc).__module__}.{type(exc).__qualname__}",
            "message": str(exc)[:DEBUG_MESSAGE_LIMIT],
        }
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is not None:
            code = tb.tb_frame.f_code
            debug["location"] = f"{_short_path(code.co_filename)}:{tb.tb_lineno} in {code.co_name}"
        return debug

    def drf_headers(self, exc: BaseException) -> dict[str, str]:
        """``WWW-Authenticate`` and ``Retry-After`` as DRF's handler adds them."""
        headers: dict[str, str] = {}
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            headers["WWW-Authenticate"] = str(auth_header)
        wait = getattr(exc, "wait", None)
        if wait:
            headers["Retry-After"] = f"{int(wait)}"
        return headers

    def drf_slug(self, exc: drf.APIException) -> str | None:
        """The catalogue type of a DRF exception (``None``: by its status)."""
        if isinstance(exc, drf.NotAuthenticated | drf.AuthenticationFailed):
            # DRF answers 403 when the first authenticator offers no challenge.
            return "unauthorised" if exc.status_code == 401 else "forbidden"
        for exc_class, slug in DRF_SLUGS:
            if isinstance(exc, exc_class):
                return slug
        return None

    def is_outage(self, exc: BaseException) -> bool:
        """Whether ``exc`` means a backing service cannot be reached."""
        if isinstance(exc, UNAVAILABLE_BUILTINS):
            return True
        extra = core_settings().UNAVAILABLE_EXCEPTIONS
        for cls in type(exc).__mro__:
            name = f"{cls.__module__}.{cls.__qualname__}"
            if name in UNAVAILABLE_NAMES or name in extra:
                return True
        return False


def drf_default_code(cls: type[BaseException]) -> str | None:
    """The ``default_code`` of the DRF exception class ``cls`` derives from (``None``: none)."""
    for klass in cls.__mro__:
        if klass.__module__ == drf.__name__:
            code = getattr(klass, "default_code", None)
            return str(code) if code is not None else None
    return None


def plain(value: Any) -> Any:
    """``value`` with DRF's ``ErrorDetail`` strings (and anything else not JSON) as plain data."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def raised_by(exc: BaseException, kind: type) -> bool:
    """Whether a method of an instance of ``kind`` is on the traceback of ``exc``."""
    tb = exc.__traceback__
    while tb is not None:
        if isinstance(tb.tb_frame.f_locals.get("self"), kind):
            return True
        tb = tb.tb_next
    return False


def raised_by_filter_backend(exc: BaseException) -> bool:
    """Whether ``exc`` came from a filter backend's ``filter_queryset`` (DRF's, django-filter's
    ``DjangoFilterBackend``, a project's): its errors are about query parameters."""
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        # The name first: reading f_locals builds the frame's locals, on every frame.
        if frame.f_code.co_name == "filter_queryset" and not isinstance(
            frame.f_locals.get("self"), APIView | None
        ):
            return True
        tb = tb.tb_next
    return False


def _short_path(filename: str) -> str:
    """A source path relative to the ``sys.path`` entry it is found under."""
    for root in sorted((p for p in sys.path if p), key=len, reverse=True):
        if filename.startswith(root.rstrip("/") + "/"):
            return filename[len(root.rstrip("/")) + 1 :]
    return filename


def remember_uncaught(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """``got_request_exception`` receiver: keep the uncaught exception on the request, so the
    problem that replaces Django's 500 page (middleware, ``handler500``) is classified from it."""
    exc = sys.exc_info()[1]
    if request is not None and exc is not None:
        setattr(request, UNCAUGHT, exc)


def uncaught(request: HttpRequest) -> BaseException | None:
    """The exception Django reported as uncaught while handling ``request``, if any."""
    exc = getattr(request, UNCAUGHT, None)
    return exc if isinstance(exc, BaseException) else None


def _message(exception: BaseException) -> str | None:
    message = exception.args[0] if exception.args else None
    return message if isinstance(message, str) and message else None


_classifier: dict[str, Classifier] = {}


def get_classifier() -> Classifier:
    """The classifier ``PROBLEMS["CLASSIFIER"]`` names (one instance, until settings change)."""
    classifier = _classifier.get("instance")
    if classifier is None:
        classifier = _classifier["instance"] = import_string(core_settings().CLASSIFIER)()
    return classifier


on_settings_change(_classifier.clear)
