"""The OpenAPI integration as a Django app: its checks (drf-spectacular's extensions load with
the package)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenApiConfig(AppConfig):
    """``django_problems.openapi``."""

    name = "django_problems.openapi"
    label = "django_problems_openapi"
    verbose_name = _("OpenAPI documentation of problems")

    def ready(self) -> None:
        from django_problems.openapi import checks  # noqa: F401  (registers the checks)
