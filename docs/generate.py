"""Write the tables of docs/ that come from the code: settings and check ids.

Each table sits between ``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->`` in a page.
``python docs/generate.py`` rewrites them; ``python docs/generate.py --check`` fails when a page is
out of date (the test suite runs it), so the docs cannot drift from the declarations.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent


def setup() -> None:
    """Configure Django with the core and every feature app, as a project using them all."""
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            INSTALLED_APPS=[
                "django.contrib.auth",
                "django.contrib.contenttypes",
                "rest_framework",
                "drf_spectacular",
                "django_problems",
                "django_problems.versioning",
                "django_problems.api_keys",
                "django_problems.signatures",
                "django_problems.maintenance",
                "django_problems.openapi",
            ],
            DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        )
    django.setup()  # each app's ready() imports its checks, which declare their ids


def _cell(text: str) -> str:
    # `[` is escaped so that `PROBLEMS['A']['B']` does not read as a Markdown reference link.
    return (
        text.replace("|", "\\|")
        .replace("\n", " ")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("[", "\\[")
    )


def _default(value: Any) -> str:
    if isinstance(value, tuple):
        value = list(value)
    return f"`{value!r}`"


def settings_table(path: str) -> str:
    """The keys of one section: default, meaning and the check id of a bad value."""
    from django_problems.conf import SECTIONS

    section = SECTIONS[path]
    import dataclasses

    defaults = {
        f.name: f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
        for f in dataclasses.fields(section.declaration)  # type: ignore[arg-type]
    }
    rows = ["| key | default | meaning | bad value |", "|---|---|---|---|"]
    for key, rule in section.rules.items():
        rows.append(
            f"| `{key}` | {_default(defaults[key])} | {_cell(rule.doc)} | "
            f"`{rule.id.split('.')[-1]}` |"
        )
    return "\n".join(rows)


FEATURE_OF_RANGE = [
    (0, 100, "core"),
    (100, 120, "versioning"),
    (120, 140, "maintenance"),
    (140, 160, "API keys"),
    (160, 180, "signatures"),
    (180, 200, "OpenAPI"),
]


def _feature(code: str) -> str:
    number = int(code[1:])
    return next(name for low, high, name in FEATURE_OF_RANGE if low <= number < high)


def checks_table() -> str:
    """Every check id: level, part of the package, what it reports."""
    from django_problems.conf import CHECK_IDS

    rows = ["| id | level | part | reports |", "|---|---|---|---|"]
    for full in sorted(CHECK_IDS, key=lambda i: (int(i.split(".")[1][1:]), i)):
        code = full.split(".")[1]
        level = "error" if code.startswith("E") else "warning"
        rows.append(f"| `{full}` | {level} | {_feature(code)} | {_cell(CHECK_IDS[full])} |")
    return "\n".join(rows)


TABLES: dict[str, tuple[str, Callable[[], str]]] = {
    "checks": ("checks.md", checks_table),
    "settings-core": ("settings.md", lambda: settings_table("PROBLEMS")),
    "settings-versioning": ("versioning.md", lambda: settings_table("PROBLEMS['VERSIONING']")),
    "settings-api-keys": ("api-keys.md", lambda: settings_table("PROBLEMS['API_KEYS']")),
    "settings-signatures": ("signatures.md", lambda: settings_table("PROBLEMS['SIGNATURES']")),
    "settings-maintenance": ("operations.md", lambda: settings_table("PROBLEMS['MAINTENANCE']")),
    "settings-openapi": ("openapi.md", lambda: settings_table("PROBLEMS['OPENAPI']")),
}


def render_pages() -> dict[Path, str]:
    """Every page that holds a table, with its tables regenerated."""
    pages: dict[Path, str] = {}
    for name, (page, build) in TABLES.items():
        path = DOCS / page
        text = pages.get(path, path.read_text())
        pattern = re.compile(
            rf"(<!-- generated:{name} -->\n)(?:.*?\n)?(<!-- /generated:{name} -->)", re.S
        )
        if not pattern.search(text):
            raise SystemExit(f"{page} has no <!-- generated:{name} --> block")
        pages[path] = pattern.sub(lambda m, b=build: f"{m.group(1)}{b()}\n{m.group(2)}", text)
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a page is out of date")
    args = parser.parse_args(argv)
    setup()
    stale = []
    for path, text in render_pages().items():
        if path.read_text() != text:
            stale.append(path.name)
            if not args.check:
                path.write_text(text)
    if args.check and stale:
        print(f"out of date: {', '.join(stale)} (run python docs/generate.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
