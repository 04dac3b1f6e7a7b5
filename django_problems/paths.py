"""Which requests are API requests (answered with problems rather than Django's pages)."""

from __future__ import annotations

from django.http import HttpRequest

from django_problems.conf import on_settings_change
from django_problems.settings import core_settings

PREFIXES: list[tuple[str, ...]] = []
"""``PROBLEMS["API_PREFIXES"]`` once read (empty until then, and after a setting changes): the
middleware reads it on every request, so it is a module-level list rather than a call."""


def api_prefixes() -> tuple[str, ...]:
    """``PROBLEMS["API_PREFIXES"]``, validated, read once per settings change."""
    if not PREFIXES:
        PREFIXES.append(core_settings().API_PREFIXES)
    return PREFIXES[0]


@on_settings_change
def _forget_prefixes() -> None:
    PREFIXES.clear()


def is_api_request(request: HttpRequest) -> bool:
    """Whether the request's path lies under one of ``PROBLEMS["API_PREFIXES"]``."""
    return request.path_info.startswith(PREFIXES[0] if PREFIXES else api_prefixes())
