"""Raising catalogue problems from views: ``raise_problem("resource-crud-failure", ...)``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from django.utils.functional import Promise
from rest_framework.exceptions import APIException, AuthenticationFailed

from django_problems.catalogue import get_catalogue


class ProblemError(APIException):
    """An exception that renders as a problem of the catalogue type ``slug``.

    It is an ``APIException``, so DRF's own handler still gives a sensible response (the status
    and detail) in a project that has not installed the problem handler yet.

    Attributes the classifier reads (any exception that has them renders the same way):
    ``problem_slug`` (the type), ``problem_detail`` (``None``: the type's default detail),
    ``extensions`` (members of the body) and ``headers`` (of the response).
    """

    def __init__(
        self,
        slug: str,
        detail: str | Promise | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        problem_type = get_catalogue().get(slug)
        self.problem_slug = slug
        self.status_code = problem_type.status
        self.problem_detail = detail
        self.extensions = extensions
        self.headers = dict(headers or {})
        super().__init__(
            str(detail if detail is not None else problem_type.default_detail), problem_type.code
        )


class ProblemAuthenticationFailed(AuthenticationFailed):
    """An authentication failure rendered as the catalogue problem ``slug``.

    An ``AuthenticationFailed``, so DRF treats it as one: it keeps the 401 when the first
    authenticator offers a challenge (``WWW-Authenticate``) and answers 403 otherwise. It
    carries ``problem_slug``, ``problem_detail``, ``extensions`` and ``headers`` as
    :class:`ProblemError` does.
    """

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


def raise_problem(
    slug: str,
    detail: str | Promise | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> NoReturn:
    """Raise the catalogue problem ``slug`` with an optional detail and extension members."""
    raise ProblemError(slug, detail, headers=headers, **extensions)
