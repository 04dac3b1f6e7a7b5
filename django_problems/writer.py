"""The one writer: every problem, from every source, becomes a response here.

Content type, headers, logging and the body's shape are decided in this module only, so the DRF
handler, the Django error views and the middleware cannot diverge.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse

from django_problems.conf import problems_settings
from django_problems.problem import Problem, active_language
from django_problems.xml import problem_to_xml

JSON_MEDIA_TYPE: Final = "application/problem+json"
XML_MEDIA_TYPE: Final = "application/problem+xml"
FALLBACK_RETRY_AFTER: Final = "60"
_JSON_ENCODER: Final = DjangoJSONEncoder(ensure_ascii=False, separators=(",", ":"))

logger = logging.getLogger("django_problems")


class ProblemResponse(HttpResponse):
    """An ``HttpResponse`` that carries the :class:`Problem` it was rendered from."""

    problem: Problem


def wants_xml(request: HttpRequest | None) -> bool:
    """Whether the client prefers ``application/problem+xml`` over any JSON form."""
    if request is None:
        return False
    accept = request.META.get("HTTP_ACCEPT", "")
    if "xml" not in accept:
        return False
    best_xml = best_json = 0.0
    for item in accept.split(","):
        media_type, _, params = item.partition(";")
        media_type = media_type.strip().lower()
        quality = _quality(params)
        if media_type in ("application/problem+xml", "application/xml", "text/xml"):
            best_xml = max(best_xml, quality)
        elif media_type in ("application/problem+json", "application/json", "*/*", "application/*"):
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


def _required_headers(problem: Problem) -> dict[str, str]:
    headers = dict(problem.headers)
    if problem.status == 401 and not headers.get("WWW-Authenticate"):
        headers["WWW-Authenticate"] = problems_settings.DEFAULT_CHALLENGE
    if problem.status in (429, 503) and not headers.get("Retry-After"):
        headers["Retry-After"] = FALLBACK_RETRY_AFTER
    headers["Cache-Control"] = "no-store"
    return headers


def render(problem: Problem, request: HttpRequest | None = None) -> ProblemResponse:
    """Render ``problem`` as ``application/problem+json`` (or ``+xml`` when asked for)."""
    language = active_language()
    body = problem.body_in(language)
    if wants_xml(request):
        content = problem_to_xml(body)
        content_type = f"{XML_MEDIA_TYPE}; charset=utf-8"
    else:
        content = _JSON_ENCODER.encode(body).encode()
        content_type = JSON_MEDIA_TYPE
    if request is not None and request.method == "HEAD":
        content = b""
    response = ProblemResponse(content, status=problem.status, content_type=content_type)
    for name, value in _required_headers(problem).items():
        response[name] = value
    vary = ["Accept"]
    if language:
        response["Content-Language"] = language
        vary.append("Accept-Language")
    response["Vary"] = ", ".join(vary)  # a new response: nothing to merge with
    response.problem = problem
    log_problem(problem, request)
    return response


def log_problem(
    problem: Problem, request: HttpRequest | None, exc_info: BaseException | None = None
) -> None:
    """Log one occurrence under its ``instance`` (5xx as errors, 4xx as info)."""
    level = logging.ERROR if problem.status >= 500 else logging.INFO
    if not logger.isEnabledFor(level):
        return
    extra: dict[str, Any] = {
        "status_code": problem.status,
        "problem_type": problem.type,
        "problem_instance": problem.instance,
    }
    if request is not None:
        extra["request"] = request
    method = request.method if request is not None else "-"
    path = request.path if request is not None else "-"
    logger.log(
        level,
        "%s %s -> %s %s (instance %s)",
        method,
        path,
        problem.status,
        problem.slug or problem.type,
        problem.instance,
        extra=extra,
        exc_info=exc_info,
    )
