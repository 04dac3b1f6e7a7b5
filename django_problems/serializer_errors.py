"""The serializer-error mapper: DRF ``ValidationError`` detail -> the ``errors`` member.

Paths are wire names, nested serializers dotted (``customer.email``), list items indexed
(``items[0].sku``), non-field errors under DRF's ``NON_FIELD_ERRORS_KEY`` (at the top level) or
the path of the object they are about. Order follows the serializer's fields, so it is
deterministic. The problem type is chosen from the error codes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, NamedTuple
from urllib.parse import quote

from rest_framework.exceptions import ErrorDetail
from rest_framework.settings import api_settings

from django_problems.settings import core_settings
from django_problems.text import well_formed_unicode

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


class FieldError(NamedTuple):
    """One message about one place in the request (the body, or a query parameter)."""

    path: tuple[str | int, ...]
    message: str
    code: str
    location: str = "body"


MESSAGE_LIMIT: Final = 300
"""Longest message kept (DRF echoes the client's value in some: ``"<value>" is not a valid
choice.``); a longer one is cut, ending in an ellipsis."""
KEY_LIMIT: Final = 100
"""Longest path component kept (a ``DictField`` key comes from the client)."""


def _code_of(detail: Any) -> str:
    code = detail.code if detail.__class__ is ErrorDetail else getattr(detail, "code", None)
    return "invalid" if not code else code if code.__class__ is str else str(code)


def _message_of(detail: Any) -> str:
    message = str(detail)
    return message if len(message) <= MESSAGE_LIMIT else message[: MESSAGE_LIMIT - 1] + "…"


class Collected(list[FieldError]):
    """The field errors found, up to a limit, and how many more there were (``omitted``)."""

    def __init__(self, limit: int | None, root: tuple[str | int, ...]) -> None:
        super().__init__()
        self.limit = limit
        self.omitted = 0
        self.codes: set[str] = set()
        self.root = root
        """The path of a message found at the top (``(NON_FIELD_ERRORS_KEY,)``)."""

    def add(self, detail: Any, path: tuple[str | int, ...]) -> None:
        """Keep the message ``detail`` about ``path`` if the limit allows; its code counts
        either way."""
        code = _code_of(detail)
        self.codes.add(code)
        if self.limit is not None and len(self) >= self.limit:
            self.omitted += 1
            return
        self.append(FieldError(path or self.root, _message_of(detail), code))

    @staticmethod
    def join(path: tuple[str | int, ...], key: str | int) -> tuple[str | int, ...]:
        """The path of ``key`` under ``path``."""
        return (*path, key)


class NamedErrors:
    """The map shape built in the same walk: ``errors`` and ``codes`` keyed by dotted name
    (:func:`dotted`, built one path component at a time), up to a limit."""

    def __init__(self, limit: int | None, root: str, public: Mapping[str, str]) -> None:
        self.limit = limit
        self.omitted = 0
        self.count = 0
        self.codes: set[str] = set()
        self.root = root
        self.public = public
        self.errors: dict[str, list[str]] = {}
        self.public_codes: dict[str, list[str]] = {}

    def add(self, detail: Any, name: str) -> None:
        """Keep the message ``detail`` about ``name`` if the limit allows."""
        # Once per message of every validation error: _code_of and _message_of inlined.
        code = detail.code if detail.__class__ is ErrorDetail else None
        if code.__class__ is not str or not code:
            code = _code_of(detail)
        self.codes.add(code)
        if self.limit is not None and self.count >= self.limit:
            self.omitted += 1
            return
        self.count += 1
        # DRF's messages are ErrorDetail, a str: kept as they are (as DRF's response.data has
        # them), not copied.
        message = detail if isinstance(detail, str) else str(detail)
        if len(message) > MESSAGE_LIMIT:
            message = message[: MESSAGE_LIMIT - 1] + "…"
        public = self.public.get(code, code) if self.public else code
        name = name or self.root
        messages = self.errors.get(name)
        if messages is None:
            self.errors[name] = [message]
            self.public_codes[name] = [public]
        else:
            messages.append(message)
            self.public_codes[name].append(public)

    @staticmethod
    def join(name: str, key: str | int) -> str:
        """The dotted name of ``key`` under ``name`` (as :func:`dotted` writes it)."""
        if isinstance(key, int):
            return f"{name}[{key}]"
        if not key or not _plain(key):
            return f"{name}[{json.dumps(key, ensure_ascii=False)}]"
        return f"{name}.{key}" if name else key


def flatten(
    detail: Any,
    path: tuple[str | int, ...] = (),
    location: str = "body",
    limit: int | None = None,
) -> Collected:
    """The messages in a ``ValidationError.detail`` (the first ``limit`` of them, in field
    order), each with the path of the value it is about; ``.omitted`` counts the others."""
    non_field_key = api_settings.NON_FIELD_ERRORS_KEY
    found = Collected(limit, (non_field_key,))
    _collect(detail, path, non_field_key, found)
    if location != "body":
        for index, error in enumerate(found):
            found[index] = error._replace(location=location)
    return found


_LEAF, _MAPPING, _SEQUENCE, _NONE = range(4)


def _plain(key: str) -> bool:
    """Whether a name is written as is in a dotted path (no ``.``, ``[``, ``]`` or ``"``)."""
    return "." not in key and "[" not in key and "]" not in key and '"' not in key


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


def _collect(detail: Any, path: Any, non_field_key: str, found: Collected | NamedErrors) -> None:
    # Every node of every error tree passes here: DRF's own types (ErrorDetail, dict, list)
    # are recognised by class first, and the usual shapes (a dict of fields, a list of
    # messages) take no per-item dispatch.
    cls = detail.__class__
    if cls is ErrorDetail or cls is str:
        found.add(detail, path)
        return
    if isinstance(detail, dict):
        kind = _MAPPING
    elif isinstance(detail, list):
        kind = _SEQUENCE
    else:
        kind = _kind(detail)
    if kind == _MAPPING:
        keys: Any = detail  # field order; no copy for the usual string keys
        first = next(iter(detail), None)
        if first.__class__ is int and all(isinstance(k, int) for k in detail):
            keys = sorted(detail)  # dict-keyed list errors (ListField, DictField of lists)
        join = found.join
        named = found.__class__ is NamedErrors
        for key in keys:
            if key == non_field_key and path:
                child = path
            elif (  # NamedErrors.join's usual case, inline: a plain field name
                named
                and key.__class__ is str
                and 0 < len(key) <= KEY_LIMIT
                and "." not in key
                and "[" not in key
                and "]" not in key
                and '"' not in key
            ):
                child = f"{path}.{key}" if path else key
            elif key.__class__ is str and len(key) > KEY_LIMIT:
                child = join(path, key[: KEY_LIMIT - 1] + "…")
            else:
                child = join(path, key if isinstance(key, int) else str(key))
            value = detail[key]
            if value.__class__ is list and len(value) == 1 and value[0].__class__ is ErrorDetail:
                found.add(value[0], child)  # the usual field: one message, no call to walk it
            else:
                _collect(value, child, non_field_key, found)
    elif kind == _SEQUENCE:
        for item in detail:
            if item.__class__ is not ErrorDetail and not isinstance(item, str):
                break
        else:  # the usual case: a list of messages
            for item in detail:
                found.add(item, path)
            return
        kinds = [_MAPPING if isinstance(item, dict) else _kind(item) for item in detail]
        if _MAPPING in kinds:
            for index, item in enumerate(detail):  # ListSerializer: one entry per item
                _collect(item, found.join(path, index), non_field_key, found)
        else:
            for item, item_kind in zip(detail, kinds, strict=True):
                if item_kind == _LEAF:
                    found.add(item, path)
                else:
                    _collect(item, path, non_field_key, found)
    elif kind == _LEAF:
        found.add(detail, path)


FRAGMENT_SAFE: Final = "!$&'()*+,;=:@-._~"


def dotted(path: Sequence[str | int]) -> str:
    """``("items", 0, "sku")`` -> ``"items[0].sku"``.

    A key that could be misread (it contains ``.``, ``[``, ``]`` or ``"``, or is empty, as a
    ``DictField`` key may) is written as a quoted index: ``("meta", "a.b")`` -> ``meta["a.b"]``.
    """
    out = ""
    for part in path:
        if isinstance(part, str):
            text = part
        elif isinstance(part, int):
            out += f"[{part}]"
            continue
        else:
            text = str(part)
        if not text or "." in text or "[" in text or "]" in text or '"' in text:
            out += f"[{json.dumps(text, ensure_ascii=False)}]"
        else:
            out += f".{text}" if out else text
    return out


def pointer(path: Sequence[str | int]) -> str:
    """``("items", 0, "sku")`` -> ``"#/items/0/sku"``: a JSON Pointer (RFC 6901) as a URI
    fragment, each reference token percent-encoded where a fragment needs it."""
    if path == (api_settings.NON_FIELD_ERRORS_KEY,):
        return "#"
    escaped = (
        quote(well_formed_unicode(str(p)).replace("~", "~0").replace("/", "~1"), safe=FRAGMENT_SAFE)
        for p in path
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
    range_codes, forbidden_codes = _code_sets(
        config.RANGE_ERROR_CODES, config.FORBIDDEN_REFERENCE_CODES
    )
    if codes <= range_codes:
        return "parameters-out-of-range"
    if codes <= forbidden_codes:
        return "unauthorised-resource-access"
    return "invalid-parameters"


@lru_cache(maxsize=8)
def _code_sets(
    range_error_codes: tuple[str, ...], forbidden_reference_codes: tuple[str, ...]
) -> tuple[frozenset[str], frozenset[str]]:
    """The codes that make a range error and a forbidden reference, as sets (settings change
    rarely; each validation error asked for them)."""
    return RANGE_CODES | frozenset(range_error_codes), frozenset(forbidden_reference_codes)


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

    ``location`` is ``"query"`` for errors about query parameters. At most ``MAX_ERRORS``
    entries are listed (the type is chosen from every code); ``errors_omitted`` counts the rest.
    """
    config = core_settings()
    found: Collected | NamedErrors
    if config.ERRORS_FORMAT == "map":  # walked straight into the two maps
        non_field_key = api_settings.NON_FIELD_ERRORS_KEY
        found = NamedErrors(config.MAX_ERRORS, non_field_key, config.FIELD_CODES)
        _collect(detail, "", non_field_key, found)
        extensions: dict[str, Any] = {"errors": found.errors, "codes": found.public_codes}
    else:
        found = flatten(detail, location=location, limit=config.MAX_ERRORS)
        extensions = render(found)
    if found.omitted:
        extensions["errors_omitted"] = found.omitted
    return MappedErrors(choose_slug(found.codes), extensions)


def render(field_errors: Iterable[FieldError]) -> dict[str, Any]:
    """The ``errors`` member (and ``codes`` in the map shape) in the configured shape."""
    config = core_settings()
    public = config.FIELD_CODES
    if config.ERRORS_FORMAT == "list":
        return {"errors": [list_item(e, public.get(e.code, e.code)) for e in field_errors]}
    errors: dict[str, list[str]] = {}
    codes: dict[str, list[str]] = {}
    for path, message, code, _location in field_errors:
        key = dotted(path)
        if key in errors:
            errors[key].append(message)
            codes[key].append(public.get(code, code))
        else:
            errors[key] = [message]
            codes[key] = [public.get(code, code)]
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
