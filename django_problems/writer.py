"""The one writer: every problem, from every source, becomes a response here.

Content type, headers, logging and the body's shape are decided in this module only, so the DRF
handler, the Django error views and the middleware cannot diverge. Each occurrence is logged
once, with its traceback when an exception caused it; if building or rendering a problem fails,
the writer answers a minimal, valid 500 problem instead.

Whatever string Python can hold, the body is valid UTF-8 (unpaired surrogates become U+FFFD) and
the log line is one line (what the client sent is escaped as ``django.request`` escapes it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Final

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse

from django_problems.problem import Problem, active_language, new_instance
from django_problems.problem_types import DEFAULT_RETRY_AFTER, REQUIRED_HEADERS
from django_problems.settings import core_settings
from django_problems.text import well_formed_unicode
from django_problems.tracing import trace_id
from django_problems.xml import problem_to_xml

JSON_MEDIA_TYPE: Final = "application/problem+json"
XML_MEDIA_TYPE: Final = "application/problem+xml"
MINIMAL_BODY: Final = (
    '{{"type":"about:blank","title":"Internal Server Error","status":500,'
    '"instance":"{instance}","code":"about:blank"}}'
)
_JSON_ENCODER: Final = DjangoJSONEncoder(ensure_ascii=False, separators=(",", ":"))

logger = logging.getLogger("django_problems")


class ProblemResponse(HttpResponse):
    """An ``HttpResponse`` that carries the :class:`Problem` it was rendered from, and its body
    as ``data`` (a dict), as DRF's own responses do: tests that read ``response.data`` keep
    working."""

    problem: Problem
    data: dict[str, Any]


def wants_xml(request: HttpRequest | None) -> bool:
    """Whether the client explicitly prefers ``application/problem+xml`` (RFC 9457 Appendix B).

    Only the problem XML type counts: a browser's default ``Accept`` (which ranks
    ``application/xml;q=0.9`` above ``*/*``) gets JSON, and so does a tie with any JSON type.
    """
    if request is None:
        return False
    accept = request.META.get("HTTP_ACCEPT", "")
    if "problem+xml" not in accept:
        return False
    best_xml = best_json = 0.0
    for item in accept.split(","):
        media_type, _, params = item.partition(";")
        media_type = media_type.strip().lower()
        quality = _quality(params)
        if media_type == XML_MEDIA_TYPE:
            best_xml = max(best_xml, quality)
        elif media_type in (JSON_MEDIA_TYPE, "application/json", "*/*", "application/*"):
            best_json = max(best_json, quality)
    return best_xml > 0 and best_xml > best_json


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                return 0.0
            return quality if 0.0 <= quality <= 1.0 else 0.0
    return 1.0


def _headers(problem: Problem) -> dict[str, str]:
    """The problem's headers, with the one its status requires filled in when missing."""
    headers = dict(problem.headers)
    required = REQUIRED_HEADERS.get(problem.status)
    if required == "WWW-Authenticate" and not headers.get(required):
        headers[required] = core_settings().DEFAULT_CHALLENGE
    elif required == "Retry-After" and not headers.get(required):
        headers[required] = str(DEFAULT_RETRY_AFTER)
    return headers


_VARY: Final = {
    True: ("vary", ("Vary", "Accept, Accept-Language")),
    False: ("vary", ("Vary", "Accept")),
}


def render(problem: Problem, request: HttpRequest | None = None) -> ProblemResponse:
    """Render ``problem`` as ``application/problem+json`` (or ``+xml`` when asked for)."""
    language = active_language()
    if core_settings().TRACE_ID and "trace_id" not in problem.extensions:
        found = trace_id(request)
        if found is not None:
            problem.extensions["trace_id"] = found
    body = problem.body_in(language)
    if wants_xml(request):
        content = problem_to_xml(body)
        content_type = f"{XML_MEDIA_TYPE}; charset=utf-8"
    else:
        content = _utf8(_JSON_ENCODER.encode(body))
        content_type = JSON_MEDIA_TYPE
    if request is not None and request.method == "HEAD":
        content = b""
    response = ProblemResponse(content, status=problem.status, content_type=content_type)
    for name, value in _headers(problem).items():
        response[name] = value  # checked: a project's header may hold anything
    # The package's own headers: ASCII constants and a language code of LANGUAGES, written
    # straight into Django's header store (each __setitem__ re-checks its charset).
    store = response.headers._store
    store["cache-control"] = ("Cache-Control", "no-store")
    if language and language.isascii() and language.isprintable():
        store["content-language"] = ("Content-Language", language)
    elif language:  # anything else activated by hand: Django's checks apply
        response["Content-Language"] = language
    key, header = _VARY[bool(language)]
    store[key] = header  # a new response: nothing to merge with
    response.problem = problem
    response.data = body
    log_problem(problem, request)
    return response


def _utf8(text: str) -> bytes:
    try:
        return text.encode()
    except UnicodeEncodeError:  # an unpaired surrogate (a JSON body may hold "\ud800")
        return well_formed_unicode(text).encode()


def render_safely(build: Callable[[], Problem], request: HttpRequest | None = None) -> HttpResponse:
    """Build a problem and render it; if either fails, log that once and answer
    :func:`minimal_problem`, so an error path never ends in a traceback page."""
    try:
        return render(build(), request)
    except Exception:
        logger.exception("django_problems could not build or render a problem")
        return minimal_problem()


def minimal_problem() -> HttpResponse:
    """The last resort: a bare, valid 500 problem that needs nothing from settings."""
    body = MINIMAL_BODY.format(instance=new_instance()).encode()
    response = HttpResponse(body, status=500, content_type=JSON_MEDIA_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def log_problem(problem: Problem, request: HttpRequest | None) -> None:
    """Log one occurrence under its ``instance``: 5xx as errors (with the traceback of the
    exception that caused it), 4xx as info. The only log record of a problem."""
    level = logging.ERROR if problem.status >= 500 else logging.INFO
    if not logger.isEnabledFor(level):
        return
    trace = problem.extensions.get("trace_id")
    extra: dict[str, Any] = {
        "status_code": problem.status,
        "problem_type": problem.type,
        "problem_instance": problem.instance,
        "trace_id": trace,
    }
    if request is not None:
        extra["request"] = request
    method = _escaped(request.method or "") if request is not None else "-"
    path = _escaped(request.path) if request is not None else "-"
    cause = f" caused by {type(problem.cause).__name__}" if problem.cause is not None else ""
    logger.log(
        level,
        "%s %s -> %s %s (instance %s%s)%s",
        method,
        path,
        problem.status,
        problem.slug or problem.type,
        problem.instance,
        f", trace {trace}" if trace else "",
        cause,
        extra=extra,
        exc_info=problem.cause,
    )


def _escaped(text: str) -> str:
    """What the client sent, for a log message: control characters, backslashes and non-ASCII
    escaped (``\\n``, ``\\x1b``, ``\\xe9``) as ``django.utils.log.log_response`` escapes the
    path, so a request cannot forge or colour a line, and both loggers show the same path."""
    return text.encode("unicode_escape").decode("ascii")
