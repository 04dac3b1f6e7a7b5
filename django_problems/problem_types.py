"""What a problem type is, and the rules every type follows (no settings here).

A :class:`ProblemType` is one kind of problem: what a client sees (title, status, code) and what
the docs page says about it. Types come from the core (:mod:`django_problems.builtin_types`),
from each installed feature app (its ``AppConfig.problem_types``) and from the project's
``PROBLEMS["TYPES"]``; :mod:`django_problems.catalogue` merges them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from django.apps import apps
from django.utils.functional import Promise

SLUG_RE: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EXTENSION_NAME_RE: Final = re.compile(r"^[A-Za-z][A-Za-z0-9_]{2,}$")
STANDARD_MEMBERS: Final = frozenset({"type", "title", "status", "detail", "instance"})

DEFAULT_RETRY_AFTER: Final = 30
"""Seconds in ``Retry-After`` when nothing more precise is known (429 and 503)."""

REQUIRED_HEADERS: Final[Mapping[int, str]] = {
    401: "WWW-Authenticate",
    405: "Allow",
    415: "Accept",
    429: "Retry-After",
    503: "Retry-After",
}
"""The header every problem of a status carries (RFC 9110); the writer fills in a missing one."""

Text = str | Promise


@dataclass(frozen=True)
class ProblemType:
    """One kind of problem: what a client sees and what the docs page says about it."""

    slug: str
    """Lower-case words joined by ``-``: the fragment of the type URI."""
    title: Text
    """The same for every occurrence of the type (per language)."""
    status: int
    """The HTTP status of the type's problems (4xx or 5xx)."""
    code: str
    """The stable machine-readable code clients switch on (``E_API_NOT_FOUND``)."""
    category: str
    """The group the docs page lists the type under (``authentication``, ``validation``...)."""
    description: Text
    """When the type happens, for the docs page."""
    fix: Text
    """What a client should do about it, for the docs page."""
    default_detail: Text
    """The ``detail`` of an occurrence that gives none."""
    headers: Mapping[str, str] = field(default_factory=dict)
    """Headers every response of this type carries; an empty value is filled per response."""
    extensions: Mapping[str, Text] = field(default_factory=dict)
    """Extension members this type may carry, with what each means."""
    example: Mapping[str, Any] = field(default_factory=dict)
    """Extension members of the documented example body."""
    member_schemas: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """JSON Schema of extension members, for the OpenAPI schema (a member without one is typed
    after its example value)."""

    def __post_init__(self) -> None:
        if not SLUG_RE.fullmatch(self.slug):
            raise ValueError(
                f"problem type slug {self.slug!r} must be lower-case words joined by -"
            )
        if not 400 <= self.status <= 599:
            raise ValueError(f"problem type {self.slug!r}: status {self.status} is not 4xx/5xx")
        for name in self.extensions:
            if name in STANDARD_MEMBERS or not EXTENSION_NAME_RE.fullmatch(name):
                raise ValueError(f"problem type {self.slug!r}: bad extension name {name!r}")
        for name, schema in self.member_schemas.items():
            if name not in self.extensions:
                raise ValueError(
                    f"problem type {self.slug!r}: member_schemas names {name!r}, which is not "
                    "one of its extensions"
                )
            if not isinstance(schema, Mapping):
                raise TypeError(f"problem type {self.slug!r}: the schema of {name!r} is not a dict")


@dataclass(frozen=True)
class Member:
    """A member an app adds to another app's type (``AppConfig.problem_type_extensions``): what
    it means and, optionally, its JSON Schema."""

    doc: Text
    """What the member means (the docs page and the schema's description)."""
    schema: Mapping[str, Any] = field(default_factory=dict)
    """Its JSON Schema in the OpenAPI document (empty: typed after an example)."""


OVERRIDABLE_FIELDS: Final = frozenset(
    f.name for f in dataclasses.fields(ProblemType) if f.name != "slug"
)
REQUIRED_NEW_FIELDS: Final = frozenset({"title", "status"})
TEXT_FIELDS: Final = ("title", "code", "category", "description", "fix", "default_detail")
MAPPING_FIELDS: Final = ("headers", "extensions", "example", "member_schemas")


def build_type(slug: str, spec: Mapping[str, Any], base: ProblemType | None) -> ProblemType:
    """Apply ``spec`` (a ``PROBLEMS["TYPES"]`` entry) to ``base``, or make a new type from it.

    Raises ``ValueError`` or ``TypeError`` saying what is wrong with the entry.
    """
    unknown = set(spec) - OVERRIDABLE_FIELDS
    if unknown:
        raise ValueError(
            f"unknown field(s) {', '.join(sorted(unknown))} "
            f"(fields: {', '.join(sorted(OVERRIDABLE_FIELDS))})"
        )
    if base is None:
        missing = REQUIRED_NEW_FIELDS - set(spec)
        if missing:
            raise ValueError(f"a new type needs {', '.join(sorted(missing))}")
        title = spec["title"]
        defaults: dict[str, Any] = {
            "code": slug.upper().replace("-", "_"),
            "category": "misc",
            "description": title,
            "fix": "",
            "default_detail": title,
            "headers": {},
            "extensions": {},
            "example": {},
            "member_schemas": {},
        }
        fields = {**defaults, **spec}
    else:
        fields = {f: getattr(base, f) for f in OVERRIDABLE_FIELDS} | dict(spec)
    status = fields["status"]
    if isinstance(status, bool) or not isinstance(status, int):
        raise TypeError(f"status must be an integer, not {type(status).__name__}")
    for name in TEXT_FIELDS:
        if not isinstance(fields[name], str | Promise):
            raise TypeError(f"{name} must be a string")
    for name in MAPPING_FIELDS:
        if not isinstance(fields[name], Mapping):
            raise TypeError(f"{name} must be a mapping")
    return ProblemType(slug=slug, **fields)


def installed_types() -> dict[str, ProblemType]:
    """The types of every installed app that declares some (``AppConfig.problem_types``).

    The core app declares the built-in types; each feature app (``django_problems.api_keys``
    ...) declares its own, so a project lists only the types of the features it uses. An app may
    also document members it adds to another app's type (``AppConfig.problem_type_extensions``:
    ``{slug: {member: what it means, or a Member with its schema}}``).
    """
    found: dict[str, ProblemType] = {}
    configs = apps.get_app_configs()
    for config in configs:
        declared: Iterable[ProblemType] = getattr(config, "problem_types", ())
        for problem_type in declared:
            found.setdefault(problem_type.slug, problem_type)
    for config in configs:
        added: Mapping[str, Mapping[str, Text | Member]] = getattr(
            config, "problem_type_extensions", {}
        )
        for slug, members in added.items():
            if slug not in found:
                continue
            extensions = dict(found[slug].extensions)
            schemas = dict(found[slug].member_schemas)
            for name, member in members.items():
                if isinstance(member, Member):
                    extensions[name] = member.doc
                    if member.schema:
                        schemas[name] = member.schema
                else:
                    extensions[name] = member
            found[slug] = dataclasses.replace(
                found[slug], extensions=extensions, member_schemas=schemas
            )
    return found
