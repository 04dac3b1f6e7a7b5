"""DRF authentication with API keys: in a header, or (opt-in) in an ``access_token`` parameter.

Every failure is an ``AuthenticationFailed`` carrying its catalogue type, and the classes return a
challenge from ``authenticate_header``, so DRF keeps the 401 and the problem carries
``WWW-Authenticate``. A missing, malformed, unknown, wrong or revoked key gets the same
``unauthorised`` problem; ``expired-account`` is only said once the secret has verified.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from django_problems.api_keys import (
    access_token_param,
    api_key_header,
    header_meta_key,
    parse_key,
    pepper,
    realm,
    secret_matches,
)
from django_problems.models import ApiKey

__all__ = [
    "AccessTokenAuthentication",
    "ApiKeyAuthentication",
    "ProblemAuthenticationFailed",
    "api_key_header",
    "verify_key",
]

DUMMY_HASH = "0" * 64
"""Compared against when the id is unknown, so unknown and wrong keys take the same time."""


class ProblemAuthenticationFailed(AuthenticationFailed):
    """An authentication failure rendered as the catalogue problem ``slug``."""

    def __init__(
        self,
        slug: str,
        detail: str | Promise | None = None,
        *,
        extensions: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(None if detail is None else str(detail))
        self.problem_slug = slug
        self.problem_detail = detail
        self.extensions = dict(extensions or {})
        self.headers = dict(headers or {})


class KeyRejectedError(Exception):
    """Why a presented key was refused (internal: mapped to a problem by the caller)."""

    def __init__(self, reason: str, key: ApiKey | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.key = key


def verify_key(raw: str) -> ApiKey:
    """The live key ``raw`` names, or ``KeyRejectedError`` with reason ``invalid`` or ``expired``.

    One indexed query (the key and its owner), a constant-time comparison, then the throttled
    ``last_used_at`` write.
    """
    parsed = parse_key(raw)
    if parsed is None:
        raise KeyRejectedError("invalid")
    try:  # get() drops the model's ordering: a plain lookup on the unique key_id index
        key: ApiKey | None = ApiKey.objects.select_related("owner").get(key_id=parsed.key_id)
    except ApiKey.DoesNotExist:
        key = None
    stored = key.secret_hash if key is not None else DUMMY_HASH
    if not secret_matches(parsed.key_id, parsed.secret, stored, pepper()) or key is None:
        raise KeyRejectedError("invalid")
    if key.is_revoked or not key.owner.is_active:
        raise KeyRejectedError("invalid", key)
    now = timezone.now()
    if key.is_expired(now):
        raise KeyRejectedError("expired", key)
    key.touch(now)
    return key


class ApiKeyAuthentication(BaseAuthentication):
    """Authenticate with a key in ``PROBLEMS["API_KEYS"]["HEADER"]`` (default ``X-Api-Key``).

    ``request.user`` is the key's owner and ``request.auth`` the :class:`ApiKey`. No header: not
    authenticated (DRF's permissions then answer ``unauthorised``); a bad key: ``unauthorised``;
    an expired one: ``expired-account``.
    """

    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, ApiKey] | None:
        raw = request.META.get(header_meta_key())
        if raw is None:
            return None
        return self.authenticate_key(raw)

    def authenticate_key(self, raw: str) -> tuple[AbstractBaseUser, ApiKey]:
        """Verify ``raw`` and return ``(owner, key)``, or raise the problem."""
        try:
            key = verify_key(raw)
        except KeyRejectedError as rejected:
            if rejected.reason == "expired":
                raise self.failure("expired-account") from None
            raise self.failure("unauthorised") from None
        return key.owner, key

    def failure(self, slug: str) -> ProblemAuthenticationFailed:
        """The exception for the problem ``slug`` (the catalogue's detail, nothing key-specific)."""
        return ProblemAuthenticationFailed(slug)

    def authenticate_header(self, request: Request) -> str:
        return f'ApiKey realm="{realm()}", header="{api_key_header()}"'


class AccessTokenAuthentication(ApiKeyAuthentication):
    """Elance-style keys in a query parameter, opt-in with ``API_KEYS["ACCESS_TOKEN_PARAM"]``.

    No parameter: ``no-token``; unknown, wrong, revoked, expired or repeated: ``invalid-token``.
    Query strings end up in access logs: prefer the header where clients can send one.
    """

    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, ApiKey] | None:
        param = access_token_param()
        if param is None:
            return None
        values = request.query_params.getlist(param)
        if not values:
            raise ProblemAuthenticationFailed(
                "no-token",
                _("Pass the access token as the %(param)s query parameter.") % {"param": param},
            )
        if len(values) > 1:
            raise ProblemAuthenticationFailed(
                "invalid-token",
                _("The %(param)s query parameter was given more than once.") % {"param": param},
            )
        return self.authenticate_key(values[0])

    def failure(self, slug: str) -> ProblemAuthenticationFailed:
        return ProblemAuthenticationFailed("invalid-token")

    def authenticate_header(self, request: Request) -> str:
        return f'ApiKey realm="{realm()}", param="{access_token_param() or "access_token"}"'
