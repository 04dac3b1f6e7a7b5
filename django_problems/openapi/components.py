"""The problem components of the schema, built from the catalogue (no drf-spectacular here).

* ``Problem``: RFC 9457 Appendix A's base schema;
* one schema per catalogue type (``NotFoundProblem`` ...): ``type`` and ``status`` constant, its
  extension members typed, ``externalDocs`` at its type URI;
* one example per type (``NotFoundExample``): the catalogue's example body, stored once;
* one response per set of types an operation can answer with one status (``Problem404``,
  ``Problem403Forbidden``, ``Problem400-1a2b3c`` ...), which operations reference with ``$ref``.

Components depend on the catalogue and on how operations combine its types, never on the number
of operations, so the schema grows with the API's own serializers only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any, Final

from django.utils.translation import gettext_lazy as _

from django_problems.catalogue import get_catalogue, reason_phrase
from django_problems.problem import ABOUT_BLANK
from django_problems.problem_types import REQUIRED_HEADERS, ProblemType
from django_problems.settings import core_settings
from django_problems.writer import JSON_MEDIA_TYPE, XML_MEDIA_TYPE
from django_problems.xml import NAMESPACE

BASE: Final = "Problem"
ABOUT_BLANK_NAME: Final = "AboutBlankProblem"
SCHEMA_REF: Final = "#/components/schemas/"
EXAMPLE_REF: Final = "#/components/examples/"
HEADER_DOCS: Final[Mapping[str, Any]] = {
    "WWW-Authenticate": _("The authentication challenge: how to authenticate."),
    "Allow": _("The methods the resource supports."),
    "Accept": _("The request media types the resource parses."),
    "Retry-After": _("Seconds to wait before retrying."),
}


def camel(slug: str) -> str:
    """``"not-found"`` -> ``"NotFound"``."""
    return "".join(part.capitalize() for part in slug.split("-"))


def schema_name(slug: str) -> str:
    """Component name of a catalogue type's schema."""
    return f"{camel(slug)}Problem"


def example_name(slug: str) -> str:
    """Component name of a catalogue type's example."""
    return f"{camel(slug)}Example"


def example_component(problem_type: ProblemType) -> dict[str, Any]:
    """The example object of a type, shared by every response that can carry it."""
    return {"summary": str(problem_type.title), "value": example(problem_type)}


def schema_ref(name: str) -> dict[str, str]:
    """A ``$ref`` to the schema component ``name``."""
    return {"$ref": SCHEMA_REF + name}


def response_name(status: int, slugs: Iterable[str], *, digits: int = 6) -> str:
    """Component name of the response for ``slugs`` at ``status`` (stable, order-independent).

    Every operation repeats it once per error status, so it is short: ``Problem404`` when the
    set is every catalogue type at that status (the usual case), ``Problem403Forbidden`` for one
    type, else ``Problem400-`` and ``digits`` hex digits of a digest of the sorted slugs.
    """
    ordered = sorted(set(slugs))
    if ordered == slugs_at_status(status):
        return f"{BASE}{status}"
    if len(ordered) == 1:
        return f"{BASE}{status}{camel(ordered[0])}"
    digest = hashlib.sha1(" ".join(ordered).encode()).hexdigest()[:digits]
    return f"{BASE}{status}-{digest}"


def slugs_at_status(status: int) -> list[str]:
    """The sorted slugs of every catalogue type whose status is ``status``."""
    return sorted(t.slug for t in get_catalogue() if t.status == status)


def _constant(kind: str, value: Any, **extra: Any) -> dict[str, Any]:
    # ``allOf`` keeps drf-spectacular's enum post-processing hook from turning every constant
    # ``type`` and ``status`` into an ``Enum`` component of its own.
    return {"type": kind, "allOf": [{"enum": [value]}], **extra}


def base_schema() -> dict[str, Any]:
    """RFC 9457 Appendix A, plus the ``code`` member every catalogue type carries."""
    return {
        "type": "object",
        "description": str(_("An RFC 9457 problem details object.")),
        "properties": {
            "type": {
                "type": "string",
                "format": "uri-reference",
                "default": ABOUT_BLANK,
                "description": str(_("A URI reference that identifies the problem type.")),
            },
            "title": {
                "type": "string",
                "description": str(_("A short, human-readable summary of the problem type.")),
            },
            "status": {
                "type": "integer",
                "minimum": 100,
                "maximum": 599,
                "description": str(_("The HTTP status code of this occurrence.")),
            },
            "detail": {
                "type": "string",
                "description": str(_("A human-readable explanation of this occurrence.")),
            },
            "instance": {
                "type": "string",
                "format": "uri-reference",
                "description": str(_("Identifies this occurrence: quote it to support.")),
            },
            "code": {
                "type": "string",
                "description": str(_("The problem type's stable machine-readable code.")),
            },
        },
        "required": ["type", "title", "status"],
        "xml": {"name": "problem", "namespace": NAMESPACE},
    }


