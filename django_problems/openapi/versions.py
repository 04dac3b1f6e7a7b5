"""Whether a view is versioned by ``ApiVersioning``, and which version a schema is for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from django_problems.versioning.policy import VersionPolicy

VERSIONING_ATTRIBUTE: Final = "problems_versioning_class"
"""Where :class:`~django_problems.openapi.SchemaGenerator` keeps a view's ``ApiVersioning``."""
VERSION_ATTRIBUTE: Final = "problems_api_version"
"""Where it keeps the version the schema is generated for."""


def is_api_versioning(versioning_class: Any) -> bool:
    """Whether ``versioning_class`` is (a subclass of) ``ApiVersioning``."""
    if not isinstance(versioning_class, type):
        return False
    from django_problems.versioning.scheme import ApiVersioning

    return issubclass(versioning_class, ApiVersioning)


def version_policy(view: Any) -> VersionPolicy | None:
    """The version policy of a view versioned by ``ApiVersioning``, else ``None``."""
    versioning_class = getattr(view, VERSIONING_ATTRIBUTE, None) or getattr(
        view, "versioning_class", None
    )
    if not is_api_versioning(versioning_class):
        return None
    from django_problems.versioning.policy import get_version_policy
    from django_problems.versioning.scheme import versions

    return get_version_policy() if versions(view) else None


def requested_version(view: Any) -> str | None:
    """The version the schema is generated for (``None``: every supported version)."""
    version = getattr(view, VERSION_ATTRIBUTE, None)
    return version if isinstance(version, str) else None
