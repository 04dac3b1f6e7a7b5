"""The versioning feature's problem type."""

from __future__ import annotations

from typing import Final

from django.utils.translation import gettext_lazy as _

from django_problems.builtin_types import CODES_DOC, ERRORS_DOC
from django_problems.problem_types import ProblemType

VERSIONING_TYPES: Final[tuple[ProblemType, ...]] = (
    ProblemType(
        slug="invalid-api-version",
        title=_("Invalid api version"),
        status=400,
        code="E_API_INVALID_VERSION",
        category="api",
        description=_(
            "The api-version query parameter is missing, badly formed (not "
            "major.minor), not supported, or given more than once."
        ),
        fix=_("Send api-version exactly once, as one of the supported versions."),
        default_detail=_("The api-version query parameter is not valid."),
        extensions={
            "errors": ERRORS_DOC,
            "codes": CODES_DOC,
            "supported_versions": _("Versions this API serves."),
        },
        example={
            "errors": {"api-version": ["'9.9' is not a supported version."]},
            "codes": {"api-version": ["unsupported"]},
            "supported_versions": ["1.0", "1.1"],
        },
    ),
)
