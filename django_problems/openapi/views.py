"""Schema, Swagger UI and Redoc views that serve one schema per API version.

They are never versioned themselves (``?version=`` picks the schema's version, ``api-version`` is
not needed) and use :class:`~django_problems.openapi.SchemaGenerator`. An unsupported
``?version=`` is a ``not-found`` problem, and so is a ``?lang=`` that is not a code of
``settings.LANGUAGES``: drf-spectacular activates whatever ``lang`` says, and Django would look
for a translation file at that path and keep one translation per distinct value for good.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
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


def _check_language(request: Request) -> None:
    """Refuse a ``?lang=`` (each one, if given more than once) outside ``settings.LANGUAGES``,
    before drf-spectacular activates it or passes it on to the schema's URL."""
    accepted = [code for code, _name in settings.LANGUAGES]
    given = [lang for lang in request.query_params.getlist("lang") if lang]  # "": no language
    if any(lang not in accepted for lang in given):
        raise Http404(_("lang must be one of: %(codes)s.") % {"codes": ", ".join(accepted)})


class _LanguageChecked:
    """Checks ``?lang=`` before any handler runs (a refusal is DRF's ``Http404``: a problem)."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        _check_language(request)


class SchemaView(_LanguageChecked, SpectacularAPIView):
    """The OpenAPI schema (YAML or JSON by ``Accept`` / ``?format=``) of ``?version=``, in the
    language of ``?lang=``."""

    generator_class = SchemaGenerator
    versioning_class = None

    def _get_version_parameter(self, request: Request) -> str | None:
        return _checked_version(request)


class _VersionCheckedPage(_LanguageChecked):
    """A docs page for the schema of ``?version=`` and ``?lang=``: an unknown version or
    language is a not-found problem."""

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
