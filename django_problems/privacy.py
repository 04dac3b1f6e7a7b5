"""Responses private to their client: what authentication classes ask of ``ProblemMiddleware``.

An API key in a header of its own (or in the query string) is a credential a shared cache cannot
recognise, unlike ``Authorization``: a CDN with a default TTL could serve one client's data to
another. An authentication class calls :func:`mark_private`; ``ProblemMiddleware`` then adds
``Cache-Control: private`` (or ``no-store``) and ``Vary`` on the header to the response.
"""

from __future__ import annotations

from typing import Any, Final

PRIVATE: Final = "problems_private"
"""The request attribute :func:`mark_private` sets: the directives and the header to vary on."""


def mark_private(request: Any, header: str | None, *, no_store: bool = False) -> None:
    """Have ``ProblemMiddleware`` make the response to ``request`` private to its client.

    For credentials a shared cache cannot recognise (an API key in a header of its own, a key in
    the query string): ``Cache-Control: private`` (or ``no-store``) and ``Vary: <header>`` (no
    ``Vary`` for a credential in the URL, which a cache keys on already).
    """
    raw = getattr(request, "_request", request)  # DRF's Request wraps Django's
    directives = {"no_store": True} if no_store else {"private": True}
    raw.__dict__[PRIVATE] = (directives, header)
