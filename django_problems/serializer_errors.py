"""The serializer-error mapper: DRF ``ValidationError`` detail -> the ``errors`` member.

Paths are wire names, nested serializers dotted (``customer.email``), list items indexed
(``items[0].sku``), non-field errors under DRF's ``NON_FIELD_ERRORS_KEY`` (at the top level) or
the path of the object they are about. Order follows the serializer's fields, so it is
deterministic. The problem type is chosen from the error codes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from rest_framework.settings import api_settings

from django_problems.conf import problems_settings

RANGE_CODES: Final = frozenset(
    {
        "min_value",
        "max_value",
        "min_length",
        "max_length",
        "max_digits",
        "max_decimal_places",
        "max_whole_digits",
        "max_string_length",
        "overflow",
        "max_upload_size",
    }
)
"""DRF's error codes that mean "right type, outside the allowed range"."""


@dataclass(frozen=True)
class FieldError:
    """One message about one place in the request."""

    path: tuple[str | int, ...]
    message: str
    code: str


def flatten(detail: Any, path: tuple[str | int, ...] = ()) -> Iterator[FieldError]:
    """Every message in a ``ValidationError.detail`` with the path of the value it is about."""
    found: list[FieldError] = []
    _collect(detail, path, api_settings.NON_FIELD_ERRORS_KEY, found)
    return iter(found)


_LEAF, _MAPPING, _SEQUENCE, _NONE = range(4)


def _kind(value: Any) -> int:
    # DRF's own types (dict, list, ErrorDetail) first: ABC isinstance checks are slow and
    # dominated the cost of large error trees.
    if isinstance(value, str):
        return _LEAF
    if isinstance(value, dict):
        return _MAPPING
    if isinstance(value, (list, tuple)):
        return _SEQUENCE
    if isinstance(value, Mapping):
        return _MAPPING
    if isinstance(value, Sequence):
        return _SEQUENCE
    return _NONE if value is None else _LEAF


def _collect(
    detail: Any, path: tuple[str | int, ...], non_field_key: str, found: list[FieldError]
) -> None:
    kind = _kind(detail)
    if kind == _MAPPING:
        keys = list(detail)
        if keys and all(isinstance(k, int) for k in keys):
            keys.sort()  # dict-keyed list errors (ListField, DictField of lists): by index
        for key in keys:
            child = path if (key == non_field_key and path) else (*path, key)
            _collect(detail[key], child, non_field_key, found)
    elif kind == _SEQUENCE:
        if all(isinstance(item, str) for item in detail):  # the usual case: a list of messages
            for item in detail:
                found.append(_field_error(item, path, non_field_key))
            return
        kinds = [_kind(item) for item in detail]
        if _MAPPING in kinds:
            for index, item in enumerate(detail):  # ListSerializer: one entry per item
                _collect(item, (*path, index), non_field_key, found)
        else:
            for item, item_kind in zip(detail, kinds, strict=True):
                if item_kind == _LEAF:
                    found.append(_field_error(item, path, non_field_key))
                else:
                    _collect(item, path, non_field_key, found)
    elif kind == _LEAF:
        found.append(_field_error(detail, path, non_field_key))


def _field_error(detail: Any, path: tuple[str | int, ...], non_field_key: str) -> FieldError:
    code = getattr(detail, "code", None) or "invalid"
    return FieldError(path or (non_field_key,), str(detail), str(code))


def dotted(path: Sequence[str | int]) -> str:
    """``("items", 0, "sku")`` -> ``"items[0].sku"``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def pointer(path: Sequence[str | int]) -> str:
    """``("items", 0, "sku")`` -> ``"#/items/0/sku"`` (a JSON Pointer as a URI fragment)."""
    if path == (api_settings.NON_FIELD_ERRORS_KEY,):
        return "#"
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in path)
    return "#/" + "/".join(escaped)


def choose_slug(codes: Sequence[str]) -> str:
    """The problem type for a set of error codes: one response carries one type.

    Every code a range error: ``parameters-out-of-range``. Every code a forbidden reference:
    ``unauthorised-resource-access``. Anything else: ``invalid-parameters``.
    """
    if not codes:
        return "invalid-parameters"
    range_codes = RANGE_CODES | problems_settings.RANGE_ERROR_CODES
    if all(code in range_codes for code in codes):
        return "parameters-out-of-range"
    if all(code in problems_settings.FORBIDDEN_REFERENCE_CODES for code in codes):
        return "unauthorised-resource-access"
    return "invalid-parameters"


@dataclass(frozen=True)
class MappedErrors:
    """What the mapper produces: the chosen type and the extension members."""

    slug: str
    extensions: dict[str, Any]


def map_errors(detail: Any) -> MappedErrors:
    """Map a ``ValidationError.detail`` to a problem type and its ``errors`` (and ``codes``)."""
    field_errors = list(flatten(detail))
    slug = choose_slug([e.code for e in field_errors])
    public = problems_settings.FIELD_CODES
    if problems_settings.ERRORS_FORMAT == "list":
        items = [
            {"detail": e.message, "pointer": pointer(e.path), "code": public.get(e.code, e.code)}
            for e in field_errors
        ]
        return MappedErrors(slug, {"errors": items})
    errors: dict[str, list[str]] = {}
    codes: dict[str, list[str]] = {}
    for e in field_errors:
        key = dotted(e.path)
        errors.setdefault(key, []).append(e.message)
        codes.setdefault(key, []).append(public.get(e.code, e.code))
    return MappedErrors(slug, {"errors": errors, "codes": codes})
