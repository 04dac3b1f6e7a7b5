"""The import-linter contracts (``make lint``) cover the whole core, whatever is added to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomllib

import django_problems
from django_problems.settings import FEATURE_SECTIONS

ROOT = Path(__file__).resolve().parents[2]


def contract(contract_id: str) -> dict[str, Any]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    found: dict[str, Any] = next(c for c in contracts if c["id"] == contract_id)
    return found


def test_every_core_module_is_a_source_of_the_core_contract():
    package = Path(django_problems.__file__).parent
    modules = {"django_problems"} | {
        f"django_problems.{path.stem}" for path in package.glob("*.py") if path.stem != "__init__"
    }
    assert set(contract("core-imports-no-feature")["source_modules"]) == modules


def test_every_feature_is_forbidden_to_the_core_and_kept_from_drf_spectacular():
    features = set(FEATURE_SECTIONS.values())
    forbidden = set(contract("core-imports-no-feature")["forbidden_modules"])
    assert features | {f"{feature}.**" for feature in features} == forbidden
    sources = set(contract("spectacular-only-in-openapi")["source_modules"])
    assert sources == {"django_problems"} | (features - {"django_problems.openapi"})
    packages = {p.name for p in Path(django_problems.__file__).parent.iterdir() if p.is_dir()}
    assert {f"django_problems.{name}" for name in packages} - {
        "django_problems.locale",
        "django_problems.templates",
        "django_problems.__pycache__",
    } == features
