"""The API-key feature as a Django app: its model, admin, commands, problem types and checks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from django_problems.api_keys.types import API_KEY_TYPES


class ApiKeysConfig(AppConfig):
    """``django_problems.api_keys``."""

    name = "django_problems.api_keys"
    label = "django_problems_api_keys"
    verbose_name = _("API keys")
    default_auto_field = "django.db.models.BigAutoField"
    problem_types = API_KEY_TYPES

    def ready(self) -> None:
        from django_problems.api_keys import checks, reports  # noqa: F401  (register the checks)
