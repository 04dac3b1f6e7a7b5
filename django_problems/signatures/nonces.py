"""The nonce store: a nonce is accepted once, atomically, in a shared cache.

``cache.add`` is atomic on Redis and Memcached (``SET NX``), so of many concurrent copies of a
request exactly one records its nonce. A per-process cache (local memory, file, dummy) cannot give
that across workers; ``manage.py check --deploy`` warns about it.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import caches

from django_problems.signatures.settings import signatures_settings

logger = logging.getLogger("django_problems")


class NonceStoreUnavailableError(Exception):
    """The nonce cache could not be reached: the request must fail closed."""


def nonce_key(key_id: str, nonce: str) -> str:
    """The cache key of a nonce (hashed: short, and safe for every cache backend)."""
    digest = hashlib.sha256(f"{key_id}\n{nonce}".encode()).hexdigest()
    return f"{signatures_settings().NONCE_KEY_PREFIX}{digest}"


def record_nonce(key_id: str, nonce: str) -> bool:
    """Record the nonce; ``False`` if it was already recorded (a replay).

    The entry outlives every ``created`` the window could still accept (twice the window).
    Raises :class:`NonceStoreUnavailableError` when the cache fails.
    """
    config = signatures_settings()
    try:
        return bool(caches[config.CACHE].add(nonce_key(key_id, nonce), 1, 2 * config.WINDOW + 1))
    except Exception as exc:
        logger.error("nonce store %r unavailable: %s", config.CACHE, type(exc).__name__)
        raise NonceStoreUnavailableError from exc
