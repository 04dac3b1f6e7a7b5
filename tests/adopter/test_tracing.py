"""The shop under OpenTelemetry: a span per request (as opentelemetry-instrumentation-django
makes one), so each problem names the trace an operator looks the request up in."""

from __future__ import annotations

from typing import Any

import pytest

from tests.adopter.problems import problem
from tests.clients import VersionedClient

otel_trace = pytest.importorskip("opentelemetry.trace", reason="the otel extra")
otel_sdk = pytest.importorskip("opentelemetry.sdk.trace", reason="opentelemetry-sdk")
exporting = pytest.importorskip("opentelemetry.sdk.trace.export", reason="opentelemetry-sdk")
in_memory = pytest.importorskip(
    "opentelemetry.sdk.trace.export.in_memory_span_exporter", reason="opentelemetry-sdk"
)


@pytest.fixture
def spans() -> Any:
    """A tracer provider recording finished spans in memory."""
    exporter = in_memory.InMemorySpanExporter()
    provider = otel_sdk.TracerProvider()
    provider.add_span_processor(exporting.SimpleSpanProcessor(exporter))
    return provider.get_tracer("shop"), exporter


def test_a_problem_names_the_trace_of_its_request(anon: VersionedClient, spans: Any) -> None:
    tracer, exporter = spans
    with tracer.start_as_current_span("GET /api/products/{id}/"):
        response = anon.get("/api/products/999999/")
    [span] = exporter.get_finished_spans()
    body = problem(response, 404, "not-found")
    assert body["trace_id"] == format(span.context.trace_id, "032x")


def test_a_traceparent_from_the_front_end_is_enough(anon: VersionedClient) -> None:
    trace = "0af7651916cd43dd8448eb211c80319c"
    response = anon.get("/api/products/999999/", HTTP_TRACEPARENT=f"00-{trace}-b7ad6b7169203331-01")
    assert problem(response, 404, "not-found")["trace_id"] == trace
