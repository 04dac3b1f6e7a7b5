"""``ProblemMiddleware``: the problem safety net for API paths outside DRF.

* rejects a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` before any parser reads it (DRF's
  parsers stream the body and never apply Django's limit) with 413, and a malformed
  ``Content-Length`` with 400;
* rejects a request whose charset is not a text encoding with 415, before anything decodes it
  (:mod:`django_problems.charsets`);
* turns exceptions of plain Django views under the API into the same problems DRF views give;
* replaces any other non-JSON error response under the API (Django's debug 404 and 500 pages,
  ``HttpResponseNotAllowed``, bare ``HttpResponseBadRequest``) with a problem of its status.

It also makes a response private (``Cache-Control``, ``Vary``) when the request carried a
credential: an ``Authorization`` header, or one an authentication class marked
(:mod:`django_problems.privacy`).

Place it first in ``MIDDLEWARE``, so it also sees what ``SecurityMiddleware`` and
``CommonMiddleware`` answer (a disallowed ``Host`` is Django's HTML 400 page otherwise). It
translates its own early answers with the request's language, and keeps the headers and cookies
of a response it replaces. It runs natively in a sync or an async stack (no thread hop under
ASGI), and a request that succeeds pays only a prefix test and a few dictionary reads.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Final

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _
from rest_framework.settings import api_settings

from django_problems.charsets import REFUSED_CHARSET, is_text_charset
from django_problems.classify import get_classifier, uncaught
from django_problems.paths import PREFIXES, api_prefixes, is_api_request
from django_problems.privacy import AUTHORIZATION, PRIVATE, privacy_of
from django_problems.problem import Problem
from django_problems.writer import ProblemResponse, render, render_safely

KEPT_HEADERS: Final = ("Allow", "WWW-Authenticate", "Retry-After", "Accept")
FORM_TYPES: Final = ("multipart/form-data",)
REPLACED_HEADERS: Final = frozenset(
    {
        "content-type",
        "content-length",
        "content-language",
        "content-encoding",
        "vary",
        "etag",
        "last-modified",
        "cache-control",
        "expires",
        "content-disposition",
    }
)


class ProblemMiddleware:
    """Answer problems for every error under ``PROBLEMS["API_PREFIXES"]``."""

    sync_capable = True
    async_capable = True

    def __new__(cls, get_response: Callable[..., Any]) -> ProblemMiddleware:
        # One class per mode, so a request pays no "am I async?" test.
        if cls is ProblemMiddleware and iscoroutinefunction(get_response):
            cls = AsyncProblemMiddleware
        return super().__new__(cls)

    def __init__(self, get_response: Callable[..., Any]) -> None:
        self.get_response: Callable[[HttpRequest], HttpResponseBase] = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # The success path is a handful of attribute reads: it is every request's cost.
        if not request.path_info.startswith(PREFIXES[0] if PREFIXES else api_prefixes()):
            return self.get_response(request)
        meta = request.META  # no body and no Content-Type (so no charset): nothing to check
        if meta.get("CONTENT_LENGTH") or meta.get("CONTENT_TYPE"):
            rejected = early_problem(request)
            if rejected is not None:
                return render_early(rejected, request)
        response = self.get_response(request)
        if (
            response.status_code < 400
            and PRIVATE not in request.__dict__
            and AUTHORIZATION not in meta
        ):
            return response
        return finish(response, request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Exceptions of plain Django views under the API become problems."""
        if not is_api_request(request):
            return None
        return render_safely(lambda: get_classifier().classify(exception, request), request)


class AsyncProblemMiddleware(ProblemMiddleware):
    """``ProblemMiddleware`` in an async stack (Django instantiates it for an async chain)."""

    def __init__(self, get_response: Callable[..., Any]) -> None:
        super().__init__(get_response)
        self.get_async_response: Callable[[HttpRequest], Awaitable[HttpResponseBase]] = get_response
        markcoroutinefunction(self)

    async def __call__(self, request: HttpRequest) -> HttpResponseBase:  # type: ignore[override]
        if not request.path_info.startswith(PREFIXES[0] if PREFIXES else api_prefixes()):
            return await self.get_async_response(request)
        meta = request.META  # no body and no Content-Type (so no charset): nothing to check
        if meta.get("CONTENT_LENGTH") or meta.get("CONTENT_TYPE"):
            rejected = early_problem(request)
            if rejected is not None:
                return render_early(rejected, request)
        response = await self.get_async_response(request)
        if (
            response.status_code < 400
            and PRIVATE not in request.__dict__
            and AUTHORIZATION not in meta
        ):
            return response
        return finish(response, request)


def early_problem(request: HttpRequest) -> Problem | None:
    """The problem an API request gets before any view runs: a body over the size limit, a
    malformed ``Content-Length``, a charset that is not a text encoding. ``None`` mostly."""
    return body_size_problem(request) or charset_problem(request)


def finish(response: HttpResponseBase, request: HttpRequest) -> HttpResponseBase:
    """A view's response on its way out: a problem if it is a non-JSON error; private if the
    request carried a credential (:func:`django_problems.privacy.privacy_of`)."""
    if response.status_code >= 400 and _needs_problem(response):
        response = _replace(response, request)
    if isinstance(response, ProblemResponse):  # problems are no-store already
        return response
    private = privacy_of(request)
    if private is not None:
        directives, header = private
        patch_cache_control(response, **directives)
        if header:
            patch_vary_headers(response, (header,))
    return response


def charset_problem(request: HttpRequest) -> Problem | None:
    """415 for a charset that is not a text encoding (set aside by the request class of
    :mod:`django_problems.wsgi`, or still on the request without it)."""
    charset = request.META.get(REFUSED_CHARSET) or request.encoding
    if not charset or is_text_charset(charset):
        return None
    detail = _(
        "The charset %(charset)s is not a text encoding this API accepts: send the body in UTF-8."
    ) % {"charset": str(charset)[:40]}
    parsers: list[Any] = list(api_settings.DEFAULT_PARSER_CLASSES)
    accept = ", ".join(parser.media_type for parser in parsers)
    return Problem.of_slug(
        "unsupported-media-type", detail, headers={"Accept": accept or "application/json"}
    )


def render_early(problem: Problem, request: HttpRequest) -> HttpResponse:
    """Render a problem answered before the view, in the request's language (this runs before
    ``LocaleMiddleware`` has chosen it)."""
    with translation.override(_request_language(request)):
        return render(problem, request)


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
    return get_classifier().payload_too_large()


def _needs_problem(response: HttpResponseBase) -> bool:
    if isinstance(response, ProblemResponse):
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return not (content_type == "application/json" or content_type.endswith("+json"))


def _replace(response: HttpResponseBase, request: HttpRequest) -> HttpResponse:
    """A problem of the response's status, keeping its other headers and cookies."""
    kept = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    classifier = get_classifier()
    cause = uncaught(request) if response.status_code == 500 else None
    if cause is not None:  # Django's 500 page for an exception: classify the exception itself
        problem = classifier.classify(cause, request)
    else:
        problem = classifier.for_status(response.status_code, kept)
    problem_response = render(problem, request)
    for name, value in response.items():
        if name.lower() not in REPLACED_HEADERS and not problem_response.has_header(name):
            problem_response[name] = value
    if response.has_header("Vary"):
        patch_vary_headers(problem_response, [v.strip() for v in response["Vary"].split(",")])
    problem_response.cookies = response.cookies
    return problem_response


def _request_language(request: HttpRequest) -> str | None:
    if not settings.USE_I18N:
        return None
    return translation.get_language_from_request(request)
