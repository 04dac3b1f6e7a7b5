"""The example project's problem scenarios: requests to the example API, one or more per catalogue
type, that really produce it (a helper module of the example suite, not a test module).

test_checklist.py checks each response against the RFC 9457 / HTTP checklist,
test_openapi_conformance.py against the example's OpenAPI schema. The ``world`` fixture
(tests/example/conftest.py) builds the :class:`World` they run in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from example_project.workers.models import Offer, Worker
from tests.clients import VersionedClient


@dataclass
class World:
    """Users, clients and rows the scenarios use."""

    anon: VersionedClient
    api: VersionedClient
    admin: VersionedClient
    worker: Worker
    foreign_worker: Worker
    complete_offer: Offer


def offer_body(worker_ids: list[int], **schedule: Any) -> dict[str, Any]:
    return {
        "title": "Kitchen shift",
        "workerIds": worker_ids,
        "schedule": {"start": "2026-12-01T08:00:00Z", "end": "2026-12-01T16:00:00Z", **schedule},
    }


def throttled(w: World) -> Any:
    for _ in range(3):
        assert w.api.post(f"/api/workers/{w.worker.pk}/invite").status_code == 202
    return w.api.post(f"/api/workers/{w.worker.pk}/invite")


def database_down(w: World) -> Any:
    from unittest import mock

    from django.db import OperationalError

    with mock.patch(
        "example_project.workers.views.WorkerViewSet.get_queryset",
        side_effect=OperationalError("could not connect to server: 10.1.2.3"),
    ):
        return w.api.get("/api/workers")


def expired_key(w: World) -> Any:
    from django_problems.api_keys.models import ApiKey
    from django_problems.api_keys.settings import api_keys_settings

    _, plaintext = ApiKey.objects.create_key(
        w.worker.owner, "old", expires_at=timezone.now() - timedelta(days=1)
    )
    return w.anon.get("/api/workers", headers={api_keys_settings().HEADER: plaintext})


FEED = "/api/availability/feed?start=2026-12-01T00:00:00Z&end=2026-12-02T00:00:00Z"


def replayed_payout(w: World) -> Any:
    from django_problems.api_keys.models import ApiKey
    from django_problems.signatures import crypto
    from django_problems.signatures.client import sign_request
    from django_problems.signatures.models import SigningKey

    private, public = crypto.generate_keypair()
    key, plaintext = ApiKey.objects.create_key(w.worker.owner, "signer")
    SigningKey.objects.create(api_key=key, public_key=public)
    path = f"/api/workers/{w.worker.pk}/payout?api-version=1.1"
    body = b'{"amount": "10.00"}'
    headers = sign_request(
        "POST", f"http://testserver{path}", api_key=plaintext, private_key=private, body=body
    )
    first = w.anon.post(path, data=body, content_type="application/json", headers=headers)
    assert first.status_code == 202
    return w.anon.post(path, data=body, content_type="application/json", headers=headers)


Scenario = tuple[str, str, Callable[[World], Any]]
SCENARIOS: list[Scenario] = [
    ("no-credentials", "unauthorised", lambda w: w.anon.get("/api/workers")),
    (
        "unsupported-version",
        "invalid-api-version",
        lambda w: w.api.get("/api/workers?api-version=9.9"),
    ),
    (
        "no-version-unauthenticated",
        "invalid-api-version",
        lambda w: VersionedClient(versioned=False).get("/api/workers"),
    ),
    ("expired-key", "expired-account", expired_key),
    ("feed-without-token", "no-token", lambda w: w.anon.get(FEED)),
    (
        "feed-with-unknown-token",
        "invalid-token",
        lambda w: w.anon.get(FEED + "&access_token=demo_0123456789abcdef." + "A" * 43),
    ),
    ("replayed-payout", "request-already-received", replayed_payout),
    ("wrong-method", "invalid-http-method", lambda w: w.api.delete("/api/offers")),
    (
        "missing-email",
        "invalid-parameters",
        lambda w: w.api.post("/api/workers", {"name": "Ada"}, format="json"),
    ),
    (
        "daystorepeat-32",
        "parameters-out-of-range",
        lambda w: w.api.post(
            "/api/offers", offer_body([w.worker.pk], daystorepeat=32), format="json"
        ),
    ),
    (
        "interval-ends-before-start",
        "parameters-out-of-range",
        lambda w: w.api.post(
            "/api/offers", offer_body([w.worker.pk], end="2026-12-01T07:00:00Z"), format="json"
        ),
    ),
    (
        "foreign-worker-id",
        "unauthorised-resource-access",
        lambda w: w.api.post("/api/offers", offer_body([w.foreign_worker.pk]), format="json"),
    ),
    (
        "offer-already-complete",
        "resource-crud-failure",
        lambda w: w.api.post(f"/api/offers/{w.complete_offer.pk}/complete"),
    ),
    (
        "duplicate-email",
        "resource-crud-failure",
        lambda w: w.api.post(
            "/api/workers", {"name": "Ada", "email": w.worker.email}, format="json"
        ),
    ),
    (
        "worker-with-offers",
        "resource-crud-failure",
        lambda w: w.api.delete(f"/api/workers/{w.worker.pk}"),
    ),
    ("crash", "internal-platform-error", lambda w: w.admin.get("/api/diagnostics/crash")),
    (
        "disallowed-host",
        "bad-request",
        lambda w: w.api.get("/api/workers", HTTP_HOST="evil.example"),
    ),
    (
        "invalid-json",
        "malformed-request-body",
        lambda w: w.api.post("/api/workers", '{"name": ', content_type="application/json"),
    ),
    ("not-staff", "forbidden", lambda w: w.api.get("/api/diagnostics/crash")),
    ("unknown-url", "not-found", lambda w: w.api.get("/api/no-such-thing")),
    ("unknown-worker", "not-found", lambda w: w.api.get("/api/workers/999999")),
    ("route-regex-mismatch", "not-found", lambda w: w.api.get("/api/workers/1.5")),
    (
        "csv-only-client",
        "not-acceptable",
        lambda w: w.api.get("/api/workers", HTTP_ACCEPT="text/csv"),
    ),
    (
        "body-too-large",
        "payload-too-large",
        lambda w: w.api.post(
            "/api/workers", '{"name": "' + "x" * 2_700_000 + '"}', content_type="application/json"
        ),
    ),
    (
        "text-body",
        "unsupported-media-type",
        lambda w: w.api.post("/api/workers", "name=Ada", content_type="text/plain"),
    ),
    ("fourth-invitation", "too-many-requests", throttled),
    ("database-down", "service-temporarily-unavailable", database_down),
]
