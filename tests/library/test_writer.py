"""The one writer: content type, headers, body shape, XML, HEAD and logging."""

from __future__ import annotations

import json
import logging
from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import RequestFactory
from django.utils import translation
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from django_problems.problem import Problem
from django_problems.writer import render, wants_xml
from django_problems.xml import NAMESPACE

NS = {"p": NAMESPACE}
XML = "application/problem+xml"


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
    problem = Problem.of_slug(
        "not-found", extensions={"ok_name": 1, "x": 2, "1bad": 3, "a-b": 4, "abc\n": 5}
    )
    body = json.loads(render(problem, get()).content)
    assert body["ok_name"] == 1
    assert {"x", "1bad", "a-b", "abc\n", "abc"}.isdisjoint(body)


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


# Hardening: whatever string Python can hold, the writer answers a valid document.


class _Echo(serializers.Serializer[dict[str, Any]]):
    """Echoes what the client sent in its messages (ChoiceField) and keys (DictField)."""

    colour = serializers.ChoiceField(choices=["red"], required=False)
    meta = serializers.DictField(child=serializers.IntegerField(), required=False)


class _EchoView(APIView):
    authentication_classes: list[type[Any]] = []
    permission_classes = [AllowAny]
    versioning_class = None

    def post(self, request: Request) -> Response:
        _Echo(data=request.data).is_valid(raise_exception=True)
        return Response({})


LONE_SURROGATE_BODIES = [
    pytest.param('{"colour": "\\ud800"}', ["colour"], id="choice-value-in-message"),
    pytest.param('{"meta": {"\\ud800": "x"}}', ["meta.\ufffd"], id="dict-field-key"),
    pytest.param('{"meta": {"\\udfff\\ud800": "x"}}', ["meta.\ufffd\ufffd"], id="reversed-pair"),
]


@pytest.mark.parametrize(("body", "keys"), LONE_SURROGATE_BODIES)
def test_a_lone_surrogate_in_the_request_gives_a_valid_json_problem(body, keys):
    request = APIRequestFactory().post("/api/x", body, content_type="application/json")
    response = _EchoView.as_view()(request)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    text = response.content.decode("utf-8")  # strict: valid UTF-8
    problem = json.loads(text)
    assert problem["status"] == 400
    assert problem["code"] == "E_API_INVALID_PARAMETERS"
    assert list(problem["errors"]) == keys
    assert "\ufffd" in text
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


@pytest.mark.parametrize(("body", "keys"), LONE_SURROGATE_BODIES)
def test_a_lone_surrogate_in_the_request_gives_a_valid_xml_problem(body, keys):
    request = APIRequestFactory().post(
        "/api/x",
        body,
        content_type="application/json",
        HTTP_ACCEPT="application/json;q=0.5, application/problem+xml",
    )
    response = _EchoView.as_view()(request)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+xml; charset=utf-8"
    response.content.decode("utf-8")
    root = ElementTree.fromstring(response.content)
    assert root.findtext("p:status", namespaces=NS) == "400"
    errors = root.find("p:errors", NS)
    assert errors is not None
    assert [_xml_key(e) for e in errors] == keys


def test_a_surrogate_pair_is_one_character_and_lone_ones_are_replaced(get):
    problem = Problem.of_slug("not-found", "pair \ud83d\ude00 lone \ud800 \udc00 end")
    body = json.loads(render(problem, get()).content.decode("utf-8"))
    assert body["detail"] == "pair \U0001f600 lone \ufffd \ufffd end"
    root = ElementTree.fromstring(render(problem, get(HTTP_ACCEPT=XML)).content)
    assert root.findtext("p:detail", namespaces=NS) == "pair \U0001f600 lone \ufffd \ufffd end"


def _xml_key(element: ElementTree.Element) -> str:
    """The member name an element stands for: its local name, or ``name`` on ``<i>``."""
    local = element.tag.rpartition("}")[2]
    return element.get("name", local) if local == "i" else local


