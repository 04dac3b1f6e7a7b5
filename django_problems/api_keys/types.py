"""The API-key feature's problem types (besides the core's ``unauthorised``)."""

from __future__ import annotations

from typing import Final

from django.utils.translation import gettext_lazy as _

from django_problems.problem_types import ProblemType

API_KEY_TYPES: Final[tuple[ProblemType, ...]] = (
    ProblemType(
        slug="expired-account",
        title=_("Account expired"),
        status=401,
        code="E_API_AUTH_EXPIRED_ACCOUNT",
        category="authentication",
        description=_("The credentials are genuine but have expired."),
        fix=_("Create a new key (or renew the account) and retry with it."),
        default_detail=_("The credentials have expired."),
        headers={"WWW-Authenticate": ""},
    ),
    ProblemType(
        slug="no-token",
        title=_("Access token missing"),
        status=401,
        code="no_token",
        category="authentication",
        description=_("The endpoint takes an access token and the request has none."),
        fix=_("Pass the access token as the access_token query parameter."),
        default_detail=_("No access token was provided."),
        headers={"WWW-Authenticate": ""},
    ),
    ProblemType(
        slug="invalid-token",
        title=_("Access token invalid"),
        status=401,
        code="invalid_token",
        category="authentication",
        description=_("The access token is unknown, revoked or expired."),
        fix=_("Obtain a new access token and retry."),
        default_detail=_("The access token is not valid."),
        headers={"WWW-Authenticate": ""},
    ),
)
