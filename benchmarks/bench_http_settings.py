"""Settings of the HTTP benchmark (``benchmarks/bench_http.py``): ``bench_settings.py`` with the
handler variant named by ``BENCH_HTTP_VARIANT``, one variant per server process.

* ``drf``: DRF's default exception handler, no middleware (the baseline);
* ``std``: drf-standardized-errors' handler, no middleware;
* ``canon``: drf-canon's handler, no middleware;
* ``problems``: django-problems' handler and its ``ProblemMiddleware`` (served through the
  package's guarded WSGI/ASGI handlers, ``bench_http_app.py``), as a project installs it.

Everything else is ``bench_settings.py``'s (same views, no database access, Django's default
logging), plus the host the benchmark's clients send.
"""

from __future__ import annotations

import os

from benchmarks.bench_settings import *  # noqa: F403
from benchmarks.bench_settings import (
    CANON_HANDLER,
    DRF_DEFAULT_HANDLER,
    PROBLEMS_HANDLER,
    REST_FRAMEWORK,
    STANDARDIZED_HANDLER,
)

HANDLERS = {
    "drf": DRF_DEFAULT_HANDLER,
    "std": STANDARDIZED_HANDLER,
    "canon": CANON_HANDLER,
    "problems": PROBLEMS_HANDLER,
}
"""The exception handler of each variant."""

VARIANT = os.environ.get("BENCH_HTTP_VARIANT", "drf")
if VARIANT not in HANDLERS:
    raise RuntimeError(f"BENCH_HTTP_VARIANT={VARIANT!r}: one of {', '.join(HANDLERS)}")

ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
MIDDLEWARE = ["django_problems.middleware.ProblemMiddleware"] if VARIANT == "problems" else []
REST_FRAMEWORK = {**REST_FRAMEWORK, "EXCEPTION_HANDLER": HANDLERS[VARIANT]}
