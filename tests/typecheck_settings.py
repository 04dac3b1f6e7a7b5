"""Settings for mypy's Django plugin only (``[tool.django-stubs]`` in pyproject.toml).

The library suite's settings plus the example project's app, so that one mypy run knows the
models of both the test app (tests/library/app) and the example (example_project/workers); the
plugin takes a single settings module. Nothing runs on these settings.
"""

from __future__ import annotations

from tests.library.settings import *  # noqa: F403
from tests.library.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "example_project.workers"]
