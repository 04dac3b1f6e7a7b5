"""``PROBLEMS["OPENAPI"]``: how the schema documents problems (every key optional).

``XML`` (default ``False``)
    Also document ``application/problem+xml`` beside ``application/problem+json`` on every error
    response. The writer answers XML to clients that ask for it (RFC 9457 Appendix B) whatever
    this says; the schema lists it only when this is ``True``.
``ALWAYS`` (default ``()``)
    Slugs documented on every operation, for problems a project raises from its own middleware.
``DEPRECATE_OPERATIONS`` (default ``True``)
    In the schema of a deprecated API version, mark every versioned operation ``deprecated``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from django_problems.conf import problems_settings

DEFAULTS: Final[Mapping[str, Any]] = {
    "XML": False,
    "ALWAYS": (),
    "DEPRECATE_OPERATIONS": True,
}
KINDS: Final[Mapping[str, tuple[type | tuple[type, ...], str]]] = {
    "XML": (bool, "True or False"),
    "ALWAYS": ((list, tuple), "a list of problem type slugs"),
    "DEPRECATE_OPERATIONS": (bool, "True or False"),
}


def _value(name: str) -> Any:
    value = problems_settings.section("OPENAPI").get(name, DEFAULTS[name])
    return value if isinstance(value, KINDS[name][0]) else DEFAULTS[name]


def document_xml() -> bool:
    """Whether error responses also document ``application/problem+xml``."""
    return _value("XML") is True


def always_slugs() -> tuple[str, ...]:
    """Slugs every operation documents (``PROBLEMS["OPENAPI"]["ALWAYS"]``)."""
    return tuple(slug for slug in _value("ALWAYS") if isinstance(slug, str))


def deprecate_operations() -> bool:
    """Whether a deprecated version's schema marks its versioned operations deprecated."""
    return _value("DEPRECATE_OPERATIONS") is True
