"""Django app configuration: registers the system checks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProblemsConfig(AppConfig):
    """The ``django_problems`` app."""

    name = "django_problems"
    verbose_name = _("Problem details")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django_problems import (
            auth_checks,  # noqa: F401  (registers the API-key and signature checks)
            catalogue,
            checks,  # noqa: F401  (registers the checks)
            ops_checks,  # noqa: F401  (registers the maintenance and HTTPS checks)
            version_checks,  # noqa: F401  (registers the versioning checks)
        )
        from django_problems.openapi import checks as openapi_checks  # noqa: F401

        catalogue.connect_signals()
