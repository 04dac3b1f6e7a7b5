"""The serializer-error mapper: DRF ``ValidationError`` detail -> the ``errors`` member.

Paths are wire names, nested serializers dotted (``customer.email``), list items indexed
(``items[0].sku``), non-field errors under DRF's ``NON_FIELD_ERRORS_KEY`` (at the top level) or
the path of the object they are about. Order follows the serializer's fields, so it is
deterministic. The problem type is chosen from the error codes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote

from rest_framework.settings import api_settings

from django_problems.settings import core_settings

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
    """One message about one place in the request (the body, or a query parameter)."""

    path: tuple[str | int, ...]
    message: str
    code: str
    location: str = "body"


def flatten(
    detail: Any, path: tuple[str | int, ...] = (), location: str = "body"
) -> Iterator[FieldError]:
    """Every message in a ``ValidationError.detail`` with the path of the value it is about."""
    found: list[FieldError] = []
    _collect(detail, path, api_settings.NON_FIELD_ERRORS_KEY, found)
    if location != "body":
        found = [FieldError(e.path, e.message, e.code, location) for e in found]
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


FRAGMENT_SAFE: Final = "!$&'()*+,;=:@-._~"
PLAIN_KEY: Final = re.compile(r'^[^.\[\]"]+$')


def dotted(path: Sequence[str | int]) -> str:
    """``("items", 0, "sku")`` -> ``"items[0].sku"``.

    A key that could be misread (it contains ``.``, ``[``, ``]`` or ``"``, or is empty, as a
    ``DictField`` key may) is written as a quoted index: ``("meta", "a.b")`` -> ``meta["a.b"]``.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not PLAIN_KEY.match(str(part)):
            out += f"[{json.dumps(str(part), ensure_ascii=False)}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def pointer(path: Sequence[str | int]) -> str:
    """``("items", 0, "sku")`` -> ``"#/items/0/sku"``: a JSON Pointer (RFC 6901) as a URI
    fragment, each reference token percent-encoded where a fragment needs it."""
    if path == (api_settings.NON_FIELD_ERRORS_KEY,):
        return "#"
    escaped = (
        quote(str(p).replace("~", "~0").replace("/", "~1"), safe=FRAGMENT_SAFE) for p in path
    )
    return "#/" + "/".join(escaped)


def choose_slug(codes: Iterable[str]) -> str:
    """The problem type for a set of error codes: one response carries one type.

    Every code a range error: ``parameters-out-of-range``. Every code a forbidden reference:
    ``unauthorised-resource-access``. Anything else: ``invalid-parameters``.
    """
    codes = set(codes)
    if not codes:
        return "invalid-parameters"
    config = core_settings()
    if codes <= RANGE_CODES | set(config.RANGE_ERROR_CODES):
        return "parameters-out-of-range"
    if codes <= set(config.FORBIDDEN_REFERENCE_CODES):
        return "unauthorised-resource-access"
    return "invalid-parameters"


def possible_slugs(possible_codes: Iterable[str]) -> set[str]:
    """Every type :func:`choose_slug` can pick for errors whose codes come from
    ``possible_codes`` (plus any code of DRF's that means a missing or mistyped value)."""
    possible = set(possible_codes)
    found = {choose_slug(["invalid"])}
    found |= {choose_slug([code]) for code in possible}
    config = core_settings()
    if config.RANGE_ERROR_CODES:
        found.add(choose_slug(config.RANGE_ERROR_CODES[:1]))
    return found


@dataclass(frozen=True)
class MappedErrors:
    """What the mapper produces: the chosen type and the extension members."""

    slug: str
    extensions: dict[str, Any]


def map_errors(detail: Any, location: str = "body") -> MappedErrors:
    """Map a ``ValidationError.detail`` to a problem type and its ``errors`` (and ``codes``).

    ``location`` is ``"query"`` for errors about query parameters.
    """
    field_errors = list(flatten(detail, location=location))
    return MappedErrors(choose_slug(e.code for e in field_errors), render(field_errors))


def render(field_errors: Iterable[FieldError]) -> dict[str, Any]:
    """The ``errors`` member (and ``codes`` in the map shape) in the configured shape."""
    public = core_settings().FIELD_CODES
    if core_settings().ERRORS_FORMAT == "list":
        return {"errors": [list_item(e, public.get(e.code, e.code)) for e in field_errors]}
    errors: dict[str, list[str]] = {}
    codes: dict[str, list[str]] = {}
    for e in field_errors:
        key = dotted(e.path)
        errors.setdefault(key, []).append(e.message)
        codes.setdefault(key, []).append(public.get(e.code, e.code))
    return {"errors": errors, "codes": codes}


def list_item(error: FieldError, code: str) -> dict[str, str]:
    """One entry of the RFC 9457 list shape: a JSON Pointer into the body, or the query
    parameter's name (there is no body to point into)."""
    if error.location == "query":
        return {"detail": error.message, "parameter": dotted(error.path), "code": code}
    return {"detail": error.message, "pointer": pointer(error.path), "code": code}


_PATH_PART: Final = re.compile(r'\[("(?:[^"\\]|\\.)*")\]|\[(\d+)\]|([^.\[\]]+)')


def parse_dotted(path: str) -> tuple[str | int, ...]:
    """``'items[0].sku'`` -> ``("items", 0, "sku")``: the inverse of :func:`dotted`."""
    parts: list[str | int] = []
    for quoted, index, name in _PATH_PART.findall(path):
        if quoted:
            parts.append(str(json.loads(quoted)))
        else:
            parts.append(int(index) if index else name)
    return tuple(parts)


def example_errors(
    errors: Mapping[str, Sequence[str]], codes: Mapping[str, Sequence[str]] | None
) -> dict[str, Any]:
    """A documented example's ``errors`` (given as a map) in the configured shape."""
    codes = codes or {}
    field_errors = [
        FieldError(parse_dotted(path), message, code)
        for path, messages in errors.items()
        for message, code in zip(
            messages, [*codes.get(path, []), *["invalid"] * len(messages)], strict=False
        )
    ]
    return render(field_errors)
