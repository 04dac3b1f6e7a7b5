"""The problem components of the schema, built from the catalogue (no drf-spectacular here).

* ``Problem``: RFC 9457 Appendix A's schema plus ``code``: what every problem is (the ``default``
  response of every operation);
* one schema per catalogue type (``NotFoundProblem`` ...), complete on its own (no ``allOf``, which
  generators merge badly): ``code`` a single-value ``enum`` (stable across deployments), ``type`` a
  pattern ending in ``#<slug>`` (its base URL differs between deployments), ``status`` fixed by
  ``minimum`` = ``maximum``, the members a type always has required, its extensions typed;
  ``AboutBlankProblem`` for statuses no type covers (``code`` ``about:blank``);
* one schema per union of types that share a status (``Problem401``), with a discriminator on
  ``code``, so generated clients name it once and tell its members apart;
* one example per type (``NotFoundExample``): the catalogue's example body, stored once;
* one response per set of types an operation can answer with one status (``Problem404``,
  ``Problem403Forbidden``, ``Problem400-1a2b3c`` ...), which operations reference with ``$ref``.

Components depend on the catalogue and on how operations combine its types, never on the number
of operations, so the schema grows with the API's own serializers only.
"""

from __future__ import annotations

import hashlib
import re
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
MAX_NAMED_UNION: Final = 3
DEFAULT_RESPONSE: Final = "problem"
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


def response_name(
    status: int, slugs: Iterable[str], *, variant: Iterable[str] = (), digits: int = 6
) -> str:
    """Component name of the response for ``slugs`` at ``status`` (stable, order-independent).

    Every operation repeats it once per error status, so it is short (generated clients name
    their types after the schemas, not the responses): ``404`` when the set is every catalogue
    type at that status (the usual case), ``403-forbidden`` for one type, else ``400-`` and
    ``digits`` hex digits of a digest of the sorted slugs (and of the extra headers of a
    ``variant``, such as ``Accept-Signature``).
    """
    ordered = sorted(set(slugs))
    extra = sorted(variant)
    if ordered == slugs_at_status(status) and not extra:
        return f"{status}"
    if len(ordered) == 1 and not extra:
        return f"{status}-{ordered[0]}"
    digest = hashlib.sha1(" ".join([*ordered, "|", *extra]).encode()).hexdigest()[:digits]
    return f"{status}-{digest}"


def union_name(status: int, slugs: Iterable[str], response: str) -> str:
    """Schema component name of the union of ``slugs`` at ``status`` (an identifier: generated
    clients name the union type after it): ``Problem401ExpiredAccountOrUnauthorised`` for up to
    three types, else the response's name made an identifier (``Problem400Union1a2b3c``)."""
    ordered = sorted(set(slugs))
    if ordered == slugs_at_status(status):
        return f"{BASE}{status}"
    if len(ordered) <= MAX_NAMED_UNION:
        return f"{BASE}{status}" + "Or".join(camel(slug) for slug in ordered)
    return f"{BASE}{response.replace('-', 'Union')}"


def slugs_at_status(status: int) -> list[str]:
    """The sorted slugs of every catalogue type whose status is ``status``."""
    return sorted(t.slug for t in get_catalogue() if t.status == status)