@pytest.mark.parametrize(
    ("key", "survives_as"),
    [
        ("ctl\x01", "ctl\ufffd"),
        ("esc\x1b[31m", "esc\ufffd[31m"),
        ("nonchar\ufffe", "nonchar\ufffd"),
        ("nul\x00", "nul\ufffd"),
        ("newline\n", "newline\n"),
        ("carriage\r", "carriage\r"),
        ("crlf\r\n", "crlf\r\n"),
        ("tab\tx", "tab\tx"),
        ("  spaced  ", "  spaced  "),
        ("quote\"apos'", "quote\"apos'"),
        ("<tag>&amp;", "<tag>&amp;"),
        ("xmlns", "xmlns"),
        ("XMLish", "XMLish"),
        ("a:b", "a:b"),
        ("", ""),
        ("plain", "plain"),
        ("i", "i"),
    ],
)
def test_every_xml_member_name_survives(get, key, survives_as):
    problem = Problem.of_slug(
        "invalid-parameters", extensions={"errors": {key: ["m"], "after": ["n"]}}
    )
    response = render(problem, get(HTTP_ACCEPT=XML))
    root = ElementTree.fromstring(response.content)
    errors = root.find("p:errors", NS)
    assert errors is not None
    assert [_xml_key(e) for e in errors] == [survives_as, "after"]
    assert [[i.text for i in e] for e in errors] == [["m"], ["n"]]
    # A member never reads as an array item: an <i> element always names its key.
    assert all(e.get("name") is not None for e in errors if e.tag.endswith("}i"))


@pytest.mark.parametrize(
    "text", ["line\r\nbreak", "lone\rreturn", "tab\there", "]]> end", "a & b < c > d"]
)
def test_xml_text_survives_exactly(get, text):
    root = ElementTree.fromstring(
        render(Problem.of_slug("not-found", text), get(HTTP_ACCEPT=XML)).content
    )
    assert root.findtext("p:detail", namespaces=NS) == text


def test_a_null_in_an_xml_array_is_an_empty_item(get):
    problem = Problem.of_slug("not-found", extensions={"values": [1, None, "x"]})
    root = ElementTree.fromstring(render(problem, get(HTTP_ACCEPT=XML)).content)
    values = root.find("p:values", NS)
    assert values is not None
    assert [i.text for i in values] == ["1", None, "x"]


# Hardening: nothing the client sends can forge or colour a log line.


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        (
            "/api/x%0aGET%20/api/workers%20-%3E%20200",
            "GET /api/x\\nGET /api/workers -> 200 -> 404 not-found",
        ),
        ("/api/%1b[31mred%1b[0m", "GET /api/\\x1b[31mred\\x1b[0m -> 404 not-found"),
        ("/api/back\\slash", "GET /api/back\\\\slash -> 404 not-found"),
        ("/api/caf%C3%A9", "GET /api/caf\\xe9 -> 404 not-found"),
    ],
)
def test_the_log_line_escapes_what_the_client_sent(anon, caplog, path, logged):
    with caplog.at_level(logging.INFO, logger="django_problems"):
        response = anon.get(path)
    assert response.status_code == 404
    [record] = [r for r in caplog.records if r.name == "django_problems"]
    message = record.getMessage()
    assert message.startswith(logged + " (instance urn:uuid:")
    assert message.isprintable()
    assert record.request.path == response.wsgi_request.path  # extra keeps the raw request


def test_the_log_line_escapes_the_method(rf, caplog):
    request = rf.get("/api/x")
    request.method = "GET\r\nFORGED"
    with caplog.at_level(logging.INFO, logger="django_problems"):
        render(Problem.of_slug("not-found"), request)
    [record] = [r for r in caplog.records if r.name == "django_problems"]
    assert record.getMessage().startswith("GET\\r\\nFORGED /api/x -> 404 not-found")


def test_instances_are_unique_version_4_uuids_across_threads_and_forks():
    import os
    import threading
    import uuid

    from django_problems.problem import new_instance

    seen: list[str] = [new_instance() for _ in range(1000)]

    def more() -> None:
        seen.extend(new_instance() for _ in range(1000))

    threads = [threading.Thread(target=more) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child process
        os.write(write, new_instance().encode())
        os._exit(0)
    os.waitpid(child, 0)
    from_child = os.read(read, 100).decode()
    os.close(read)
    os.close(write)
    seen.append(from_child)
    seen.append(new_instance())  # the parent's next one: must differ from the child's
    assert len(set(seen)) == len(seen) == 5002
    for value in seen:
        parsed = uuid.UUID(value.removeprefix("urn:uuid:"))
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
