"""Bad input of any kind gets a clear problem: never HTML, a traceback or a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest

from django_problems.testing import assert_problem
from tests.clients import VersionedClient

OPEN = "/api/test/open"


@pytest.fixture
def anon(db: Any) -> VersionedClient:
    return VersionedClient(raise_request_exception=False)


def post(client: VersionedClient, body: bytes | str, content_type: str = "application/json") -> Any:
    return client.post(OPEN, body, content_type=content_type)


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b'{"name": ', "line 1, column 10"),
        (b"{'single': 'quotes'}", "line 1, column 2"),
        (b"[1, 2,]", "line 1, column 7"),
        (b"\x00\x01", "line 1, column 1"),
        (b'{"a": 1}{"b": 2}', "line 1, column 9"),
        (b'{\n  "a": 1,\n  "b" 2\n}', "line 3, column 7"),
    ],
)
def test_malformed_json_is_located_in_our_words(anon, body, where):
    """Where the body is wrong, not the parser's message (``Expecting value: ...``)."""
    detail = f"The request body is not valid JSON ({where})."
    assert_problem(post(anon, body), "malformed-request-body", detail=detail)


def test_non_utf8_json(anon):
    response = post(anon, '{"name": "café"}'.encode("latin-1"))
    detail = "The request body is not valid UTF-8 (byte 13)."
    assert_problem(response, "malformed-request-body", detail=detail)


def test_json_integer_too_long_to_read(anon):
    response = post(anon, b'{"n": ' + b"9" * 5000 + b"}")
    detail = "The request body holds a number longer than 4300 digits."
    body = assert_problem(response, "malformed-request-body", detail=detail)
    assert "set_int_max_str_digits" not in response.content.decode()
    assert "debug" not in body


def test_json_constants_that_are_not_json(anon):
    response = post(anon, b'{"n": NaN-ish}')
    assert_problem(response, "malformed-request-body", detail="The request body is not valid JSON.")


def test_malformed_multipart(anon):
    # No boundary: Django's MultiPartParser cannot split the body.
    response = anon.post("/api/test/parsers", b"--x\r\n", content_type="multipart/form-data")
    detail = "The request body is not a valid multipart form."
    assert_problem(response, "malformed-request-body", detail=detail)


def test_parser_messages_are_translated(anon):
    response = anon.post(
        OPEN, b'{"name": ', content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr"
    )
    body = assert_problem(response, "malformed-request-body")
    assert (
        body["detail"] == "Le corps de la requête n'est pas du JSON valide (ligne 1, colonne 10)."
    )


def test_a_project_parsers_own_message_is_kept(anon):
    response = anon.post("/api/test/parsers", b"x", content_type="text/csv")
    assert_problem(response, "malformed-request-body", detail="Row 1 has 3 columns, not 2.")


def test_json_nested_100000_levels(anon):
    response = post(anon, b"[" * 100_000 + b"]" * 100_000)
    detail = "The request body is nested too deeply."
    assert_problem(response, "malformed-request-body", detail=detail)


def test_json_object_nested_100000_levels(anon):
    response = post(anon, b'{"a":' * 100_000 + b"1" + b"}" * 100_000)
    assert_problem(response, "malformed-request-body")


def test_body_over_the_upload_limit(anon, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post(anon, json.dumps({"name": "x" * 2000}))
    assert_problem(response, "payload-too-large", max_size=1000)


def test_body_within_the_limit_passes(anon, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post(anon, json.dumps({"name": "x" * 100}))
    assert response.status_code == 200


@pytest.mark.parametrize("length", ["abc", "-5", "1e3"])
def test_malformed_content_length(anon, length):
    response = anon.post(OPEN, b"{}", content_type="application/json", CONTENT_LENGTH=length)
    assert_problem(response, "bad-request", detail="The Content-Length header is not valid.")


def test_fields_named_like_standard_members_cannot_overwrite_them(anon):
    response = anon.post(
        "/api/test/reserved",
        {"type": "x", "status": "y", "errors": "z", "instance": "i", "détail": "d"},
        format="json",
    )
    body = assert_problem(response, "invalid-parameters")
    assert body["status"] == 400
    assert body["type"].endswith("#invalid-parameters")
    assert body["instance"].startswith("urn:uuid:")
    assert set(body["errors"]) == {"type", "status", "errors", "instance", "détail"}
    assert body["errors"]["détail"] == ["A valid integer is required."]


def test_unicode_field_names_survive_in_json(anon):
    response = anon.post("/api/test/reserved", {}, format="json")
    body = assert_problem(response, "invalid-parameters")
    assert "détail" in body["errors"]
    assert "détail".encode() in response.content


@pytest.mark.parametrize(
    "accept",
    [
        "text/csv",
        "image/png, text/html;q=0.5",
        "application/xml;q=abc",
        "application/json;q=0",
        ";;;,,,",
        "*/*;q=2",
    ],
)
def test_accept_headers_nothing_can_satisfy_still_get_problem_json(anon, accept):
    response = anon.get(OPEN, HTTP_ACCEPT=accept)
    assert response.status_code in (200, 406)
    if response.status_code == 406:
        assert_problem(response, "not-acceptable")


@pytest.mark.parametrize(
    "query",
    ["?%", "?a=%zz", "?" + "a=1&" * 2000, "?\u00e9=\u00e9", "?a[]=1&a[b]=2", "?api-version=%00"],
)
def test_odd_query_strings_never_500(anon, query):
    response = anon.get(OPEN + query)
    assert response.status_code < 500
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"


def test_wrong_content_type_is_415_with_accept(anon):
    response = post(anon, "name=Ada", content_type="text/plain")
    assert_problem(response, "unsupported-media-type")
    assert response["Accept"] == "application/json"


def test_empty_body_with_json_type_is_fine(anon):
    response = anon.post(OPEN, b"", content_type="application/json")
    assert response.status_code == 200


def test_huge_header_value_does_not_break_the_writer(anon):
    response = anon.get("/api/nothing", HTTP_ACCEPT="application/json, " + "x/y, " * 5000)
    assert_problem(response, "not-found")


def test_a_repeated_query_parameter_is_an_error_not_the_last_value(api):
    response = api.get("/api/search?name=Ada&limit=1&limit=2")
    assert_problem(
        response,
        "invalid-parameters",
        errors={"limit": ["Give this parameter once."]},
        codes={"limit": ["repeated"]},
    )


def test_non_numeric_ids_are_not_found(api):
    assert_problem(api.get("/api/workers/abc"), "not-found")


@pytest.mark.parametrize("items", [1_000, 20_000])
def test_many_invalid_items_answer_a_bounded_problem(api, items):
    """Each ``{}`` costs the client 3 bytes and would cost the server a path, a message and a
    code: the errors member stops at MAX_ERRORS (100) and counts the rest."""
    body = json.dumps({"name": "Ada", "email": "ada@example.com", "skills": [{}] * items})
    response = api.post("/api/workers", body, content_type="application/json")
    problem = assert_problem(response, "invalid-parameters")
    assert len(problem["errors"]) == 100
    assert list(problem["errors"])[:2] == ["skills[0].name", "skills[1].name"]
    assert problem["errors_omitted"] == items - 100
    assert len(response.content) < 12_000
