"""An ASGI application that refuses non-text request charsets before Django builds the request.

In ``asgi.py``::

    from django_problems.asgi import get_asgi_application

    application = get_asgi_application()

Django's own ``ASGIHandler`` with the request class of :mod:`django_problems.wsgi`'s guard
(:class:`~django_problems.wsgi.CharsetGuard`). It also keeps the request target exactly as the
client sent it (``RAW_URI``, as gunicorn does under WSGI), which signed requests are verified
against.
"""

from __future__ import annotations

from typing import Any

import django
from django.core.handlers.asgi import ASGIHandler, ASGIRequest

from django_problems.wsgi import CharsetGuard


class ProblemASGIRequest(CharsetGuard, ASGIRequest):
    """Django's ``ASGIRequest``, guarded against non-text charsets, with ``RAW_URI``."""

    def __init__(self, scope: dict[str, Any], body_file: Any) -> None:
        super().__init__(scope, body_file)
        raw_path = scope.get("raw_path")
        if isinstance(raw_path, bytes) and "RAW_URI" not in self.META:
            query = scope.get("query_string") or b""
            target = raw_path + (b"?" + query if query else b"")
            self.META["RAW_URI"] = target.decode("latin-1")


class ProblemASGIHandler(ASGIHandler):
    """Django's ``ASGIHandler`` with :class:`ProblemASGIRequest`."""

    request_class = ProblemASGIRequest
    """Requests whose non-text charset is set aside, with ``RAW_URI`` as the client sent it."""


def get_asgi_application() -> ProblemASGIHandler:
    """Like ``django.core.asgi.get_asgi_application()``, with the charset guard."""
    django.setup(set_prefix=False)
    return ProblemASGIHandler()
