"""The example API's app: workers, their availability and the offers sent to them."""

from django.apps import AppConfig


class WorkersConfig(AppConfig):
    """Workers, availability, offers."""

    name = "example_project.workers"
    label = "workers"
    default_auto_field = "django.db.models.BigAutoField"
