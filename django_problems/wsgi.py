"""A WSGI application that refuses non-text request charsets before Django builds the request.

In ``wsgi.py``::

    from django_problems.wsgi import get_wsgi_application

    application = get_wsgi_application()

It is Django's own ``WSGIHandler`` with a request class that removes a ``charset`` that is not a
text encoding (``zlib``, ``hex``, an unknown name) from ``Content-Type`` before Django reads it;
``ProblemMiddleware`` then answers such a request with a 415 problem instead of a 500 that no
middleware sees (:mod:`django_problems.charsets`).
"""

from __future__ import annotations

from typing import Any

import django
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest

from django_problems.charsets import REFUSED_CHARSET, charset_of, is_text_charset, without_charset


class CharsetGuard:
    """Request mixin: a charset that is not a text encoding is set aside, not decoded with."""

    def _set_content_type_params(self, meta: dict[str, Any]) -> None:
        content_type = meta.get("CONTENT_TYPE", "")
        charset = charset_of(content_type)
        if charset is not None and not is_text_charset(charset):
            meta[REFUSED_CHARSET] = charset
            meta["CONTENT_TYPE"] = without_charset(content_type)
        super()._set_content_type_params(meta)  # type: ignore[misc]


class ProblemWSGIRequest(CharsetGuard, WSGIRequest):
    """Django's ``WSGIRequest``, guarded against non-text charsets."""


class ProblemWSGIHandler(WSGIHandler):
    """Django's ``WSGIHandler`` with :class:`ProblemWSGIRequest`."""

    request_class = ProblemWSGIRequest
    """Requests whose non-text charset is set aside rather than decoded with."""


def get_wsgi_application() -> ProblemWSGIHandler:
    """Like ``django.core.wsgi.get_wsgi_application()``, with the charset guard."""
    django.setup(set_prefix=False)
    return ProblemWSGIHandler()
