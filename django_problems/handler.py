"""The DRF ``EXCEPTION_HANDLER``: ``"django_problems.handler.exception_handler"``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from django_problems.classify import get_classifier
from django_problems.writer import render_safely


def exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponse:
    """Every exception a DRF view raises becomes one problem response.

    The classifier decides the problem, the writer renders it. The response is a plain
    ``HttpResponse`` (not a DRF ``Response``), so content negotiation cannot fail a second
    time; DRF still adds ``Allow`` and ``Vary`` to it.
    """
    request: HttpRequest | None = context.get("request")
    # The writer reads only Django's request: DRF's proxies each attribute read to it.
    django_request = getattr(request, "_request", request)
    return render_safely(lambda: get_classifier().classify(exc, request), django_request)
