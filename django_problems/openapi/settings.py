"""``PROBLEMS["OPENAPI"]``: how the schema documents problems (every key optional).

One declaration, read by :func:`openapi_settings` and checked by ``manage.py check``.
Documented in ``docs/openapi.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from django_problems import validators as v
from django_problems.conf import Section, SettingError, check_id, setting

DOCS: Final = "docs/openapi.md"


def _slugs(value: Any) -> tuple[str, ...]:
    slugs = v.strings(value)
    from django_problems.catalogue import get_catalogue

    catalogue = get_catalogue()
    unknown = [slug for slug in slugs if slug not in catalogue]
    if unknown:
        raise SettingError(f"names {', '.join(map(repr, unknown))}, which is not a problem type")
    return slugs


@dataclass(frozen=True, kw_only=True)
class OpenApiSettings:
    """``PROBLEMS["OPENAPI"]``."""

    XML: bool = v.flag(
        False,
        id=check_id("E182", "PROBLEMS['OPENAPI']['XML'] is not a bool"),
        doc="Also document application/problem+xml beside application/problem+json.",
    )
    ALWAYS: tuple[str, ...] = setting(
        (),
        _slugs,
        id=check_id("E183", "PROBLEMS['OPENAPI']['ALWAYS'] names no problem type"),
        hint="Use slugs of the catalogue (see the docs page) or add the type to PROBLEMS['TYPES'].",
        doc="Slugs documented on every operation (problems your own middleware raises).",
    )
    DEPRECATE_OPERATIONS: bool = v.flag(
        True,
        id=check_id("E184", "PROBLEMS['OPENAPI']['DEPRECATE_OPERATIONS'] is not a bool"),
        doc="Mark every versioned operation deprecated in a deprecated version's schema.",
    )


OPENAPI = Section(
    "OPENAPI",
    OpenApiSettings,
    shape_id=check_id("E180", "PROBLEMS['OPENAPI'] is not a dict"),
    unknown_id=check_id("E181", "PROBLEMS['OPENAPI'] has an unknown key"),
    docs=DOCS,
)


def openapi_settings() -> OpenApiSettings:
    """``PROBLEMS["OPENAPI"]``, validated."""
    return OPENAPI.get()
