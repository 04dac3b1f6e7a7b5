"""Every catalogue type, produced by the example project, passes the RFC 9457 / HTTP checklist.

One scenario (or more) per type: a request to the example API that really produces it. Each
response is checked against the whole checklist of DESIGN.md, with ``DEBUG`` off and on.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from django_problems.catalogue import get_catalogue
from django_problems.problem_types import REQUIRED_HEADERS
from django_problems.testing import assert_problem
from example_project.workers.models import Offer, Worker
from tests.conftest import VersionedClient


@dataclass
class World:
    """Users, clients and rows the scenarios use."""

    anon: VersionedClient
    api: VersionedClient
    admin: VersionedClient
    worker: Worker
    foreign_worker: Worker
    complete_offer: Offer


@pytest.fixture
def world(user, other_user, client_for, worker, foreign_worker) -> World:
    admin = User.objects.create_user("boss", is_staff=True)
    now = timezone.now()
    offer = Offer.objects.create(
        owner=user, title="Bar shift", start=now, end=now + timedelta(hours=4), complete=True
    )
    offer.workers.add(worker)
    return World(
        anon=VersionedClient(raise_request_exception=False),
        api=client_for(user),
        admin=client_for(admin, raise_request_exception=False),
        worker=worker,
        foreign_worker=foreign_worker,
        complete_offer=offer,
    )


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


def assert_checklist(response: Any, slug: str, docs_client: Any) -> dict[str, Any]:
    """DESIGN.md's RFC 9457 / HTTP checklist, item by item."""
    problem_type = get_catalogue().get(slug)
    # 1. problem+json, a JSON object, never empty
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert isinstance(body, dict) and body
    # 2. status is an integer equal to the HTTP status
    assert type(body["status"]) is int
    assert body["status"] == response.status_code == problem_type.status
    # 3. type: absolute URI that dereferences to the docs page, element id = slug
    type_uri = urlsplit(body["type"])
    assert type_uri.scheme in ("http", "https") and type_uri.netloc
    assert type_uri.fragment == slug
    page = docs_client.get(type_uri.path)
    assert page.status_code == 200
    assert f'id="{slug}"' in page.content.decode()
    # 4. title the catalogue's, detail a non-empty string
    assert body["title"] == str(problem_type.title)
    assert isinstance(body["detail"], str) and body["detail"]
    # 5. no null member, standard members not shadowed
    assert None not in body.values()
    assert set(body) >= {"type", "title", "status", "detail", "instance", "code"}
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", body["instance"])
    uuid.UUID(body["instance"][len("urn:uuid:") :])
    # 6. the headers the status requires
    required = REQUIRED_HEADERS.get(response.status_code)
    if required:
        assert response[required], f"{response.status_code} without {required}"
    # 7. language; errors never cached
    assert response["Content-Language"] == "en"
    assert response["Cache-Control"] == "no-store"
    assert_problem(response, slug)
    return body


@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
@pytest.mark.parametrize(("name", "slug", "scenario"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_scenario_passes_the_checklist(world, settings, client, debug, name, slug, scenario):
    settings.DEBUG = debug
    response = scenario(world)
    body = assert_checklist(response, slug, client)
    text = response.content.decode()
    for leak in ("Traceback", "10.1.2.3", "ZeroDivisionError", "KeyError", "INSERT", "/work/"):
        assert leak not in text, f"{leak!r} leaked into {name}"
    if slug in ("invalid-parameters", "parameters-out-of-range", "unauthorised-resource-access"):
        assert body["errors"] and body["codes"]


def test_every_catalogue_type_has_a_scenario():
    covered = {slug for _, slug, _ in SCENARIOS}
    assert {t.slug for t in get_catalogue()} - covered == set()


def test_seed_examples_give_the_seed_errors(world):
    response = world.api.post(
        "/api/offers",
        offer_body([w.pk for w in (world.worker, world.foreign_worker)], daystorepeat=0),
        format="json",
    )
    assert_problem(
        response,
        "unauthorised-resource-access",
        errors={"workerIds": [f'Invalid pk "{world.foreign_worker.pk}" - object does not exist.']},
        codes={"workerIds": ["E_VALIDATION_INVALID_ID"]},
    )
    response = world.api.post(
        "/api/offers", offer_body([world.worker.pk], end="2026-12-01T07:00:00Z"), format="json"
    )
    assert_problem(
        response,
        "parameters-out-of-range",
        errors={"schedule.end": ["The interval must end after it starts."]},
        codes={"schedule.end": ["end_before_start"]},
    )
