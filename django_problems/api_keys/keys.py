"""The key format ``<prefix>_<id>.<secret>`` and the peppered hash it is stored as.

A key is shown once, when it is created; the database keeps its public id and
``HMAC-SHA256(pepper, "<id>.<secret>")`` only. HMAC, not a password hasher: the secret has 256
bits of entropy, so a slow hash would add latency and no safety. The pepper lives in settings,
so a stolen database alone cannot verify guesses.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Final

from django.conf import settings

from django_problems.api_keys.settings import api_keys_settings
from django_problems.conf import on_settings_change

ID_BYTES: Final = 8
SECRET_BYTES: Final = 32
MAX_KEY_LENGTH: Final = 200
KEY_RE: Final = re.compile(
    r"^(?P<prefix>[a-z0-9]{1,16})_(?P<key_id>[0-9a-f]{16})\.(?P<secret>[A-Za-z0-9_-]{43})$"
)
PEPPER_CONTEXT: Final = b"django_problems.api_keys.pepper"

_memo: dict[str, bytes | str] = {}


def pepper() -> bytes:
    """The HMAC key: ``PEPPER``, else a value derived from ``SECRET_KEY`` (check W140)."""
    found = _memo.get("pepper")
    if not isinstance(found, bytes):
        configured = api_keys_settings().PEPPER
        if configured:
            found = configured.encode()
        else:
            secret = str(settings.SECRET_KEY).encode()
            found = hmac.new(secret, PEPPER_CONTEXT, hashlib.sha256).digest()
        _memo["pepper"] = found
    return found


def header_meta_key(header: str | None = None) -> str:
    """The ``request.META`` key of ``header`` (default: the configured key header)."""
    header = header or api_keys_settings().HEADER
    return "HTTP_" + header.upper().replace("-", "_")


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
    match = KEY_RE.fullmatch(raw)
    if match is None or match["prefix"] != api_keys_settings().PREFIX:
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
        plaintext=f"{api_keys_settings().PREFIX}_{key_id}.{secret}",
    )


on_settings_change(_memo.clear)
