"""The library suite's test app: the few endpoints the library tests call."""

from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """``tests.library.app``."""

    name = "tests.library.app"
    label = "testapp"
    default_auto_field = "django.db.models.BigAutoField"