def about_blank_schema() -> dict[str, Any]:
    """A problem with no catalogue type (``about:blank``, the reason phrase as title)."""
    return {
        "allOf": [
            schema_ref(BASE),
            {"type": "object", "properties": {"type": _constant("string", ABOUT_BLANK)}},
        ]
    }


def errors_schema() -> dict[str, Any]:
    """The ``errors`` member in the configured shape (``ERRORS_FORMAT``)."""
    if core_settings().ERRORS_FORMAT == "list":
        return {
            "type": "array",
            "description": str(_("One entry per error, with a JSON Pointer to its place.")),
            "items": {
                "type": "object",
                "required": ["detail", "pointer"],
                "properties": {
                    "detail": {"type": "string"},
                    "pointer": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        }
    return _string_lists(_("Map of field path to the messages about it."))


def _string_lists(description: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "description": str(description),
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    }


def _extension_schema(name: str, text: Any, example: Any) -> dict[str, Any] | None:
    """The schema of one extension member; ``None`` when it is not carried in this format."""
    if name == "errors":
        return {**errors_schema(), "description": str(text)}
    if name == "codes":
        if core_settings().ERRORS_FORMAT == "list":
            return None  # the list shape carries each code in its entry
        return _string_lists(text)
    schema: dict[str, Any] = {"description": str(text)}
    if isinstance(example, bool):
        schema["type"] = "boolean"
    elif isinstance(example, int):
        schema["type"] = "integer"
    elif isinstance(example, float):
        schema["type"] = "number"
    elif isinstance(example, str):
        schema["type"] = "string"
    elif isinstance(example, list):
        kinds = {type(item) for item in example}
        schema["type"] = "array"
        schema["items"] = {"type": "string"} if kinds == {str} else {}
    elif isinstance(example, Mapping):
        schema["type"] = "object"
    return schema


def type_schema(problem_type: ProblemType) -> dict[str, Any]:
    """The schema of one catalogue type: constants, typed extensions, docs link, example."""
    catalogue = get_catalogue()
    uri = catalogue.type_uri(problem_type.slug)
    properties: dict[str, Any] = {
        "type": _constant("string", uri, format="uri-reference"),
        "title": {"type": "string", "example": str(problem_type.title)},
        "status": _constant("integer", problem_type.status),
        "code": _constant("string", problem_type.code),
    }
    required = ["type", "title", "status", "detail", "instance", "code"]
    for name, text in problem_type.extensions.items():
        member = _extension_schema(name, text, problem_type.example.get(name))
        if member is not None:
            properties[name] = member
    return {
        "allOf": [
            schema_ref(BASE),
            {
                "type": "object",
                "description": str(problem_type.description),
                "properties": properties,
                "required": required,
            },
        ],
        "externalDocs": {"url": uri, "description": str(problem_type.title)},
    }


def example(problem_type: ProblemType) -> dict[str, Any]:
    """The catalogue's example body of a type, in the configured ``errors`` shape."""
    return get_catalogue().example_body(problem_type)


def response_headers(status: int, types: Iterable[ProblemType]) -> dict[str, Any]:
    """Headers every problem of ``types`` at ``status`` carries, documented as required."""
    types = list(types)
    names = {REQUIRED_HEADERS[status]} if status in REQUIRED_HEADERS else set()
    if types:
        names |= set.intersection(*(set(t.headers) for t in types))
    headers: dict[str, Any] = {
        name: {
            "required": True,
            "description": str(HEADER_DOCS.get(name, name)),
            "schema": {"type": "string"},
        }
        for name in sorted(names)
    }
    return headers


def response(status: int, slugs: Iterable[str], *, about_blank: bool, xml: bool) -> dict[str, Any]:
    """One response object: the types as ``oneOf``, a named example per type, headers.

    The schemas and examples it refers to are components named by :func:`schema_name` and
    :func:`example_name`. ``xml`` adds ``application/problem+xml`` (``PROBLEMS["OPENAPI"]["XML"]``).
    """
    catalogue = get_catalogue()
    types = [catalogue.get(slug) for slug in sorted(set(slugs))]
    refs = [schema_ref(schema_name(t.slug)) for t in types]
    if about_blank:
        refs.append(schema_ref(ABOUT_BLANK_NAME))
    schema: dict[str, Any] = {**refs[0]} if len(refs) == 1 else {"oneOf": refs}
    examples = {t.slug: {"$ref": EXAMPLE_REF + example_name(t.slug)} for t in types}
    content: dict[str, Any] = {JSON_MEDIA_TYPE: {"schema": schema, "examples": examples}}
    if xml:
        content[XML_MEDIA_TYPE] = {"schema": schema}
    titles = ", ".join(str(t.title) for t in types) or reason_phrase(status)
    result: dict[str, Any] = {"description": titles, "content": content}
    headers = response_headers(status, types)
    if headers:
        result["headers"] = headers
    return result
