"""System checks of the OpenAPI integration.

Ids ``django_problems.E150``-``E169`` and ``W150``-``W169``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils.module_loading import import_string

from django_problems.catalogue import get_catalogue
from django_problems.conf import problems_settings
from django_problems.openapi.settings import DEFAULTS, KINDS
from django_problems.openapi.versions import is_api_versioning

SCHEMA_CLASS = "django_problems.openapi.AutoSchema"
GENERATOR_CLASS = "django_problems.openapi.SchemaGenerator"
HINT = "See docs/openapi.md."


@register(Tags.compatibility)
def check_openapi_settings(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E150-E152: ``PROBLEMS["OPENAPI"]`` has the documented keys, types and slugs."""
    raw = problems_settings.section("OPENAPI")
    messages: list[CheckMessage] = []
    for key, value in raw.items():
        if key not in DEFAULTS:
            messages.append(
                Error(
                    f"PROBLEMS['OPENAPI'] has an unknown key {key!r}.",
                    hint=f"Known keys: {', '.join(sorted(DEFAULTS))}. {HINT}",
                    id="django_problems.E150",
                )
            )
        elif not isinstance(value, KINDS[key][0]):
            messages.append(
                Error(
                    f"PROBLEMS['OPENAPI'][{key!r}] must be {KINDS[key][1]}.",
                    hint=HINT,
                    id="django_problems.E151",
                )
            )
    always = raw.get("ALWAYS", ())
    if isinstance(always, list | tuple):
        catalogue = get_catalogue()
        for slug in always:
            if not isinstance(slug, str) or slug not in catalogue:
                messages.append(
                    Error(
                        f"PROBLEMS['OPENAPI']['ALWAYS'] names {slug!r}, which is not a "
                        "problem type.",
                        hint="Use slugs of the catalogue (see the docs page) or add the type "
                        "to PROBLEMS['TYPES'].",
                        id="django_problems.E152",
                    )
                )
    return messages


@register(Tags.compatibility)
def check_openapi_classes(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """W150-W151: the schema and generator classes that document problems are in use."""
    if "drf_spectacular" not in settings.INSTALLED_APPS:
        return []
    messages: list[CheckMessage] = []
    rest_framework = getattr(settings, "REST_FRAMEWORK", {})
    rest_framework = rest_framework if isinstance(rest_framework, Mapping) else {}
    schema_class = rest_framework.get("DEFAULT_SCHEMA_CLASS")
    if not _is_subclass(schema_class, SCHEMA_CLASS):
        messages.append(
            Warning(
                "The OpenAPI schema does not document problem responses.",
                hint=f"Set REST_FRAMEWORK['DEFAULT_SCHEMA_CLASS'] = {SCHEMA_CLASS!r}.",
                id="django_problems.W150",
            )
        )
    versioning = rest_framework.get("DEFAULT_VERSIONING_CLASS")
    if isinstance(versioning, str):
        try:
            versioning = import_string(versioning)
        except ImportError:
            versioning = None
    spectacular = getattr(settings, "SPECTACULAR_SETTINGS", {})
    generator = (
        spectacular.get("DEFAULT_GENERATOR_CLASS") if isinstance(spectacular, Mapping) else None
    )
    if is_api_versioning(versioning) and not _is_subclass(generator, GENERATOR_CLASS):
        messages.append(
            Warning(
                "drf-spectacular's generator does not understand ApiVersioning: "
                "`manage.py spectacular` warns on every view and documents no api-version.",
                hint=f"Set SPECTACULAR_SETTINGS['DEFAULT_GENERATOR_CLASS'] = {GENERATOR_CLASS!r}.",
                id="django_problems.W151",
            )
        )
    return messages


def _is_subclass(value: Any, dotted: str) -> bool:
    try:
        expected = import_string(dotted)
        actual = import_string(value) if isinstance(value, str) else value
    except ImportError:
        return False
    return isinstance(actual, type) and issubclass(actual, expected)
