"""Views that raise every kind of exception, for the handler, middleware and error-view tests.

None of them is part of the documented API (``schema = None`` keeps the DRF ones out of the
OpenAPI schema).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import (
    DisallowedHost,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_POST
from rest_framework import serializers
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from django_problems import raise_problem
from tests.library.app.models import Worker

SECRET_SQL = 'INSERT INTO "secret_table" ("password") VALUES (\'hunter2\')'

RAISED: dict[str, Any] = {
    "http404": lambda: Http404("No worker matches the given query."),
    "permission": lambda: PermissionDenied("Only the offer's owner may do this."),
    "suspicious": lambda: SuspiciousOperation("Invalid HTTP_HOST header: 'evil.example'"),
    "disallowed-host": lambda: DisallowedHost("Invalid HTTP_HOST header: 'evil.example'"),
    "too-big": lambda: RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX"),
    "django-validation": lambda: DjangoValidationError(
        {"email": [DjangoValidationError("Enter a valid email.", code="invalid")]}
    ),
    "integrity": lambda: IntegrityError(
        f"duplicate key value violates unique constraint; {SECRET_SQL}"
    ),
    "operational": lambda: OperationalError("could not connect to server at 10.0.0.5:5432"),
    "crash": lambda: ZeroDivisionError(f"secret {SECRET_SQL} at /srv/app/secret.py"),
    "connection": lambda: ConnectionRefusedError(111, "Connection refused to redis 10.0.0.7"),
    "teapot": lambda: _teapot(),
    "problem": lambda: _problem(),
}


def _teapot() -> APIException:
    exc = APIException("I refuse to brew coffee.")
    exc.status_code = 418
    return exc


def _problem() -> Exception:
    try:
        raise_problem("resource-crud-failure", "Offer 5 is already complete.", resource="offers/5")
    except Exception as exc:
        return exc
    raise AssertionError("unreachable")  # pragma: no cover


class RaiseView(APIView):
    """``/api/test/raise/<kind>``: raises the exception named ``kind`` from a DRF view."""

    authentication_classes = ()
    versioning_class = None
    permission_classes = (AllowAny,)
    schema = None

    def get(self, request: Request, kind: str) -> Response:
        raise RAISED[kind]()


def plain_raise(request: HttpRequest, kind: str) -> HttpResponse:
    """``/api/test/plain/<kind>``: the same from a plain Django view."""
    raise RAISED[kind]()


async def async_raise(request: HttpRequest, kind: str) -> HttpResponse:
    """``/api/test/async/<kind>``: the same from an async Django view (``ok``: a success)."""
    if kind == "ok":
        return HttpResponse('{"ok": true}', content_type="application/json")
    raise RAISED[kind]()


@require_POST
def plain_post_only(request: HttpRequest) -> HttpResponse:
    """A plain Django view that answers 405 with Django's ``HttpResponseNotAllowed``."""
    return HttpResponse("ok")


def plain_bad_request(request: HttpRequest) -> HttpResponse:
    """A plain Django view that answers an HTML 400."""
    return HttpResponseBadRequest("<h1>Bad</h1>")


def html_page(request: HttpRequest) -> HttpResponse:
    """``/site/page``: an HTML page outside the API."""
    return HttpResponse("<h1>site</h1>")


def plain_json_error(request: HttpRequest) -> HttpResponse:
    """A plain Django view answering its own JSON error (left alone by the middleware)."""
    return HttpResponse('{"error": "mine"}', status=400, content_type="application/json")


# Fields named like the problem's standard members (which shadow Serializer attributes, hence
# built dynamically), and a unicode one.
ReservedNamesSerializer: type[serializers.Serializer[Any]] = type(
    "ReservedNamesSerializer",
    (serializers.Serializer,),
    {
        name: serializers.IntegerField()
        for name in ("type", "status", "errors", "instance", "détail")
    },
)


class ReservedNamesView(APIView):
    """``/api/test/reserved``: a body validated by :class:`ReservedNamesSerializer`."""

    authentication_classes = ()
    versioning_class = None
    permission_classes = (AllowAny,)
    schema = None

    def post(self, request: Request) -> Response:
        serializer = ReservedNamesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.validated_data)


class OpenView(APIView):
    """``/api/test/open``: a view without authentication (for bad-input tests)."""

    authentication_classes = ()
    versioning_class = None
    permission_classes = (AllowAny,)
    schema = None

    def get(self, request: Request) -> Response:
        return Response({"ok": True})

    def post(self, request: Request) -> Response:
        return Response({"received": request.data})


class TwoColumnCsvParser(BaseParser):
    """A project's own parser: its ``ParseError`` message is its author's and is kept."""

    media_type = "text/csv"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        raise ParseError("Row 1 has 3 columns, not 2.")


class ParsersView(OpenView):
    """``/api/test/parsers``: a project's own parser (:class:`TwoColumnCsvParser`) beside
    DRF's multipart one."""

    parser_classes = (TwoColumnCsvParser, MultiPartParser)


class WriteThenRaiseView(RaiseView):
    """``/api/test/write-then-raise/<kind>``: writes a row, then raises (rollback tests)."""

    def get(self, request: Request, kind: str) -> Response:
        owner = int(request.query_params["owner"])
        Worker.objects.create(owner_id=owner, name="W", email="written@example.com")
        raise RAISED[kind]()