def base_schema() -> dict[str, Any]:
    """RFC 9457 Appendix A, plus the ``code`` member every problem carries."""
    return {
        "type": "object",
        "description": str(_("An RFC 9457 problem details object.")),
        "properties": {
            "type": {
                "type": "string",
                "format": "uri-reference",
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
            "exception_code": _exception_code_member(),
            **_trace_member(),
        },
        "required": ["type", "title", "status", "instance", "code"],
        "xml": {"name": "problem", "namespace": NAMESPACE},
    }


def _exception_code_member() -> dict[str, Any]:
    """``exception_code``: an exception's own code when it has no type of its own."""
    return {
        "type": "string",
        "description": str(
            _(
                "The code of the exception behind the problem, when it differs from DRF's "
                "default for its class and names no problem type (e.g. user_inactive)."
            )
        ),
    }


def _trace_member() -> dict[str, Any]:
    """``trace_id``, when problems carry it (``PROBLEMS["TRACE_ID"]``)."""
    if not core_settings().TRACE_ID:
        return {}
    return {
        "trace_id": {
            "type": "string",
            "pattern": "^[0-9a-f]{32}$",
            "description": str(
                _(
                    "The W3C trace id of the request's trace (OpenTelemetry's active span, or "
                    "the traceparent header), when there is one."
                )
            ),
        }
    }


def _members(type_property: dict[str, Any], status: dict[str, Any], code: str) -> dict[str, Any]:
    """The standard members and ``code`` of one kind of problem."""
    base = base_schema()["properties"]
    return {
        "type": {**base["type"], **type_property},
        "title": base["title"],
        "status": {**base["status"], **status},
        "detail": base["detail"],
        "instance": base["instance"],
        # No description beside the enum: drf-spectacular's enum hook then makes it a plain $ref
        # to an enum component (not an allOf wrapper), which every generator reads.
        "code": {"type": "string", "enum": [code]},
        "exception_code": base["exception_code"],
        **({"trace_id": base["trace_id"]} if "trace_id" in base else {}),
    }


def about_blank_schema() -> dict[str, Any]:
    """A problem with no catalogue type: ``about:blank``, the reason phrase as title."""
    type_property = {"pattern": f"^{re.escape(ABOUT_BLANK)}$", "example": ABOUT_BLANK}
    return {
        "type": "object",
        "description": str(_("A problem of a status no problem type describes.")),
        "properties": _members(type_property, {}, ABOUT_BLANK),
        "required": ["type", "title", "status", "instance", "code"],
        "xml": {"name": "problem", "namespace": NAMESPACE},
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
    if name == "errors_omitted":
        return {"type": "integer", "minimum": 1, "description": str(text)}
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
    """The schema of one catalogue type: complete, with its constants, extensions and docs."""
    uri = get_catalogue().type_uri(problem_type.slug)
    type_property = {"pattern": f"#{re.escape(problem_type.slug)}$", "example": uri}
    status = {"minimum": problem_type.status, "maximum": problem_type.status}
    properties = _members(type_property, status, problem_type.code)
    properties["title"] = {**properties["title"], "example": str(problem_type.title)}
    for name, text in problem_type.extensions.items():
        declared = problem_type.member_schemas.get(name)
        if declared is not None:
            # An enum stays bare, as code does: with a description beside it drf-spectacular's
            # enum hook wraps its $ref in allOf, which openapi-python-client types as Any.
            described = {} if "enum" in declared else {"description": str(text)}
            properties[name] = {**declared, **described}
            continue
        member = _extension_schema(name, text, problem_type.example.get(name))
        if member is not None:
            properties[name] = member
    return {
        "type": "object",
        "description": str(problem_type.description),
        "properties": properties,
        "required": ["type", "title", "status", "detail", "instance", "code"],
        "xml": {"name": "problem", "namespace": NAMESPACE},
        "externalDocs": {"url": uri, "description": str(problem_type.title)},
    }


def union_schema(slugs: Iterable[str], *, about_blank: bool) -> dict[str, Any]:
    """The union of several types' schemas, discriminated by ``code``."""
    catalogue = get_catalogue()
    mapping = {catalogue.get(s).code: SCHEMA_REF + schema_name(s) for s in sorted(set(slugs))}
    if about_blank:
        mapping[ABOUT_BLANK] = SCHEMA_REF + ABOUT_BLANK_NAME
    return {
        "oneOf": [{"$ref": ref} for ref in mapping.values()],
        "discriminator": {"propertyName": "code", "mapping": mapping},
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


def response(
    status: int,
    slugs: Iterable[str],
    *,
    about_blank: bool,
    xml: bool,
    schema_name_: str | None = None,
    headers: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One response object: the type (or the union ``schema_name_``), an example per type, the
    headers every problem at ``status`` carries and the optional ``headers`` given.

    ``xml`` adds ``application/problem+xml`` (``PROBLEMS["OPENAPI"]["XML"]``).
    """
    catalogue = get_catalogue()
    types = [catalogue.get(slug) for slug in sorted(set(slugs))]
    if schema_name_ is not None:
        schema = schema_ref(schema_name_)
    elif types:
        schema = schema_ref(schema_name(types[0].slug))
    else:
        schema = schema_ref(ABOUT_BLANK_NAME)
    examples = {t.slug: {"$ref": EXAMPLE_REF + example_name(t.slug)} for t in types}
    json_content: dict[str, Any] = {"schema": schema}
    if examples:
        json_content["examples"] = examples
    content: dict[str, Any] = {JSON_MEDIA_TYPE: json_content}
    if xml:
        content[XML_MEDIA_TYPE] = {"schema": schema}
    titles = ", ".join(str(t.title) for t in types) or reason_phrase(status)
    result: dict[str, Any] = {"description": titles, "content": content}
    documented = {**response_headers(status, types), **(headers or {})}
    if documented:
        result["headers"] = documented
    return result


def default_response(*, xml: bool, headers: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The ``default`` response of every operation: any problem, of any status."""
    content: dict[str, Any] = {JSON_MEDIA_TYPE: {"schema": schema_ref(BASE)}}
    if xml:
        content[XML_MEDIA_TYPE] = {"schema": schema_ref(BASE)}
    result: dict[str, Any] = {
        "description": str(_("Any other error, as an RFC 9457 problem.")),
        "content": content,
    }
    if headers:
        result["headers"] = dict(headers)
    return result


def optional_header(description: Any) -> dict[str, Any]:
    """A header some responses carry."""
    return {"required": False, "description": str(description), "schema": {"type": "string"}}


def optional_headers(described: Mapping[str, Any]) -> dict[str, Any]:
    """Header objects for ``{name: description}``."""
    return {name: optional_header(text) for name, text in sorted(described.items())}


DEPRECATION_HEADERS: Final[Mapping[str, Any]] = {
    "Deprecation": optional_header(
        _("When the requested version was deprecated (RFC 9745), as @<unix time>.")
    ),
    "Sunset": optional_header(_("When the requested version stops working (RFC 8594).")),
    "Link": optional_header(_('A page about the deprecation (rel="deprecation").')),
}
"""What a response to a deprecated API version carries."""
