"""Names a package hands on from its modules, imported on first use.

A feature package is also a Django app module, imported while Django loads its apps; importing
its models or DRF classes then would be too early. ``__getattr__ = lazy_attributes(...)`` in the
package's ``__init__`` lets ``"django_problems.api_keys.ApiKeyAuthentication"`` work in settings
without that.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_attributes(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``name`` from ``homes[name]`` (relative to
    ``package``) when it is first asked for."""

    def module_getattr(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(home, package), name)

    return module_getattr
