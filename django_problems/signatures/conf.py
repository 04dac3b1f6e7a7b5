"""``PROBLEMS["SIGNATURES"]``: where nonces live and how old a signature may be."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from django_problems.conf import problems_settings

DEFAULTS: Final[Mapping[str, Any]] = {
    "CACHE": "default",
    "WINDOW": 300,
    "NONCE_KEY_PREFIX": "django_problems:nonce:",
}
"""Default of every ``PROBLEMS["SIGNATURES"]`` key (documented in ``docs/signatures.md``)."""

MIN_NONCE_LENGTH: Final = 16
MAX_NONCE_LENGTH: Final = 128


def section() -> Mapping[str, Any]:
    """The raw ``PROBLEMS["SIGNATURES"]`` mapping."""
    return problems_settings.section("SIGNATURES")


def cache_alias() -> str:
    """The cache alias that records nonces (``"default"``)."""
    value = section().get("CACHE", DEFAULTS["CACHE"])
    return value if isinstance(value, str) and value else str(DEFAULTS["CACHE"])


def window() -> int:
    """Seconds a signature's ``created`` may lie in the past or the future (300)."""
    value = section().get("WINDOW", DEFAULTS["WINDOW"])
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return int(DEFAULTS["WINDOW"])
    return int(value)


def nonce_key_prefix() -> str:
    """The prefix of nonce cache keys."""
    value = section().get("NONCE_KEY_PREFIX", DEFAULTS["NONCE_KEY_PREFIX"])
    return value if isinstance(value, str) else str(DEFAULTS["NONCE_KEY_PREFIX"])
