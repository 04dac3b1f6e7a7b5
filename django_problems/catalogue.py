"""The catalogue: one registry for bodies, the docs page, OpenAPI and the tests.

The types of the installed apps (the core's, each feature app's) merged with the project's
``PROBLEMS["TYPES"]``, built once and rebuilt when a setting changes. It owns what every problem
of a type looks like: its type URI, its default headers and its documented example body.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from http import HTTPStatus
from typing import Any, Final

from django.urls import NoReverseMatch, reverse

from django_problems.builtin_types import CONDITIONS, STATUS_DEFAULT_SLUGS
from django_problems.conf import on_settings_change
from django_problems.problem_types import ProblemType, installed_types
from django_problems.settings import core_settings

FALLBACK_DOCS_PATH: Final = "/problems/"
EXAMPLE_INSTANCE: Final = "urn:uuid:3f0e6a4c-2b7d-4c1e-9a51-6d2f0c8b7e12"
"""The ``instance`` of every documented example body."""


class Catalogue:
    """Every problem type of the project, looked up by slug."""

    def __init__(self, types: Mapping[str, ProblemType], base_url: str | None) -> None:
        self._types = dict(types)
        self._base_url = base_url

    def __iter__(self) -> Iterator[ProblemType]:
        return iter(self._types.values())

    def __len__(self) -> int:
        return len(self._types)

    def __contains__(self, slug: object) -> bool:
        return slug in self._types

    def get(self, slug: str) -> ProblemType:
        """The type registered under ``slug``; ``KeyError`` names the unknown slug."""
        try:
            return self._types[slug]
        except KeyError:
            raise KeyError(
                f"no problem type {slug!r} in the catalogue (is the feature app that declares "
                "it in INSTALLED_APPS, or the type in PROBLEMS['TYPES']?)"
            ) from None

    @cached_property
    def by_code(self) -> Mapping[str, ProblemType]:
        """Every type by its ``code`` (a DRF exception's own code finds its type here)."""
        return {t.code: t for t in self._types.values()}

    def for_status(self, status: int) -> ProblemType | None:
        """The default type for an HTTP status, or ``None`` (rendered as ``about:blank``)."""
        slug = STATUS_DEFAULT_SLUGS.get(status)
        if slug is not None and slug in self._types:
            return self._types[slug]
        return None

    @cached_property
    def base_url(self) -> str:
        """Base of every type URI: the setting, else the docs page's path."""
        if self._base_url:
            return self._base_url
        try:
            return reverse("django_problems:types")
        except NoReverseMatch:
            return FALLBACK_DOCS_PATH

    def type_uri(self, slug: str) -> str:
        """``<base>#<slug>``: the URI that dereferences to the type's docs section."""
        found = self._uris.get(slug)
        if found is None:
            found = self._uris[slug] = f"{self.base_url}#{slug}"
        return found

    @cached_property
    def _uris(self) -> dict[str, str]:
        return {}

    def example_body(self, problem_type: ProblemType) -> dict[str, Any]:
        """The documented example body of a type (docs page, OpenAPI examples).

        The members a real problem of the type has, in the writer's order, with the type's
        example extension members (``errors`` in the configured shape).
        """
        from django_problems.serializer_errors import example_errors

        body: dict[str, Any] = {
            "type": self.type_uri(problem_type.slug),
            "title": str(problem_type.title),
            "status": problem_type.status,
            "detail": str(problem_type.default_detail),
            "instance": EXAMPLE_INSTANCE,
            "code": problem_type.code,
        }
        example = dict(problem_type.example)
        if "errors" in example:
            example.update(example_errors(example["errors"], example.pop("codes", None)))
        body.update(example)
        return body


def reason_phrase(status: int) -> str:
    """The HTTP reason phrase of ``status`` (title of ``about:blank`` problems)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error" if status < 500 else "Server Error"


_cache: dict[str, Catalogue] = {}


def get_catalogue() -> Catalogue:
    """The merged catalogue (built once; rebuilt after a setting changes): the installed apps'
    types that the project can produce, and its own ``PROBLEMS["TYPES"]``."""
    catalogue = _cache.get("catalogue")
    if catalogue is None:
        config = core_settings()
        types = {
            slug: problem_type
            for slug, problem_type in installed_types().items()
            if slug not in CONDITIONS or CONDITIONS[slug](config)
        }
        catalogue = _cache["catalogue"] = Catalogue({**types, **config.TYPES}, config.TYPE_BASE_URL)
    return catalogue


on_settings_change(_cache.clear)
