"""The maintenance feature as a Django app: its command and its checks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    """``django_problems.maintenance`` (with ``MaintenanceMiddleware`` in ``MIDDLEWARE``)."""

    name = "django_problems.maintenance"
    label = "django_problems_maintenance"
    verbose_name = _("Maintenance switch")

    def ready(self) -> None:
        from django_problems.maintenance import checks  # noqa: F401  (registers the checks)
