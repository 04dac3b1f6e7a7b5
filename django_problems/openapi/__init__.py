"""drf-spectacular integration: every problem an operation can answer, documented.

The only part of the package that imports drf-spectacular. Set
``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "django_problems.openapi.AutoSchema"`` (and, for
``ApiVersioning``, ``SPECTACULAR_SETTINGS["DEFAULT_GENERATOR_CLASS"] =
"django_problems.openapi.SchemaGenerator"``). See ``docs/openapi.md``.
"""

from django_problems.openapi import extensions  # noqa: F401  (registers the security schemes)
from django_problems.openapi.decorators import problem_responses
from django_problems.openapi.generator import SchemaGenerator
from django_problems.openapi.schema import AutoSchema

__all__ = ["AutoSchema", "SchemaGenerator", "problem_responses"]
