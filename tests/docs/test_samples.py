"""Every Python sample of the documentation runs (tests/docs/samples.py finds them).

Run as ``pytest tests/docs --ds=tests.docs.settings`` (``make docs-samples``, part of
``make lint``). Each block runs on its own, in a fresh namespace, in a project configured as the
quickstart says (tests/docs/settings.py, with the orders and workers the samples request). A block
may use ``client``, a DRF ``APIClient``, as a test would. Then:

- every ``test_*`` function the block defines is called (its ``api`` or ``client`` argument is an
  ``APIClient``, its ``settings`` argument pytest-django's fixture);
- the Django settings it assigns are checked: every dotted path of the package or of Django,
  DRF and the packages the integrations name must import, every ``INSTALLED_APPS`` entry must be
  an importable app, and django_problems' system checks, run with the block's settings, must
  report no error (an unknown key, a value of the wrong shape, an override of no type...);
  ``PROBLEMS`` and ``REST_FRAMEWORK`` are merged over the project's, as parts of them, and an
  entry elided as ``{...}`` (``"default": {...}`` in ``CACHES``) is the project's.

Blocks marked as fragments are skipped with their reason, so the summary counts them.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core import checks
from django.test import override_settings
from django.utils.module_loading import import_string
from rest_framework.test import APIClient

from tests.docs.samples import Sample, all_samples

SAMPLES = all_samples()

# Dotted paths of these packages must import; others (the reader's `shop.problems`, a logging
# class) are the reader's business.
CHECKED_PACKAGES = (
    "django_problems",
    "django",
    "rest_framework",
    "rest_framework_simplejwt",
    "drf_spectacular",
    "django_filters",
    "corsheaders",
)
DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")
# Settings a block may assign that override_settings must not change for the whole process.
NOT_OVERRIDDEN = {"INSTALLED_APPS"}
# A block's dict is a part of the project's: its keys go over the docs project's (whose
# versioning section has the SUPPORTED versions the installed versioning app requires).
MERGED = ("PROBLEMS", "REST_FRAMEWORK")


@pytest.fixture(autouse=True)
def _pepper(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment variable the API-key samples read."""
    monkeypatch.setenv("API_KEY_PEPPER", "docs-samples-pepper-" + "x" * 40)


@pytest.mark.django_db
@pytest.mark.parametrize("sample", SAMPLES, ids=[sample.id for sample in SAMPLES])
def test_sample_runs(sample: Sample, request: pytest.FixtureRequest) -> None:
    if sample.fragment:
        pytest.skip(f"fragment: {sample.fragment}")
    namespace: dict[str, Any] = {"__name__": "docs_sample", "client": APIClient()}
    exec(compile(sample.code, sample.id, "exec"), namespace)
    for name, value in list(namespace.items()):
        if name.startswith("test_") and inspect.isfunction(value):
            parameters = inspect.signature(value).parameters
            value(**{parameter: fixture(parameter, request) for parameter in parameters})
    check_settings(namespace)


def fixture(name: str, request: pytest.FixtureRequest) -> Any:
    """What a sample's test function asks for: ``api`` or ``client`` (an ``APIClient``), or
    pytest-django's ``settings``."""
    if name in ("api", "client"):
        return APIClient()
    if name == "settings":
        return request.getfixturevalue("settings")
    raise LookupError(f"a sample's test function asks for {name!r}: use api, client or settings")


def check_settings(namespace: dict[str, Any]) -> None:
    """The Django settings a block assigns (upper-case names) are usable."""
    assigned = {
        name: value
        for name, value in namespace.items()
        if name.isupper() and not inspect.isclass(value) and not callable(value)
    }
    for name in ("handler400", "handler403", "handler404", "handler500"):
        if name in namespace:
            import_string(namespace[name])
    for path in dotted_paths(assigned):
        importable(path)
    for app in assigned.get("INSTALLED_APPS", []):
        if isinstance(app, str):
            importable(app)
    overrides = {name: value for name, value in assigned.items() if name not in NOT_OVERRIDDEN}
    for name, value in overrides.items():
        if isinstance(value, dict):
            overrides[name] = with_elisions_filled(value, getattr(settings, name, {}))
    for name in MERGED:
        if isinstance(overrides.get(name), dict):
            overrides[name] = {**getattr(settings, name), **overrides[name]}
    if not overrides:
        return
    with override_settings(**overrides):
        errors = [
            message
            for check in checks.registry.registry.get_checks(include_deployment_checks=False)
            if check.__module__.startswith("django_problems.")
            for message in check(app_configs=None)
            if message.level >= checks.ERROR
        ]
    assert not errors, errors


def with_elisions_filled(value: dict[Any, Any], current: dict[Any, Any]) -> dict[Any, Any]:
    """``value`` with each entry elided as ``{...}`` (``"default": {...}``) taken from
    ``current``, the project's."""
    return {key: current.get(key) if item == {...} else item for key, item in value.items()}


def dotted_paths(value: Any) -> Iterator[str]:
    """The strings in ``value`` (nested) that are dotted paths of the checked packages."""
    if isinstance(value, str):
        if DOTTED.match(value) and value.split(".")[0] in CHECKED_PACKAGES:
            yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from dotted_paths(key)
            yield from dotted_paths(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from dotted_paths(item)


def importable(path: str) -> None:
    """``path`` names a module, or an attribute of one."""
    try:
        importlib.import_module(path)
    except ImportError:
        import_string(path)


def test_samples_are_found() -> None:
    """The collection is not silently empty (a changed fence syntax, a moved docs/)."""
    assert len(SAMPLES) >= 40
    assert any(not sample.fragment for sample in SAMPLES)
