"""drf-spectacular integration: every problem an operation can answer, documented.

The only part of the package that imports drf-spectacular (the ``django_problems.openapi``
app). Set ``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "django_problems.openapi.AutoSchema"`` (and,
for ``ApiVersioning``, ``SPECTACULAR_SETTINGS["DEFAULT_GENERATOR_CLASS"] =
"django_problems.openapi.SchemaGenerator"``). See ``docs/openapi.md``.

Names load on first use, so adding the app to ``INSTALLED_APPS`` imports nothing of
drf-spectacular before Django's app registry is ready.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django_problems.lazy import lazy_attributes

if TYPE_CHECKING:
    from django_problems.openapi.decorators import problem_responses
    from django_problems.openapi.generator import SchemaGenerator
    from django_problems.openapi.schema import AutoSchema

__all__ = ["AutoSchema", "SchemaGenerator", "problem_responses"]
__getattr__ = lazy_attributes(
    __name__,
    {"AutoSchema": ".schema", "SchemaGenerator": ".generator", "problem_responses": ".decorators"},
)
