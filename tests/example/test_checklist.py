"""Every catalogue type, produced by the example project, passes the RFC 9457 / HTTP checklist.

One scenario (or more) per type: a request to the example API that really produces it. Each
response is checked against the whole RFC 9457 / RFC 9110 checklist (``assert_checklist``, item by
item), with ``DEBUG`` off and on.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any
from urllib.parse import urlsplit

import pytest

from django_problems.catalogue import get_catalogue
from django_problems.problem_types import REQUIRED_HEADERS
from django_problems.testing import assert_problem
from tests.example.scenarios import SCENARIOS, offer_body


def assert_checklist(response: Any, slug: str, docs_client: Any) -> dict[str, Any]:
    """The RFC 9457 / HTTP checklist, item by item."""
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
    # With DEBUG off nothing names the cause; with DEBUG on only the debug member may (as
    # Django's debug page does), and never a traceback or an absolute path.
    public = json.dumps({member: value for member, value in body.items() if member != "debug"})
    for leak in ("Traceback", "10.1.2.3", "ZeroDivisionError", "KeyError", "INSERT", "/work/"):
        assert leak not in public, f"{leak!r} leaked into {name}"
    assert "debug" not in body or debug, f"a debug member with DEBUG off in {name}"
    assert "Traceback" not in response.content.decode()
    assert "/work/" not in response.content.decode()
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
