"""``Content-Digest`` (RFC 9530): compute it for a body, and check a received one against it."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from typing import Final

from django_problems.signatures.structured import Item, StructuredError, parse_dictionary

ALGORITHMS: Final[dict[str, Callable[[bytes], bytes]]] = {
    "sha-256": lambda body: hashlib.sha256(body).digest(),
    "sha-512": lambda body: hashlib.sha512(body).digest(),
}


def content_digest(body: bytes, algorithm: str = "sha-256") -> str:
    """The ``Content-Digest`` value for ``body`` (``sha-256=:<base64>:``)."""
    return f"{algorithm}=:{base64.b64encode(ALGORITHMS[algorithm](body)).decode()}:"


def digest_matches(header: str, body: bytes) -> bool:
    """Whether every supported digest in ``header`` matches ``body`` (and there is at least one).

    Raises ``StructuredError`` when the header is not a dictionary of byte sequences.
    """
    members = parse_dictionary(header)
    checked = 0
    for name, member in members.items():
        if not isinstance(member, Item) or not isinstance(member.value, bytes):
            raise StructuredError(f"digest {name!r} is not a byte sequence")
        compute = ALGORITHMS.get(name)
        if compute is None:
            continue
        if not hmac.compare_digest(compute(body), member.value):
            return False
        checked += 1
    return checked > 0
