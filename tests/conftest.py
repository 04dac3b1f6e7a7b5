"""Fixtures of every suite, whatever the settings: no language or cache state leaks between tests.

The suites run with their own settings, one pytest process each (see README.md, Development):
``tests/library`` with ``tests.library.settings``, ``tests/example`` with
``tests.example.settings``, ``tests/adopter`` with ``tests.adopter.settings``. Their
``conftest.py`` files hold the fixtures that depend on them.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

# The generated-client checks' plugin (``pytest_plugins`` of their test modules, which also import
# from it first): its assertions rewritten as a test module's are.
pytest.register_assert_rewrite("tests.generators.clients")


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """A request's language (LocaleMiddleware leaves it active) never leaks into the next test."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_caches() -> Any:
    """Throttle counters, nonces and the maintenance flag (and what a process remembers of it)
    never leak from one test to the next."""
    from django_problems.maintenance.switch import forget

    forget()
    yield
    for cache in caches.all(initialized_only=True):
        cache.clear()
    forget()
