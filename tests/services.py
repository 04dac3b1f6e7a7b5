"""Reaching PostgreSQL, Redis, Chromium: skip with a reason locally, fail in CI.

CI sets ``PROBLEMS_REQUIRE_SERVICES=1``, which turns every such skip into a failure, so a test
that needs a service can never silently not run there.
"""

from __future__ import annotations

import os
import socket
from typing import NoReturn

import pytest


def unavailable(reason: str) -> NoReturn:
    """Skip (or, under ``PROBLEMS_REQUIRE_SERVICES=1``, fail) a test whose service is missing."""
    if os.environ.get("PROBLEMS_REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service unavailable: {reason}", pytrace=False)
    pytest.skip(reason)


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    """Whether something accepts TCP connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def redis_url() -> str:
    """The Redis URL tests use (``PROBLEMS_TEST_REDIS`` or the local server's db 15)."""
    url = os.environ.get("PROBLEMS_TEST_REDIS", "redis://127.0.0.1:6379/15")
    if not port_open("127.0.0.1", 6379):
        unavailable("Redis is not running on 127.0.0.1:6379")
    return url
