"""``PROBLEMS["API_KEYS"]``: the key header, format, pepper and access-token parameter.

One declaration, read by :func:`api_keys_settings` and checked by ``manage.py check``.
Documented in ``docs/api-keys.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from django_problems import validators as v
from django_problems.conf import Section, SettingError, check_id, setting

PREFIX_RE: Final = re.compile(r"^[a-z0-9]{1,16}$")
REALM_RE: Final = re.compile(r'^[^"\\\x00-\x1f\x7f]+$')
MIN_PEPPER_LENGTH: Final = 32
DOCS: Final = "docs/api-keys.md"


def _prefix(value: Any) -> str:
    if not isinstance(value, str) or not PREFIX_RE.fullmatch(value):
        raise SettingError("is not 1 to 16 lower-case letters or digits")
    return value


def _pepper(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) < MIN_PEPPER_LENGTH:
        raise SettingError(f"must be a string of at least {MIN_PEPPER_LENGTH} characters")
    return value


def _realm(value: Any) -> str:
    if not isinstance(value, str) or not REALM_RE.fullmatch(value):
        raise SettingError("is not a realm (a non-empty string without quotes or backslashes)")
    return value


@dataclass(frozen=True, kw_only=True)
class ApiKeysSettings:
    """``PROBLEMS["API_KEYS"]``."""

    HEADER: str = setting(
        "X-Api-Key",
        v.header_name,
        id=check_id("E142", "PROBLEMS['API_KEYS']['HEADER'] is not a header name"),
        hint="Letters, digits and '-' only (servers drop headers with '_'), e.g. 'X-Api-Key'.",
        doc="The request header that carries the key.",
    )
    PREFIX: str = setting(
        "dpk",
        _prefix,
        id=check_id("E143", "PROBLEMS['API_KEYS']['PREFIX'] is not a valid prefix"),
        hint="1 to 16 lower-case letters or digits, e.g. 'acme'.",
        doc="The prefix every key starts with (<prefix>_<id>.<secret>).",
    )
    PEPPER: str | None = setting(
        None,
        _pepper,
        id=check_id("E144", "PROBLEMS['API_KEYS']['PEPPER'] is too short"),
        hint="Load a long random secret from the environment, e.g. one made by "
        "python -c 'import secrets; print(secrets.token_urlsafe(48))'.",
        doc="The HMAC key of stored key hashes; None derives one from SECRET_KEY.",
    )
    ACCESS_TOKEN_PARAM: str | None = setting(
        None,
        v.optional(v.param_name),
        id=check_id("E145", "PROBLEMS['API_KEYS']['ACCESS_TOKEN_PARAM'] is not a parameter"),
        hint="None (off) or a name such as 'access_token'.",
        doc="The query parameter AccessTokenAuthentication reads; None turns it off.",
    )
    LAST_USED_INTERVAL: int = setting(
        60,
        v.whole_number(0),
        id=check_id("E146", "PROBLEMS['API_KEYS']['LAST_USED_INTERVAL'] is not seconds"),
        hint="The default, 60, writes last_used_at at most once a minute per key.",
        doc="Seconds between two writes of a key's last_used_at.",
    )
    REALM: str = setting(
        "api",
        _realm,
        id=check_id("E147", "PROBLEMS['API_KEYS']['REALM'] is not a realm"),
        hint="A short name of the protected API, e.g. 'api'.",
        doc="The realm of the WWW-Authenticate challenge.",
    )

    CACHE_CONTROL: str = setting(
        "private",
        v.choice("private", "no-store"),
        id=check_id("E149", "PROBLEMS['API_KEYS']['CACHE_CONTROL'] is not 'private' or 'no-store'"),
        hint="'private' lets the client cache its own responses; 'no-store' forbids any cache.",
        doc="Cache-Control of responses to key-authenticated requests (with Vary on the header).",
    )


API_KEYS = Section(
    "API_KEYS",
    ApiKeysSettings,
    shape_id=check_id("E140", "PROBLEMS['API_KEYS'] is not a dict"),
    unknown_id=check_id("E141", "PROBLEMS['API_KEYS'] has an unknown key"),
    docs=DOCS,
)


def api_keys_settings() -> ApiKeysSettings:
    """``PROBLEMS["API_KEYS"]``, validated."""
    return API_KEYS.get()
