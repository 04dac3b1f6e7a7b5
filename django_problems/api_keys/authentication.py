"""DRF authentication with API keys: in a header, or (opt-in) in an ``access_token`` parameter.

Every failure is an ``AuthenticationFailed`` carrying its catalogue type, and the classes return a
challenge from ``authenticate_header``, so DRF keeps the 401 and the problem carries
``WWW-Authenticate``. A missing, malformed, unknown, wrong or revoked key gets the same
``unauthorised`` problem; ``expired-account`` is only said once the secret has verified.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from django_problems.api_keys.keys import header_meta_key, parse_key, pepper, secret_matches
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


def build_decoy(queryset: QuerySet[Any]) -> None:
    """Build (and drop) the objects a found row would have given: the model and every
    ``select_related`` one, through ``Model.from_db`` as the ORM does. An unknown key id then
    costs about what a known one does, so timing does not tell whether an id exists."""
    related = queryset.query.select_related
    _build(queryset.model, related if isinstance(related, dict) else {}, queryset.db)


def _build(model: type[Model], related: dict[str, Any], db: str) -> None:
    names = [f.attname for f in model._meta.concrete_fields]
    model.from_db(db, names, [None] * len(names))
    for name, nested in related.items():
        related_model = model._meta.get_field(name).related_model
        if isinstance(related_model, type) and issubclass(related_model, Model):
            _build(related_model, nested, db)


class KeyRejectedError(Exception):
    """Why a presented key was refused (internal: mapped to a problem by the caller)."""

    def __init__(self, reason: str, key: ApiKey | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.key = key


def verify_key(raw: str, queryset: QuerySet[ApiKey] | None = None) -> ApiKey:
    """The live key ``raw`` names, or ``KeyRejectedError`` with reason ``invalid`` or ``expired``.

    One indexed query (the key and its owner, and whatever ``queryset`` joins), a constant-time
    comparison, then the throttled ``last_used_at`` write.
    """
    parsed = parse_key(raw)
    if parsed is None:
        raise KeyRejectedError("invalid")
    if queryset is None:
        queryset = ApiKey.objects.select_related("owner")
    try:  # get() drops the model's ordering: a plain lookup on the unique key_id index
        key: ApiKey | None = queryset.get(key_id=parsed.key_id)
    except ApiKey.DoesNotExist:
        key = None
        build_decoy(queryset)
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
        result = self.authenticate_key(raw)
        private(request, api_keys_settings().HEADER)
        return result

    def get_queryset(self) -> QuerySet[ApiKey]:
        """The keys to look the presented one up in (a subclass may join more)."""
        return ApiKey.objects.select_related("owner")

    def authenticate_key(self, raw: str) -> tuple[AbstractBaseUser, ApiKey]:
        """Verify ``raw`` and return ``(owner, key)``, or raise the problem."""
        try:
            key = verify_key(raw, self.get_queryset())
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
