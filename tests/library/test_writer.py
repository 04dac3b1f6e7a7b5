"""The one writer: content type, headers, body shape, XML, HEAD and logging."""

from __future__ import annotations

import json
import logging
from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import RequestFactory
from django.utils import translation

from django_problems.problem import Problem
from django_problems.writer import render, wants_xml
from django_problems.xml import NAMESPACE

NS = {"p": NAMESPACE}


@pytest.fixture
def get(rf: RequestFactory):
    def make(**headers: Any):
        return rf.get("/api/x", **headers)

    return make


def test_body_members_in_order_and_no_nulls(get):
    problem = Problem.of_slug("not-found", extensions={"hint": None, "resource": "workers/9"})
    response = render(problem, get())
    body = json.loads(response.content)
    assert list(body) == ["type", "title", "status", "detail", "instance", "code", "resource"]
    assert None not in body.values()


def test_extensions_cannot_overwrite_standard_members(get):
    problem = Problem.of_slug(
        "not-found",
        extensions={"type": "evil", "status": 200, "title": "x", "instance": "y", "detail": "z"},
    )
    body = json.loads(render(problem, get()).content)
    assert body["status"] == 404
    assert body["type"].endswith("#not-found")
    assert body["title"] == "Not found"
    assert body["detail"] == "No resource was found at this URL."


def test_extension_names_must_be_valid(get):
    problem = Problem.of_slug("not-found", extensions={"ok_name": 1, "x": 2, "1bad": 3, "a-b": 4})
    body = json.loads(render(problem, get()).content)
    assert body["ok_name"] == 1
    assert {"x", "1bad", "a-b"}.isdisjoint(body)


def test_no_detail_member_when_detail_is_none(get):
    problem = Problem(status=418, title="I'm a Teapot")
    body = json.loads(render(problem, get()).content)
    assert body == {
        "type": "about:blank",
        "title": "I'm a Teapot",
        "status": 418,
        "instance": problem.instance,
    }


def test_401_always_has_a_challenge(get, settings):
    response = render(Problem.of_slug("unauthorised"), get())
    assert response["WWW-Authenticate"] == 'ApiKey realm="api"'
    settings.PROBLEMS = {**settings.PROBLEMS, "DEFAULT_CHALLENGE": 'Bearer realm="x"'}
    response = render(Problem.of_slug("unauthorised"), get())
    assert response["WWW-Authenticate"] == 'Bearer realm="x"'
    given = Problem.of_slug("unauthorised", headers={"WWW-Authenticate": "Token"})
    assert render(given, get())["WWW-Authenticate"] == "Token"


def test_retry_after_on_503_and_429(get):
    assert render(Problem.of_slug("service-temporarily-unavailable"), get())["Retry-After"] == "30"
    assert render(Problem.of_slug("too-many-requests"), get())["Retry-After"] == "30"
    throttled = Problem.of_slug("too-many-requests", headers={"Retry-After": "7"})
    assert render(throttled, get())["Retry-After"] == "7"


def test_headers_for_caching_language_and_vary(get):
    with translation.override("fr"):
        response = render(Problem.of_slug("not-found"), get())
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Language"] == "fr"
    assert "Accept" in response["Vary"]
    assert "Accept-Language" in response["Vary"]


def test_no_content_language_without_i18n(get, settings):
    settings.USE_I18N = False
    response = render(Problem.of_slug("not-found"), get())
    assert not response.has_header("Content-Language")


def test_xml_when_asked_for(get):
    problem = Problem.of_slug(
        "invalid-parameters",
        extensions={"errors": {"items[0].sku": ["too <long>"], "email": ["bad"]}, "flag": True},
    )
    response = render(problem, get(HTTP_ACCEPT="application/problem+xml"))
    assert response["Content-Type"] == "application/problem+xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{NAMESPACE}}}problem"
    assert root.findtext("p:status", namespaces=NS) == "400"
    assert (root.findtext("p:type", namespaces=NS) or "").endswith("#invalid-parameters")
    assert root.findtext("p:flag", namespaces=NS) == "true"
    errors = root.find("p:errors", NS)
    assert errors is not None
    items = {el.get("name"): [i.text for i in el] for el in errors.findall("p:i", NS)}
    assert items == {"items[0].sku": ["too <long>"]}
    email = errors.find("p:email", NS)
    assert email is not None
    assert [i.text for i in email] == ["bad"]


def test_xml_escapes_control_characters(get):
    problem = Problem.of_slug("not-found", "bad \x00 char")
    response = render(problem, get(HTTP_ACCEPT="application/problem+xml"))
    root = ElementTree.fromstring(response.content)
    assert root.findtext("p:detail", namespaces=NS) == "bad \ufffd char"


@pytest.mark.parametrize(
    ("accept", "xml"),
    [
        ("", False),
        ("application/json", False),
        ("application/problem+xml", True),
        ("application/xml", False),  # plain XML is not a request for the problem format
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", False),  # a browser
        ("application/problem+xml, application/problem+json", False),  # a tie goes to JSON
        ("application/json, application/problem+xml", False),
        ("application/json;q=0.5, application/problem+xml", True),
        ("application/problem+xml;q=0", False),
        ("application/problem+xml;q=nonsense", False),
        ("*/*, text/xml;q=0.9", False),
        ("application/problem+xml;q=2", False),
    ],
)
def test_wants_xml(get, accept, xml):
    assert wants_xml(get(HTTP_ACCEPT=accept)) is xml


def test_head_has_headers_and_no_body(rf):
    response = render(Problem.of_slug("not-found"), rf.head("/api/x"))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.content == b""


def test_each_occurrence_is_logged_with_its_instance(get, caplog):
    with caplog.at_level(logging.INFO, logger="django_problems"):
        response = render(Problem.of_slug("not-found"), get())
    instance = json.loads(response.content)["instance"]
    [record] = [r for r in caplog.records if r.name == "django_problems"]
    assert record.levelno == logging.INFO
    assert record.problem_instance == instance
    assert instance in record.getMessage()


def test_server_errors_are_logged_as_errors(get, caplog):
    with caplog.at_level(logging.INFO, logger="django_problems"):
        render(Problem.of_slug("service-temporarily-unavailable"), get())
    assert caplog.records[-1].levelno == logging.ERROR


def test_render_without_a_request():
    response = render(Problem.of_slug("not-found"))
    assert json.loads(response.content)["status"] == 404


def test_instances_are_unique(get):
    first = json.loads(render(Problem.of_slug("not-found"), get()).content)["instance"]
    second = json.loads(render(Problem.of_slug("not-found"), get()).content)["instance"]
    assert first != second
