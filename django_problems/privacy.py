"""Responses private to their client: what ``ProblemMiddleware`` adds to a response that a
credential obtained.

An API key in a header of its own (or in the query string) is a credential a shared cache cannot
recognise: a CDN with a default TTL could serve one client's data to another. An authentication
class calls :func:`mark_private`; ``ProblemMiddleware`` then adds ``Cache-Control: private`` (or
``no-store``) and ``Vary`` on the header to the response. A request with an ``Authorization``
header (DRF's tokens, a JWT, Basic) gets the same without asking
(``PROBLEMS["AUTHORIZATION_CACHE_CONTROL"]``): HTTP's caching rules already keep such responses
out of shared caches, but not every CDN configuration follows them.
"""

from __future__ import annotations

from typing import Any, Final

from django_problems.settings import core_settings

PRIVATE: Final = "problems_private"
"""The request attribute :func:`mark_private` sets: the directives and the header to vary on."""
AUTHORIZATION: Final = "HTTP_AUTHORIZATION"
"""The ``META`` key of the ``Authorization`` header."""

Privacy = tuple[dict[str, bool], str | None]
"""The ``Cache-Control`` directives to add and the header to vary on (``None``: none)."""


def mark_private(request: Any, header: str | None, *, no_store: bool = False) -> None:
    """Have ``ProblemMiddleware`` make the response to ``request`` private to its client.

    For credentials a shared cache cannot recognise (an API key in a header of its own, a key in
    the query string): ``Cache-Control: private`` (or ``no-store``) and ``Vary: <header>`` (no
    ``Vary`` for a credential in the URL, which a cache keys on already).
    """
    raw = getattr(request, "_request", request)  # DRF's Request wraps Django's
    raw.__dict__[PRIVATE] = (_directives(no_store), header)


def _directives(no_store: bool) -> dict[str, bool]:
    """``patch_cache_control``'s arguments: ``no-store``, or ``private``."""
    return {"no_store": True} if no_store else {"private": True}


def privacy_of(request: Any) -> Privacy | None:
    """What makes the response to ``request`` private: its authentication class's
    :func:`mark_private`, else an ``Authorization`` header; ``None`` if neither."""
    marked: Privacy | None = request.__dict__.get(PRIVATE)
    if marked is not None or AUTHORIZATION not in request.META:
        return marked
    mode = core_settings().AUTHORIZATION_CACHE_CONTROL
    if mode is None:
        return None
    return _directives(mode == "no-store"), "Authorization"
