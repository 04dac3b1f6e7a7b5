"""The versioning feature as a Django app: its problem type and its checks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from django_problems.versioning.types import VERSIONING_TYPES


class VersioningConfig(AppConfig):
    """``django_problems.versioning``."""

    name = "django_problems.versioning"
    label = "django_problems_versioning"
    verbose_name = _("API versioning")
    problem_types = VERSIONING_TYPES

    def ready(self) -> None:
        from django_problems.versioning import checks  # noqa: F401  (registers the checks)
