"""The problem-type docs page: every type URI dereferences to a section about it."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from django_problems.catalogue import get_catalogue


class Sections(HTMLParser):
    """Collects ``<section id=...>`` elements and the text inside each."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, str] = {}
        self.current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.current = dict(attrs).get("id")
            if self.current:
                self.sections[self.current] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current:
            self.sections[self.current] += data


@pytest.fixture
def page(client: Client, db: Any) -> dict[str, str]:
    response = client.get("/problems/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    parser = Sections()
    parser.feed(response.content.decode())
    return parser.sections


def test_one_section_per_type_with_its_facts(page):
    catalogue = get_catalogue()
    assert set(page) == {t.slug for t in catalogue}
    for problem_type in catalogue:
        text = page[problem_type.slug]
        for fact in (
            str(problem_type.title),
            str(problem_type.status),
            problem_type.code,
            problem_type.category,
            catalogue.type_uri(problem_type.slug),
        ):
            assert fact in text, f"{fact!r} missing from #{problem_type.slug}"
        for header in problem_type.headers:
            assert header in text


def test_examples_are_valid_problem_bodies(page):
    for slug, text in page.items():
        match = re.search(r"(\{\s*\"type\".*\})", text, re.S)
        assert match, f"no example in #{slug}"
        example = json.loads(match.group(1))
        problem_type = get_catalogue().get(slug)
        assert example["type"] == get_catalogue().type_uri(slug)
        assert example["status"] == problem_type.status
        assert example["code"] == problem_type.code
        assert None not in example.values()


def test_json_form(client, db):
    for response in (
        client.get("/problems/types.json"),
        client.get("/problems/?format=json"),
        client.get("/problems/", HTTP_ACCEPT="application/json"),
    ):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        types = response.json()["types"]
        assert {t["slug"] for t in types} == {t.slug for t in get_catalogue()}
        entry = next(t for t in types if t["slug"] == "service-temporarily-unavailable")
        assert entry["headers"] == ["Retry-After"]
        assert entry["example"]["status"] == 503


def test_project_types_and_overrides_appear(client, settings, db):
    settings.PROBLEMS = {
        **settings.PROBLEMS,
        "TYPES": {
            "offer-expired": {"title": "Offer expired", "status": 410},
            "invalid-api-version": {"status": 401},
        },
    }
    types = {t["slug"]: t for t in client.get("/problems/types.json").json()["types"]}
    assert types["offer-expired"]["status"] == 410
    assert types["invalid-api-version"]["status"] == 401
    assert types["invalid-api-version"]["example"]["status"] == 401


def test_not_behind_api_auth_versioning_or_problem_handling(client, db):
    response = client.get("/problems/", HTTP_AUTHORIZATION="Token nonsense")
    assert response.status_code == 200
    response = client.get("/problems/?api-version=9.9")
    assert response.status_code == 200


def test_only_safe_methods(client, db):
    response = client.post("/problems/")
    assert response.status_code == 405


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_both_representations_vary_on_accept(client, db, accept):
    response = client.get("/problems/", HTTP_ACCEPT=accept)
    assert "Accept" in [v.strip() for v in response["Vary"].split(",")]
