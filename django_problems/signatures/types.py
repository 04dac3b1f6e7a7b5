"""The signatures feature's problem type, and why a signature can be refused."""

from __future__ import annotations

from typing import Final, Literal, get_args

from django.utils.translation import gettext_lazy as _

from django_problems.problem_types import ProblemType

SIGNATURE_TYPES: Final[tuple[ProblemType, ...]] = (
    ProblemType(
        slug="request-already-received",
        title=_("Request already received"),
        status=401,
        code="E_API_REQUEST_ALREADY_RECEIVED",
        category="authentication",
        description=_("A signed request reused a nonce that was already accepted: a replay."),
        fix=_("Sign every request with a fresh nonce and a current created time."),
        default_detail=_("This request was already received."),
        headers={"WWW-Authenticate": ""},
    ),
)

SignatureError = Literal[
    "missing",
    "malformed",
    "incomplete",
    "keyid-mismatch",
    "stale",
    "digest-mismatch",
    "invalid",
    "no-signing-key",
    "unsupported-algorithm",
]
"""The ``signature_error`` of an ``unauthorised`` problem: why a signed request was refused."""
SIGNATURE_ERRORS: Final[tuple[str, ...]] = get_args(SignatureError)
