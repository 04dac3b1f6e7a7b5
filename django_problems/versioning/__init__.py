"""``api-version`` query-parameter versioning (the ``django_problems.versioning`` app).

``ApiVersioning`` (in :mod:`.scheme`) is the DRF versioning class; ``PROBLEMS["VERSIONING"]``
(:mod:`.settings`) says which versions are served and which are deprecated. See
``docs/versioning.md``.
"""

from typing import TYPE_CHECKING

from django_problems.lazy import lazy_attributes

if TYPE_CHECKING:
    from django_problems.versioning.scheme import ApiVersioning

__all__ = ["ApiVersioning"]
__getattr__ = lazy_attributes(__name__, {"ApiVersioning": ".scheme"})
