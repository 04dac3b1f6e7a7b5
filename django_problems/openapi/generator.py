"""``SchemaGenerator``: drf-spectacular's, aware of ``ApiVersioning`` and the problem docs page.

``SPECTACULAR_SETTINGS["DEFAULT_GENERATOR_CLASS"] = "django_problems.openapi.SchemaGenerator"``
(the schema views of :mod:`django_problems.openapi.urls` use it already). drf-spectacular only
understands path, namespace and header versioning; this generator documents views versioned by
the ``api-version`` query parameter for the requested version (one schema per version), marks a
deprecated version, and links the API description to the problem-type docs page.
"""

from __future__ import annotations

from typing import Any, Final

from django.apps import apps
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator as SpectacularSchemaGenerator
from drf_spectacular.settings import spectacular_settings

from django_problems.catalogue import get_catalogue
from django_problems.openapi.versions import (
    VERSION_ATTRIBUTE,
    VERSIONING_ATTRIBUTE,
    is_api_versioning,
)


class SchemaGenerator(SpectacularSchemaGenerator):
    """Generates the schema of one API version (``api_version``) or of all of them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # A typed constructor: drf-spectacular's is untyped, which strict callers cannot call.
        super().__init__(*args, **kwargs)

    def create_view(self, callback: Any, method: str, request: Any = None) -> Any:
        view = super().create_view(callback, method, request)
        if is_api_versioning(getattr(view, "versioning_class", None)):
            # Hidden from drf-spectacular, which would warn and ignore it; our AutoSchema
            # documents the parameter and its problem instead.
            setattr(view, VERSIONING_ATTRIBUTE, view.versioning_class)
            view.versioning_class = None
            setattr(view, VERSION_ATTRIBUTE, self.api_version)
        return view

    def get_schema(self, request: Any = None, public: bool = False) -> dict[str, Any]:
        schema: dict[str, Any] = super().get_schema(request, public)
        docs = get_catalogue().base_url
        info = schema.setdefault("info", {})
        notes = [
            _(
                "Every error is an RFC 9457 problem (application/problem+json); its type URI "
                "points at the problem-type documentation: %(url)s"
            )
            % {"url": docs}
        ]
        versioned = apps.is_installed("django_problems.versioning")
        if versioned:
            notes.extend(self._version_notes())
            share_version_parameter(schema)
        info["description"] = "\n\n".join([info.get("description") or "", *notes]).strip()
        # The API's version alone: drf-spectacular writes "1.1 (1.1)" for a versioned schema.
        info["version"] = self.api_version or spectacular_settings.VERSION or ""
        schema.setdefault("externalDocs", {"url": docs, "description": _("Problem types")})
        return schema

    def _version_notes(self) -> list[str]:
        from django_problems.versioning.policy import get_version_policy

        policy = get_version_policy()
        listed = ", ".join(
            f"{v} ({_('deprecated')})" if v in policy.deprecated else v for v in policy.supported
        )
        notes = [_("Supported versions: %(versions)s.") % {"versions": listed}]
        policy_of = policy.deprecated.get(self.api_version or "")
        if self.api_version in policy.deprecated:
            sunset = policy_of.sunset if policy_of is not None else None
            text = _("Version %(version)s is deprecated.") % {"version": self.api_version}
            if sunset is not None:
                text += " " + _("It stops working on %(date)s.") % {"date": sunset.date()}
            notes.append(text)
        return notes


VERSION_PARAMETER: Final = "ApiVersion"


def share_version_parameter(schema: dict[str, Any]) -> None:
    """Every operation's ``api-version`` query parameter, as one parameter component.

    The parameter is the same on every versioned operation of a schema; written once (its values
    a schema component of the same name), generated clients make one type of it instead of one
    per operation.
    """
    from django_problems.versioning.policy import get_version_policy

    param = get_version_policy().param
    shared: dict[str, Any] | None = None
    ref = {"$ref": f"#/components/parameters/{VERSION_PARAMETER}"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            parameters: list[Any] = (
                operation.get("parameters") or [] if isinstance(operation, dict) else []
            )
            for index, parameter in enumerate(parameters):
                if parameter.get("in") == "query" and parameter.get("name") == param:
                    shared = shared or parameter
                    parameters[index] = ref
    if shared is not None:
        components: dict[str, Any] = schema.setdefault("components", {})
        value = shared.get("schema")
        if isinstance(value, dict) and "enum" in value:
            # Its values as a schema component too: openapi-python-client makes one enum of a
            # parameter component's inline schema per operation, and one of a $ref.
            components.setdefault("schemas", {})[VERSION_PARAMETER] = value
            shared = {**shared, "schema": {"$ref": f"#/components/schemas/{VERSION_PARAMETER}"}}
        components.setdefault("parameters", {})[VERSION_PARAMETER] = shared
