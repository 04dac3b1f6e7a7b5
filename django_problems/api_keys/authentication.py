"""DRF authentication with API keys: in a header, or (opt-in) in an ``access_token`` parameter.

Every failure is an ``AuthenticationFailed`` carrying its catalogue type, and the classes return a
challenge from ``authenticate_header``, so DRF keeps the 401 and the problem carries
``WWW-Authenticate``. A missing, malformed, unknown, wrong or revoked key gets the same
``unauthorised`` problem; ``expired-account`` is only said once the secret has verified.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from django_problems.api_keys.keys import header_meta_key, parse_key, pepper, secret_matches
from django_problems.api_keys.lookup import compiled
from django_problems.api_keys.models import ApiKey
from django_problems.api_keys.settings import api_keys_settings
from django_problems.exceptions import ProblemAuthenticationFailed
from django_problems.privacy import mark_private

DUMMY_HASH = "0" * 64
"""Compared against when the id is unknown, so unknown and wrong keys take the same time."""


def private(request: Request, header: str | None) -> None:
    """The response to a key-authenticated request is private (``PROBLEMS["API_KEYS"]
    ["CACHE_CONTROL"]``): a shared cache must not serve it to anyone else."""
    mark_private(request, header, no_store=api_keys_settings().CACHE_CONTROL == "no-store")


class KeyRejectedError(Exception):
    """Why a presented key was refused (internal: mapped to a problem by the caller)."""

    def __init__(self, reason: str, key: ApiKey | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.key = key


def verify_key(raw: str, find: Callable[[str], ApiKey | None] | None = None) -> ApiKey:
    """The live key ``raw`` names, or ``KeyRejectedError`` with reason ``invalid`` or ``expired``.

    ``find`` looks a key id up (default: in ``ApiKey.objects`` with its owner); one indexed
    query, a constant-time comparison, then the throttled ``last_used_at`` write. Unknown and
    known ids cost about the same (the lookup builds a decoy, the secret is compared anyway).
    """
    parsed = parse_key(raw)
    if parsed is None:
        raise KeyRejectedError("invalid")
    key = (find or _find_default)(parsed.key_id)
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


def default_queryset() -> QuerySet[ApiKey]:
    """Keys with their owner (one query)."""
    return ApiKey.objects.select_related("owner")


def _find_default(key_id: str) -> ApiKey | None:
    return compiled(default_queryset, default_queryset).get(key_id)


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
        result = self.authenticate_key(raw)
        private(request, api_keys_settings().HEADER)
        return result

    def get_queryset(self) -> QuerySet[ApiKey]:
        """The keys to look the presented one up in (a subclass may join more). It must build
        the same query every time: it is compiled once per database connection."""
        return default_queryset()

    def find_key(self, key_id: str) -> ApiKey | None:
        """The key with ``key_id`` in :meth:`get_queryset` (compiled once per class and
        connection), or ``None``."""
        return compiled(type(self), self.get_queryset).get(key_id)

    def authenticate_key(self, raw: str) -> tuple[AbstractBaseUser, ApiKey]:
        """Verify ``raw`` and return ``(owner, key)``, or raise the problem."""
        try:
            key = verify_key(raw, self.find_key)
        except KeyRejectedError as rejected:
            if rejected.reason == "expired":
                raise self.failure("expired-account") from None
            raise self.failure("unauthorised") from None
        return key.owner, key

    def failure(self, slug: str) -> ProblemAuthenticationFailed:
        """The exception for the problem ``slug`` (the catalogue's detail, nothing key-specific)."""
        return ProblemAuthenticationFailed(slug)

    def authenticate_header(self, request: Request) -> str:
        config = api_keys_settings()
        return f'ApiKey realm="{config.REALM}", header="{config.HEADER}"'


class AccessTokenAuthentication(ApiKeyAuthentication):
    """Elance-style keys in a query parameter, opt-in with ``API_KEYS["ACCESS_TOKEN_PARAM"]``.

    No parameter: ``no-token``; unknown, wrong, revoked, expired or repeated: ``invalid-token``.
    Query strings end up in access logs: prefer the header where clients can send one.
    """

    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, ApiKey] | None:
        param = api_keys_settings().ACCESS_TOKEN_PARAM
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
        result = self.authenticate_key(values[0])
        private(request, None)  # the key is in the URL, which a cache keys on already
        return result

    def failure(self, slug: str) -> ProblemAuthenticationFailed:
        return ProblemAuthenticationFailed("invalid-token")

    def authenticate_header(self, request: Request) -> str:
        config = api_keys_settings()
        param = config.ACCESS_TOKEN_PARAM or "access_token"
        return f'ApiKey realm="{config.REALM}", param="{param}"'
