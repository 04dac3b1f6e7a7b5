"""MkDocs hooks of the documentation site (``hooks:`` in mkdocs.yml).

Before every build the tables generated from the code (settings, check ids) must be current:
``docs/generate.py --check`` runs in a process of its own (it configures Django), so a stale
table fails ``mkdocs build`` as it fails ``make lint``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

GENERATE = Path(__file__).resolve().parent / "generate.py"


def on_pre_build(config: Any, **kwargs: Any) -> None:
    """Fail the build when a generated table differs from what the code declares."""
    result = subprocess.run(
        [sys.executable, str(GENERATE), "--check"], capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise PluginError(f"docs/generate.py --check failed: {result.stderr.strip()}")
