"""The example project's own configuration: ``manage.py check`` has nothing to say."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_project_is_clean():
    call_command("check")


def test_manage_py_check_is_clean(tmp_path):
    """``example_project/manage.py check`` on the example's own settings (not the suite's), run
    from elsewhere: no error and no warning."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k != "DJANGO_SETTINGS_MODULE" and not k.startswith("EXAMPLE_")
    }
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "example_project" / "manage.py"),
            "check",
            "--fail-level",
            "WARNING",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
