"""The API test client both suites use (a helper module, not a test module)."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

API_VERSION = "1.0"
"""The API version test clients add to every /api/ request: supported (and deprecated) by the
library suite's settings and by the example project."""


class VersionedClient(APIClient):
    """An ``APIClient`` that adds ``api-version`` to /api/ requests that do not carry one.

    Pass ``versioned=False`` to send requests exactly as given (versioning tests do).
    """

    def __init__(self, *args: Any, versioned: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.versioned = versioned

    def generic(self, method: str, path: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        # APIClient.get() moves the path's query (or ``data``) into QUERY_STRING, which then wins.
        query = kwargs.get("QUERY_STRING")
        if self.versioned and path.startswith("/api/") and query:
            if "api-version=" not in query:
                kwargs["QUERY_STRING"] = f"{query}&api-version={API_VERSION}"
        elif self.versioned and path.startswith("/api/") and "api-version=" not in path:
            path += ("&" if "?" in path else "?") + f"api-version={API_VERSION}"
        return super().generic(method, path, *args, **kwargs)
