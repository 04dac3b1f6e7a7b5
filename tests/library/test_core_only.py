"""A project with only the core installed gets no table, admin page or check output of a feature
it does not use; adding ``django_problems.api_keys`` brings them (each in its own process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSPECT = """
import json
import django
django.setup()
from django.contrib import admin
from django.core.checks import run_checks
from django.db.migrations.loader import MigrationLoader
loader = MigrationLoader(None, ignore_no_migrations=True)
print(json.dumps({
    "migrated_apps": sorted({app for app, _name in loader.disk_migrations}),
    "admin": sorted(m._meta.label for m in admin.site._registry),
    "checks": sorted(m.id for m in run_checks(include_deployment_checks=True)),
}))
"""


def inspect(*, api_keys: bool) -> dict[str, list[str]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.core_only.settings",
        "CORE_ONLY_WITH_API_KEYS": "1" if api_keys else "0",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", INSPECT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, list[str]] = json.loads(done.stdout)
    return result


def test_the_core_alone_has_no_table_no_admin_and_no_feature_check():
    found = inspect(api_keys=False)
    assert not [app for app in found["migrated_apps"] if app.startswith("django_problems")]
    assert not [label for label in found["admin"] if label.startswith("django_problems")]
    # A correct core-only production project: `check --deploy --fail-level WARNING` passes.
    assert found["checks"] == []


def test_adding_the_api_keys_app_brings_its_table_admin_and_checks():
    found = inspect(api_keys=True)
    assert "django_problems_api_keys" in found["migrated_apps"]
    assert "django_problems_api_keys.ApiKey" in found["admin"]
    # No pepper of its own, and error reports that would show keys, in production.
    assert found["checks"] == ["django_problems.W140", "django_problems.W141"]


def test_the_check_command_passes_at_fail_level_warning():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.core_only.settings",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout
