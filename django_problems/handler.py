"""The DRF ``EXCEPTION_HANDLER``: ``"django_problems.handler.exception_handler"``."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse

from django_problems.classify import problem_for_exception
from django_problems.writer import JSON_MEDIA_TYPE, render

logger = logging.getLogger("django_problems")

MINIMAL_BODY = b'{"type":"about:blank","title":"Internal Server Error","status":500}'


def exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponse:
    """Every exception a DRF view raises becomes one problem response.

    Returns a plain ``HttpResponse`` (not a DRF ``Response``), so content negotiation cannot
    fail a second time; DRF still adds ``Allow`` and ``Vary`` to it.
    """
    request: HttpRequest | None = context.get("request")
    try:
        return render(problem_for_exception(exc, request), request)
    except Exception:
        logger.exception("django_problems could not render a problem for %r", exc)
        return minimal_problem()


def minimal_problem() -> HttpResponse:
    """The last resort when building a problem failed: a bare, valid 500 problem."""
    response = HttpResponse(MINIMAL_BODY, status=500, content_type=JSON_MEDIA_TYPE)
    response["Cache-Control"] = "no-store"
    return response
