"""``ProblemMiddleware``: the problem safety net for API paths outside DRF.

* answers 503 ``service-temporarily-unavailable`` while the maintenance switch is on
  (:mod:`django_problems.maintenance`);
* rejects a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` before any parser reads it (DRF's
  parsers stream the body and never apply Django's limit) with 413, and a malformed
  ``Content-Length`` with 400;
* turns exceptions of plain Django views under the API into the same problems DRF views give;
* replaces any other non-JSON error response under the API (Django's debug 404 and 500 pages,
  ``HttpResponseNotAllowed``, bare ``HttpResponseBadRequest``) with a problem of its status.

Place it after ``LocaleMiddleware`` (so problems are translated) and before
``CsrfViewMiddleware``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _

from django_problems.classify import problem_for_exception
from django_problems.maintenance import maintenance_problem
from django_problems.paths import is_api_request
from django_problems.problem import Problem
from django_problems.writer import ProblemResponse, render

KEPT_HEADERS: Final = ("Allow", "WWW-Authenticate", "Retry-After", "Accept")
FORM_TYPES: Final = ("multipart/form-data",)


class ProblemMiddleware:
    """Answer problems for every error under ``PROBLEMS["API_PREFIXES"]``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_api_request(request):
            return self.get_response(request)
        unavailable = maintenance_problem(request)
        if unavailable is not None:
            return render(unavailable, request)
        rejected = body_size_problem(request)
        if rejected is not None:
            return render(rejected, request)
        response = self.get_response(request)
        if response.status_code >= 400 and _needs_problem(response):
            return render(_problem_for_response(response), request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Exceptions of plain Django views under the API become problems."""
        if not is_api_request(request):
            return None
        return render(problem_for_exception(exception, request), request)


def body_size_problem(request: HttpRequest) -> Problem | None:
    """413 for a declared body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (file uploads exempt)."""
    raw = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(raw)
    except ValueError:
        length = -1
    if length < 0:
        return Problem.of_slug("bad-request", _("The Content-Length header is not valid."))
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    content_type = request.META.get("CONTENT_TYPE", "")
    if limit is None or length <= limit or content_type.startswith(FORM_TYPES):
        return None
    return Problem.of_slug("payload-too-large", extensions={"max_size": limit})


def _needs_problem(response: HttpResponseBase) -> bool:
    if isinstance(response, ProblemResponse):
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return not (content_type == "application/json" or content_type.endswith("+json"))


def _problem_for_response(response: HttpResponseBase) -> Problem:
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return Problem.of_status(response.status_code, headers=headers)
