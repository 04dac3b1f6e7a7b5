"""Which requests are API requests (answered with problems rather than Django's pages)."""

from __future__ import annotations

from django.http import HttpRequest

from django_problems.settings import core_settings


def is_api_request(request: HttpRequest) -> bool:
    """Whether the request's path lies under one of ``PROBLEMS["API_PREFIXES"]``."""
    return request.path_info.startswith(core_settings().API_PREFIXES)
