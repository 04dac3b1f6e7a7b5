"""Schema, Swagger UI and Redoc views that serve one schema per API version.

They are never versioned themselves (``?version=`` picks the schema's version, ``api-version`` is
not needed) and use :class:`~django_problems.openapi.SchemaGenerator`. An unsupported
``?version=`` is a ``not-found`` problem.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.versioning import BaseVersioning

from django_problems.openapi.generator import SchemaGenerator


def _checked_version(request: Request) -> str | None:
    version = request.query_params.get("version")
    if version is None:
        return None
    from django_problems.versioning.policy import get_version_policy

    if version not in get_version_policy().supported:
        raise Http404(_("There is no schema for version %(version)s.") % {"version": version})
    return version


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema (YAML or JSON by ``Accept`` / ``?format=``) of ``?version=``."""

    generator_class = SchemaGenerator
    versioning_class = None

    def _get_version_parameter(self, request: Request) -> str | None:
        return _checked_version(request)


class _VersionCheckedPage:
    """A docs page for the schema of ``?version=``: an unknown version is a not-found problem."""

    versioning_class: type[BaseVersioning] | None = None
    url_name = "django_problems_openapi:schema"

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _checked_version(request)
        response: Response = super().get(request, *args, **kwargs)  # type: ignore[misc]
        return response


class SwaggerView(_VersionCheckedPage, SpectacularSwaggerView):
    """Swagger UI for the schema of ``?version=``."""


class RedocView(_VersionCheckedPage, SpectacularRedocView):
    """Redoc for the schema of ``?version=``."""
