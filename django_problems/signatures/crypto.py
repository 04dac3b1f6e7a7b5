"""Ed25519 keys and signatures: the only module that imports the optional ``cryptography``.

Public keys are stored and exchanged as the base64 of their 32 raw bytes; PEM is accepted on
input. Private keys never reach the server: only the client helper signs.
"""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache
from typing import Final

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )
except ImportError:  # pragma: no cover - exercised only without the "signatures" extra
    AVAILABLE = False
else:
    AVAILABLE = True

ALGORITHM: Final = "ed25519"
RAW_KEY_BYTES: Final = 32
INSTALL_HINT: Final = (
    "Signed requests need the 'cryptography' package: pip install django-problems[signatures]."
)


def require() -> None:
    """Raise ``ImportError`` with an install hint when ``cryptography`` is missing."""
    if not AVAILABLE:  # pragma: no cover
        raise ImportError(INSTALL_HINT)


def _raw(text: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64") from exc
    if len(raw) != RAW_KEY_BYTES:
        raise ValueError(f"an ed25519 key is {RAW_KEY_BYTES} bytes, not {len(raw)}")
    return raw


def normalize_public_key(text: str) -> str:
    """The base64 raw form of an ed25519 public key given as base64 or PEM (``ValueError``)."""
    require()
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode())
        except (ValueError, TypeError) as exc:
            raise ValueError("not a PEM public key") from exc
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("the PEM key is not an ed25519 key")
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return base64.b64encode(raw).decode()
    return base64.b64encode(_raw(text)).decode()


@lru_cache(maxsize=1024)
def _public_key(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(_raw(normalize_public_key(text)))


def verify(public_key: str, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` is ``public_key``'s ed25519 signature of ``message``."""
    require()
    try:
        _public_key(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def load_private_key(text: str) -> Ed25519PrivateKey:
    """An ed25519 private key from the base64 of its 32-byte seed, or from PEM (PKCS#8)."""
    require()
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the PEM key is not an ed25519 key")
        return key
    return Ed25519PrivateKey.from_private_bytes(_raw(text))


def sign(private_key: Ed25519PrivateKey | str, message: bytes) -> bytes:
    """The ed25519 signature of ``message``."""
    key = load_private_key(private_key) if isinstance(private_key, str) else private_key
    return key.sign(message)


def public_key_of(private_key: Ed25519PrivateKey | str) -> str:
    """The base64 raw public key of a private key."""
    key = load_private_key(private_key) if isinstance(private_key, str) else private_key
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def generate_keypair() -> tuple[str, str]:
    """A new ``(private, public)`` pair, both base64 of the raw 32 bytes."""
    require()
    key = Ed25519PrivateKey.generate()
    seed = key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return base64.b64encode(seed).decode(), public_key_of(key)
