"""Reading OpenAPI schemas in tests (a helper module for both suites, not a test module)."""

from __future__ import annotations

from typing import Any

from django_problems.openapi import SchemaGenerator


def generate(urlconf: str, version: str | None = None) -> dict[str, Any]:
    """The schema of ``urlconf`` (of one API version), as the schema view would serve it."""
    schema: dict[str, Any] = SchemaGenerator(urlconf=urlconf, api_version=version).get_schema(
        request=None, public=True
    )
    return schema


def resolve(schema: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """``item`` with its ``$ref`` (and theirs) followed."""
    while "$ref" in item:
        node: Any = schema
        for part in item["$ref"].lstrip("#/").split("/"):
            node = node[part]
        item = node
    return item


def statuses(schema: dict[str, Any], path: str, method: str) -> set[int]:
    """The error statuses an operation documents (its ``default`` response aside)."""
    responses = schema["paths"][path][method]["responses"]
    return {int(s) for s in responses if s != "default" and int(s) >= 400}


def slugs_at(schema: dict[str, Any], path: str, method: str, status: int) -> set[str]:
    """The problem types an operation documents for one status (its examples' names)."""
    response = resolve(schema, schema["paths"][path][method]["responses"][str(status)])
    return set(response["content"]["application/problem+json"]["examples"])
