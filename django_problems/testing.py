"""Assertions for projects' own test suites: ``assert_problem(response, "not-found")``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.http.response import HttpResponseBase

from django_problems.catalogue import get_catalogue, reason_phrase
from django_problems.problem import ABOUT_BLANK
from django_problems.problem_types import REQUIRED_HEADERS, STANDARD_MEMBERS
from django_problems.writer import JSON_MEDIA_TYPE


def problem_body(response: HttpResponseBase) -> dict[str, Any]:
    """The parsed JSON body of a problem response (asserting its content type).

    A response to ``HEAD`` has no body; its problem is read from ``response.data``, the body the
    writer would have sent.
    """
    content_type = response.get("Content-Type", "")
    assert content_type.split(";")[0] == JSON_MEDIA_TYPE, (
        f"Content-Type is {content_type!r}, not {JSON_MEDIA_TYPE!r}"
    )
    content: bytes = getattr(response, "content", b"")
    if not content and _method(response) == "HEAD":
        data = getattr(response, "data", None)
        assert isinstance(data, dict), "a HEAD problem response without data"
        return data
    assert content, "the problem response has an empty body"
    body = json.loads(content)
    assert isinstance(body, dict), f"problem body is {type(body).__name__}, not an object"
    return body


def _method(response: HttpResponseBase) -> str | None:
    """The request method of a test client's response (``None`` if unknown)."""
    request = getattr(response, "request", None)
    method = request.get("REQUEST_METHOD") if isinstance(request, dict) else None
    return method if isinstance(method, str) else None


def assert_problem(
    response: HttpResponseBase,
    slug: str | None,
    *,
    status: int | None = None,
    errors: Mapping[str, Any] | list[Any] | None = None,
    detail: str | None = None,
    **members: Any,
) -> dict[str, Any]:
    """Assert that ``response`` is the RFC 9457 problem ``slug`` (``None``: ``about:blank``).

    Checks the content type, ``status`` (equal to the HTTP status and to ``status`` or the type's
    status), ``type`` and ``title`` against the catalogue, no ``null`` members, the headers the
    status requires, and ``errors``/``detail``/other members when given. Returns the body.
    """
    body = problem_body(response)
    assert body.get("status") == response.status_code, (
        f"body status {body.get('status')!r} != HTTP status {response.status_code}"
    )
    if slug is None:
        expected_status = status or response.status_code
        assert body["type"] == ABOUT_BLANK, f"type is {body['type']!r}, not about:blank"
        assert body["title"] == reason_phrase(expected_status)
    else:
        catalogue = get_catalogue()
        problem_type = catalogue.get(slug)
        expected_status = status or problem_type.status
        assert body.get("type") == catalogue.type_uri(slug), (
            f"type is {body.get('type')!r}, expected {catalogue.type_uri(slug)!r}"
        )
        assert body.get("title") == str(problem_type.title)
        assert body.get("code") == problem_type.code
    assert response.status_code == expected_status, (
        f"HTTP status {response.status_code}, expected {expected_status}"
    )
    assert isinstance(body.get("instance"), str) and body["instance"], "instance is missing"
    assert all(v is not None for v in body.values()), f"null member in {body}"
    assert isinstance(body.get("detail", ""), str)
    required = REQUIRED_HEADERS.get(response.status_code)
    if required:
        assert response.has_header(required), f"{response.status_code} without {required}"
    assert response.get("Cache-Control") == "no-store"
    if errors is not None:
        assert body.get("errors") == errors, (
            f"errors are {body.get('errors')!r}, expected {errors!r}"
        )
    if detail is not None:
        assert body.get("detail") == detail, (
            f"detail is {body.get('detail')!r}, expected {detail!r}"
        )
    for name, value in members.items():
        assert name not in STANDARD_MEMBERS, f"pass {name} as an argument, not a member"
        assert body.get(name) == value, f"{name} is {body.get(name)!r}, expected {value!r}"
    return body
