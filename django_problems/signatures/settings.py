"""``PROBLEMS["SIGNATURES"]``: where nonces live and how old a signature may be.

One declaration, read by :func:`signatures_settings` and checked by ``manage.py check``.
Documented in ``docs/signatures.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from django_problems import validators as v
from django_problems.conf import Section, check_id, setting

MIN_NONCE_LENGTH: Final = 16
MAX_NONCE_LENGTH: Final = 128
DOCS: Final = "docs/signatures.md"


@dataclass(frozen=True, kw_only=True)
class SignaturesSettings:
    """``PROBLEMS["SIGNATURES"]``."""

    CACHE: str = setting(
        "default",
        v.cache_alias,
        id=check_id("E162", "PROBLEMS['SIGNATURES']['CACHE'] is not a cache alias"),
        hint="Use an alias of CACHES; in production a RedisCache shared by every worker.",
        doc="The cache that records nonces (must be shared by every worker process).",
    )
    WINDOW: int = setting(
        300,
        v.whole_number(1),
        id=check_id("E163", "PROBLEMS['SIGNATURES']['WINDOW'] is not a number of seconds"),
        hint="The default, 300, accepts signatures created up to 5 minutes either side of the "
        "server's clock.",
        doc="Seconds a signature's created time may lie before or after the server's clock.",
    )
    NONCE_KEY_PREFIX: str = setting(
        "django_problems:nonce:",
        v.non_empty_text,
        id=check_id("E164", "PROBLEMS['SIGNATURES']['NONCE_KEY_PREFIX'] is not a string"),
        hint="The default 'django_problems:nonce:' is fine unless two projects share a cache.",
        doc="The prefix of the nonces' cache keys.",
    )


SIGNATURES = Section(
    "SIGNATURES",
    SignaturesSettings,
    shape_id=check_id("E160", "PROBLEMS['SIGNATURES'] is not a dict"),
    unknown_id=check_id("E161", "PROBLEMS['SIGNATURES'] has an unknown key"),
    docs=DOCS,
)


def signatures_settings() -> SignaturesSettings:
    """``PROBLEMS["SIGNATURES"]``, validated."""
    return SIGNATURES.get()
