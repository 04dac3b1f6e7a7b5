"""Which request charsets are accepted: text encodings only.

Django decodes a request's query string and body with the codec its ``Content-Type`` charset
names, and Python's codec registry also holds codecs that are not text encodings at all
(``zlib``, ``bz2``, ``base64``, ``hex``, ``rot13``, ``uu``): naming one turns a small body into a
huge one, or fails while Django builds the request, before any middleware can answer. So the
charset is checked before anything is decoded: by the request classes of
:mod:`django_problems.wsgi` / :mod:`django_problems.asgi` (which remove a refused charset so
Django can build the request) and by ``ProblemMiddleware`` (which answers it with a 415 problem).
"""

from __future__ import annotations

import codecs
from functools import lru_cache
from typing import Final

REFUSED_CHARSET: Final = "django_problems.refused_charset"
"""``request.META`` key under which the request classes keep a charset they removed."""

NOT_TEXT: Final = frozenset(
    {
        "idna",
        "punycode",
        "raw-unicode-escape",
        "unicode-escape",
        "undefined",
        "utf-7",
    }
)
"""Codecs Python calls text encodings that no HTTP client sends a body in (and that fail on
arbitrary input, or decode escapes): refused like the bytes-to-bytes codecs."""

MAX_CHARSET_LENGTH: Final = 40


@lru_cache(maxsize=64)
def is_text_charset(name: str) -> bool:
    """Whether ``name`` is a charset a request body may be decoded with."""
    if not name or len(name) > MAX_CHARSET_LENGTH:
        return False
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    if not getattr(info, "_is_text_encoding", True):
        return False
    return info.name not in NOT_TEXT


def charset_of(content_type: str) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` value (``None``: none given)."""
    if "charset" not in content_type.lower():
        return None
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"')
    return None


def without_charset(content_type: str) -> str:
    """``content_type`` without its ``charset`` parameter."""
    kept = [
        part
        for part in content_type.split(";")
        if part.partition("=")[0].strip().lower() != "charset"
    ]
    return ";".join(kept)
