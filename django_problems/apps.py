"""The core app: problem handling, the catalogue's core types and the core's checks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from django_problems.builtin_types import CORE_TYPES, SIMPLEJWT_TYPES


class ProblemsConfig(AppConfig):
    """``django_problems``: no models; its checks and problem types."""

    name = "django_problems"
    verbose_name = _("Problem details")
    problem_types = (*CORE_TYPES, *SIMPLEJWT_TYPES)

    def ready(self) -> None:
        from django.core.signals import got_request_exception

        from django_problems import checks  # noqa: F401  (registers the checks)
        from django_problems.classify import remember_uncaught

        got_request_exception.connect(
            remember_uncaught, dispatch_uid="django_problems.remember_uncaught"
        )
