"""Reading problems in the adopter suite (a helper module, not a test module).

The expected ``type`` URIs are written out from the shop's ``TYPE_BASE_URL``, not read back from
the package's catalogue, so a change of what the package answers fails these tests.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

BASE = "https://shop.example.com/problems/"
FORBIDDEN_IN_BODIES = ("Traceback", "SELECT ", "INSERT ", "UPDATE ", "DELETE ", ".py", "shop_")


def problem(response: HttpResponse, status: int, slug: str) -> dict[str, Any]:
    """Assert that ``response`` is an ``application/problem+json`` problem of type ``slug`` with
    ``status``, and return its body."""
    assert response.status_code == status, (
        f"HTTP {response.status_code}, expected {status}: {response.content[:500]!r}"
    )
    assert response["Content-Type"] == "application/problem+json", response["Content-Type"]
    assert response["Cache-Control"] == "no-store"
    body = json.loads(response.content)
    assert body["type"] == f"{BASE}#{slug}", body
    assert body["status"] == status
    assert body["instance"].startswith("urn:uuid:")
    assert None not in body.values()
    return body  # type: ignore[no-any-return]


def leaks(body: dict[str, Any], *secrets: str) -> list[str]:
    """The internals (SQL, tracebacks, paths, table names, ``secrets``) that ``body`` shows."""
    text = json.dumps(body)
    return [s for s in (*FORBIDDEN_IN_BODIES, *secrets) if s in text]
