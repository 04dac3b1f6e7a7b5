"""Reaching PostgreSQL, Redis, Chromium: skip with a reason locally, fail in CI.

CI sets ``PROBLEMS_REQUIRE_SERVICES=1``, which turns every such skip into a failure, so a test
that needs a service can never silently not run there.
"""

from __future__ import annotations

import importlib.util
import os
import socket
from typing import Any, NoReturn

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


def require_extra(module: str, extra: str) -> Any:
    """Import ``module`` of an optional extra, or skip the test saying which extra it needs.

    Not a service: the package installed without its extras (the CI's no-extras run) skips
    these tests, with this reason, whatever ``PROBLEMS_REQUIRE_SERVICES`` says.
    """
    return pytest.importorskip(
        module, reason=f"needs the {extra!r} extra: pip install '.[{extra}]' from a checkout"
    )


def redis_url() -> str:
    """The Redis URL tests use (``PROBLEMS_TEST_REDIS`` or the local server's db 15)."""
    require_extra("redis", "redis")
    url = os.environ.get("PROBLEMS_TEST_REDIS", "redis://127.0.0.1:6379/15")
    if not port_open("127.0.0.1", 6379):
        unavailable("Redis is not running on 127.0.0.1:6379")
    return url


MISSING_EXTRAS: frozenset[str] = frozenset(
    {"django_problems.E165"} if importlib.util.find_spec("cryptography") is None else set()
)
"""What ``manage.py check`` rightly reports when the package is installed without its extras
(the signatures app without ``cryptography``); the clean-check tests allow exactly this."""
