"""Settings for mypy's Django plugin only (``[tool.django-stubs]`` in pyproject.toml).

The library suite's settings plus the example project's app, the adopter suite's shop (with
the third-party apps it uses) and the docs samples' app, so that one mypy run knows the models of
the test app (tests/library/app), the example (example_project/workers), the shop
(tests/adopter/shop) and the docs samples (tests/docs/app); the plugin takes a single settings
module. Nothing runs on these settings.
"""

from __future__ import annotations

from tests.library.settings import *  # noqa: F403
from tests.library.settings import INSTALLED_APPS

INSTALLED_APPS = [
    *INSTALLED_APPS,
    "example_project.workers",
    "rest_framework.authtoken",
    "rest_framework_simplejwt",
    "django_filters",
    "corsheaders",
    "tests.adopter.shop",
    "tests.docs.app",
]
