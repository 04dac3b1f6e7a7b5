"""The OpenAPI integration's checks: its section and the schema classes in use."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils.module_loading import import_string

from django_problems.conf import check_id
from django_problems.openapi.settings import OPENAPI
from django_problems.openapi.versions import is_api_versioning

SCHEMA_CLASS = "django_problems.openapi.AutoSchema"
GENERATOR_CLASS = "django_problems.openapi.SchemaGenerator"
NO_SCHEMA_CLASS = check_id("W180", "DEFAULT_SCHEMA_CLASS does not document problems")
NO_GENERATOR_CLASS = check_id("W181", "the schema generator does not understand ApiVersioning")
UNKNOWN_DECLARED_SLUG = check_id(
    "E185", "an OpenApiProblemsExtension declares a slug that is no problem type"
)


@register(Tags.compatibility)
def check_openapi_settings(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E180-E184: ``PROBLEMS["OPENAPI"]``."""
    if not apps.is_installed("django_problems.openapi"):
        return []
    return OPENAPI.check()


@register(Tags.compatibility)
def check_openapi_classes(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """W180-W181: the schema and generator classes that document problems are in use."""
    if not apps.is_installed("django_problems.openapi"):
        return []
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
                id=NO_SCHEMA_CLASS,
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
                id=NO_GENERATOR_CLASS,
            )
        )
    return messages


@register(Tags.compatibility)
def check_declarations(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E185: every declaration of the project (:class:`OpenApiProblemsExtension` subclasses
    outside the package, whose target is installed) names problem types of the catalogue.
    The package's own declarations name the types of their features, which a project lists
    only when it installs them."""
    from django_problems.settings import CORE

    if not apps.is_installed("django_problems.openapi") or OPENAPI.findings() or CORE.findings():
        return []  # the settings' own checks report those first
    from django_problems.catalogue import get_catalogue
    from django_problems.openapi.declarations import OpenApiProblemsExtension

    catalogue = get_catalogue()
    messages: list[CheckMessage] = []
    for declaration in OpenApiProblemsExtension._registry:
        ours = declaration.__module__.startswith("django_problems.")
        if ours or not _target_installed(declaration):
            continue
        for slug in declaration.slugs:
            if slug not in catalogue:
                messages.append(
                    Error(
                        f"{declaration.__module__}.{declaration.__qualname__} declares "
                        f"{slug!r}, which is not a problem type of this project: the schema "
                        "would leave it out.",
                        hint="Use a slug of the docs page (or add the type to PROBLEMS['TYPES']).",
                        id=UNKNOWN_DECLARED_SLUG,
                    )
                )
    return messages


def _target_installed(declaration: Any) -> bool:
    target = declaration.target_class
    if not isinstance(target, str):
        return target is not None
    try:
        import_string(target)
    except ImportError:
        return False
    return True


def _is_subclass(value: Any, dotted: str) -> bool:
    try:
        expected = import_string(dotted)
        actual = import_string(value) if isinstance(value, str) else value
    except ImportError:
        return False
    return isinstance(actual, type) and issubclass(actual, expected)
