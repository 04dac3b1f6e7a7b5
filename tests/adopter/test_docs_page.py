"""Point 3, continued: the problem-type docs page lists the types of this project: the core's,
simplejwt's and versioning's, none of the features the shop does not use."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from django_problems.maintenance import switch

pytestmark = pytest.mark.django_db  # ATOMIC_REQUESTS: every request opens a transaction

CORE = {
    "unauthorised",
    "invalid-http-method",
    "service-temporarily-unavailable",
    "invalid-parameters",
    "parameters-out-of-range",
    "resource-crud-failure",
    "internal-platform-error",
    "bad-request",
    "malformed-request-body",
    "forbidden",
    "not-found",
    "not-acceptable",
    "payload-too-large",
    "unsupported-media-type",
    "too-many-requests",
}
SIMPLEJWT = {"token-not-valid", "no-active-account"}
NOT_USED = {
    "expired-account",
    "no-token",
    "invalid-token",
    "request-already-received",
    "unauthorised-resource-access",
}


@pytest.fixture
def types_json(client: Client) -> dict[str, Any]:
    response = client.get("/problems/types.json")
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    return data


def test_types_json_lists_core_simplejwt_and_versioning_types(types_json: dict[str, Any]) -> None:
    slugs = {entry["slug"] for entry in types_json["types"]}

    assert slugs == CORE | SIMPLEJWT | {"invalid-api-version"}


def test_types_json_uses_the_type_base_url(types_json: dict[str, Any]) -> None:
    token_not_valid = next(e for e in types_json["types"] if e["slug"] == "token-not-valid")

    assert token_not_valid["type"] == "https://shop.example.com/problems/#token-not-valid"
    assert token_not_valid["code"] == "token_not_valid"
    assert token_not_valid["status"] == 401


def test_html_page_has_a_section_per_type_and_none_for_unused_features(client: Client) -> None:
    response = client.get("/problems/")

    assert response.status_code == 200
    html = response.content.decode()
    for slug in CORE | SIMPLEJWT:
        assert f'id="{slug}"' in html, slug
    for slug in NOT_USED:
        assert f'id="{slug}"' not in html, slug
        assert slug not in html, slug


def test_docs_never_mention_seeds(client: Client) -> None:
    html = client.get("/problems/").content.decode().lower()
    data = client.get("/problems/types.json").content.decode().lower()

    assert "seed" not in html
    assert "seed" not in data
    assert "updatedge" not in html
    assert "elance" not in html


def test_docs_page_stays_up_during_maintenance(client: Client) -> None:
    switch.enable()

    assert client.get("/problems/").status_code == 200
