"""The trace a problem belongs to: OpenTelemetry's active span, or the W3C ``traceparent``.

A problem carries the trace id in its ``trace_id`` member (and its log record in a
``trace_id`` attribute), so an operator finds the request in the tracing system from what a
client reports. OpenTelemetry is optional (``pip install 'django-problems[otel]'``) and never
imported here: a span can only be active in a process that imported it already.
"""

from __future__ import annotations

import re
import sys
from typing import Any, Final

from django.http import HttpRequest

TRACEPARENT: Final = re.compile(
    r"(?P<version>[0-9a-f]{2})-(?P<trace_id>[0-9a-f]{32})-(?P<parent_id>[0-9a-f]{16})"
    r"-(?P<flags>[0-9a-f]{2})(?P<rest>-.*)?"
)
"""A ``traceparent`` header (W3C Trace Context, level 1): lower-case hex only."""
INVALID_TRACE_ID: Final = "0" * 32
INVALID_PARENT_ID: Final = "0" * 16


def trace_id(request: HttpRequest | None) -> str | None:
    """The id (32 lower-case hex digits) of the trace ``request`` belongs to: the active
    OpenTelemetry span's, else the ``traceparent`` header's; ``None`` when there is neither."""
    found = _active_span_trace_id()
    if found is None and request is not None:
        found = traceparent_trace_id(request.META.get("HTTP_TRACEPARENT"))
    return found


def traceparent_trace_id(header: Any) -> str | None:
    """The trace id of a ``traceparent`` value, or ``None`` when it is not a valid one (the
    spec's rules: version ``ff`` is invalid, version 00 has nothing after the flags, an
    all-zero trace id or parent id is invalid)."""
    if not isinstance(header, str) or len(header) > 512:
        return None
    match = TRACEPARENT.fullmatch(header.strip())
    if match is None:
        return None
    version, rest = match["version"], match["rest"]
    if version == "ff" or (version == "00" and rest):
        return None
    if match["trace_id"] == INVALID_TRACE_ID or match["parent_id"] == INVALID_PARENT_ID:
        return None
    return match["trace_id"]


def _active_span_trace_id() -> str | None:
    trace = sys.modules.get("opentelemetry.trace")
    if trace is None:  # not imported by the project: no span can be active
        return None
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return format(context.trace_id, "032x")
