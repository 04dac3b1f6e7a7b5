"""API keys: the ``<prefix>_<id>.<secret>`` format, the peppered hash and the settings.

Settings are read once and cached (``setting_changed`` clears them, so ``override_settings``
works). A key is shown once, when it is created; the database keeps its public id and
``HMAC-SHA256(pepper, "<id>.<secret>")`` only. HMAC, not a password hasher: the secret has 256 bits
of entropy, so a slow hash would add latency and no safety. The pepper lives in settings, so a
stolen database alone cannot verify guesses.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from django.conf import settings
from django.core.signals import setting_changed

from django_problems.conf import problems_settings

DEFAULTS: Final[Mapping[str, Any]] = {
    "HEADER": "X-Api-Key",
    "PREFIX": "dpk",
    "PEPPER": None,
    "ACCESS_TOKEN_PARAM": None,
    "LAST_USED_INTERVAL": 60,
    "REALM": "api",
}
"""Default of every ``PROBLEMS["API_KEYS"]`` key (documented in ``docs/api-keys.md``)."""

ID_BYTES: Final = 8
SECRET_BYTES: Final = 32
MAX_KEY_LENGTH: Final = 200
KEY_RE: Final = re.compile(
    r"^(?P<prefix>[a-z0-9]{1,16})_(?P<key_id>[0-9a-f]{16})\.(?P<secret>[A-Za-z0-9_-]{43})$"
)
PREFIX_RE: Final = re.compile(r"^[a-z0-9]{1,16}$")
HEADER_RE: Final = re.compile(r"^[A-Za-z0-9-]+$")
PARAM_RE: Final = re.compile(r"^[A-Za-z0-9_.~-]+$")
PEPPER_CONTEXT: Final = b"django_problems.api_keys.pepper"


def clear_cache(*, setting: str, **kwargs: Any) -> None:
    """Forget the settings read so far (connected to ``setting_changed``)."""
    if setting in ("PROBLEMS", "SECRET_KEY"):
        for function in (api_key_header, key_prefix, access_token_param, last_used_interval):
            function.cache_clear()
        realm.cache_clear()
        pepper.cache_clear()


def section() -> Mapping[str, Any]:
    """The raw ``PROBLEMS["API_KEYS"]`` mapping."""
    return problems_settings.section("API_KEYS")


def _value(name: str, kind: type | tuple[type, ...]) -> Any:
    value = section().get(name, DEFAULTS[name])
    return value if isinstance(value, kind) else DEFAULTS[name]


@cache
def api_key_header() -> str:
    """The request header that carries the key (``PROBLEMS["API_KEYS"]["HEADER"]``)."""
    value: str = _value("HEADER", str)
    return value if HEADER_RE.match(value) else str(DEFAULTS["HEADER"])


def header_meta_key(header: str | None = None) -> str:
    """The ``request.META`` key of ``header`` (default: the configured key header)."""
    return _meta_key(header or api_key_header())


@cache
def _meta_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


@cache
def key_prefix() -> str:
    """The prefix every key starts with (``dpk`` unless configured)."""
    value: str = _value("PREFIX", str)
    return value if PREFIX_RE.match(value) else str(DEFAULTS["PREFIX"])


@cache
def access_token_param() -> str | None:
    """The opt-in query parameter that may carry a key, or ``None`` when disabled."""
    value: str | None = _value("ACCESS_TOKEN_PARAM", (str, type(None)))
    return value if value and PARAM_RE.match(value) else None


@cache
def last_used_interval() -> int:
    """Seconds between two writes of a key's ``last_used_at``."""
    value = _value("LAST_USED_INTERVAL", int)
    return value if not isinstance(value, bool) and value >= 0 else 60


@cache
def realm() -> str:
    """The ``realm`` of the ``WWW-Authenticate`` challenge."""
    value: str = _value("REALM", str)
    return value.replace('"', "").replace("\\", "") or "api"


def pepper_is_derived() -> bool:
    """Whether no ``PEPPER`` is set and it is derived from ``SECRET_KEY``."""
    return not isinstance(section().get("PEPPER"), str) or not section()["PEPPER"]


@cache
def pepper() -> bytes:
    """The HMAC key: ``PEPPER``, else a value derived from ``SECRET_KEY`` (check W120)."""
    if not pepper_is_derived():
        return str(section()["PEPPER"]).encode()
    return hmac.new(str(settings.SECRET_KEY).encode(), PEPPER_CONTEXT, hashlib.sha256).digest()


def hash_secret(key_id: str, secret: str, key: bytes | None = None) -> str:
    """``HMAC-SHA256(pepper, "<id>.<secret>")`` as hex: the only form a secret is stored in."""
    message = f"{key_id}.{secret}".encode()
    return hmac.digest(pepper() if key is None else key, message, "sha256").hex()


def secret_matches(key_id: str, secret: str, stored_hash: str, key: bytes | None = None) -> bool:
    """Whether ``secret`` hashes to ``stored_hash``, compared in constant time."""
    return hmac.compare_digest(hash_secret(key_id, secret, key), stored_hash)


@dataclass(frozen=True)
class ParsedKey:
    """The parts of a presented key."""

    prefix: str
    key_id: str
    secret: str


def parse_key(raw: str) -> ParsedKey | None:
    """Split ``<prefix>_<id>.<secret>``; ``None`` when malformed or of another prefix."""
    raw = raw.strip()
    if len(raw) > MAX_KEY_LENGTH:
        return None
    match = KEY_RE.match(raw)
    if match is None or match["prefix"] != key_prefix():
        return None
    return ParsedKey(match["prefix"], match["key_id"], match["secret"])


@dataclass(frozen=True)
class NewKey:
    """A freshly generated key: ``plaintext`` is shown once, the rest is stored."""

    key_id: str
    secret_hash: str
    plaintext: str


def generate_key() -> NewKey:
    """A new key with a random 64-bit public id and a 256-bit secret."""
    key_id = secrets.token_hex(ID_BYTES)
    secret = base64.urlsafe_b64encode(secrets.token_bytes(SECRET_BYTES)).rstrip(b"=").decode()
    return NewKey(
        key_id=key_id,
        secret_hash=hash_secret(key_id, secret),
        plaintext=f"{key_prefix()}_{key_id}.{secret}",
    )


setting_changed.connect(clear_cache)
