"""Property-based tests (hypothesis): the writer and the mapper hold for any input.

The writer: any JSON value as extension members, any string as ``detail``, any string keys in
nested mappings render a JSON body that parses to the body (unpaired surrogates as U+FFFD) and an
XML body that is well-formed and keeps every key and text. The mapper: any nesting of dicts,
lists and ``ErrorDetail`` strings (what ``ValidationError.detail`` can be) maps without exception
to keys that round-trip through ``parse_dotted``/``dotted`` (map shape) or pointers and parameter
names that decode to their path (list shape).

Each property runs at most 200 examples without a deadline (a cold import must not fail it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest

# A development tool, not an extra of the package: the no-extras CI run may not install it.
pytest.importorskip("hypothesis", reason="hypothesis is not installed (requirements-dev.txt)")

from django.conf import settings
from django.test import RequestFactory, override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.exceptions import ErrorDetail

from django_problems.problem import Problem
from django_problems.problem_types import STANDARD_MEMBERS
from django_problems.serializer_errors import (
    dotted,
    flatten,
    map_errors,
    parse_dotted,
)
from django_problems.writer import render
from django_problems.xml import NAMESPACE

BOUNDED = hypothesis_settings(
    max_examples=200,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the work tree
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)

# Every code point, biased towards what breaks writers: surrogates (hypothesis leaves them out
# unless asked), control characters, the characters XML cannot hold, and the ones paths, pointers
# and markup give a meaning to.
ANY_CHARACTER = st.one_of(
    st.characters(codec=None, categories=None, exclude_categories=()),
    st.characters(categories=["Cs"]),
    st.characters(categories=["Cc"]),
    st.sampled_from([*"\ufffe\uffff\ufffd.[]\"\\~/%<>&' ", "\ud83d\ude00"]),
)
ANY_STRING = st.lists(ANY_CHARACTER, max_size=10).map("".join)
NOT_XML = {*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF}


def well_formed_unicode(text: str) -> str:
    """The oracle: unpaired surrogates as U+FFFD, a pair as the character it encodes."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | ANY_STRING,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(ANY_STRING, children, max_size=4)
    ),
    max_leaves=12,
)
EXTENSION_NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{2,8}", fullmatch=True).filter(
    lambda name: name not in STANDARD_MEMBERS
)
EXTENSIONS = st.dictionaries(EXTENSION_NAMES, JSON_VALUES, max_size=4)


def _in_json(value: Any) -> Any:
    """What ``value`` reads back as from the JSON body: unpaired surrogates as U+FFFD, tuples as
    lists."""
    if isinstance(value, str):
        return well_formed_unicode(value)
    if isinstance(value, dict):
        return {_in_json(k): _in_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_in_json(v) for v in value]
    return value


def _in_xml(text: str) -> str:
    """What a key or a text reads back as from the XML body."""
    return "".join("\ufffd" if ord(c) in NOT_XML else c for c in well_formed_unicode(text))


def _local(element: ElementTree.Element) -> str:
    return element.tag.rpartition("}")[2]


def _check_xml(value: Any, element: ElementTree.Element) -> None:
    """``element`` renders ``value``: keys (element names or ``name`` attributes) in order,
    array items in order, texts exact."""
    children = list(element)
    if isinstance(value, dict):
        members = [(k, v) for k, v in value.items() if v is not None]
        assert len(children) == len(members)
        for (key, member), child in zip(members, children, strict=True):
            name = child.get("name") if _local(child) == "i" else _local(child)
            assert name == _in_xml(str(key))
            _check_xml(member, child)
    elif isinstance(value, list):
        assert [_local(child) for child in children] == ["i"] * len(value)
        assert all(child.get("name") is None for child in children)
        for item, child in zip(value, children, strict=True):
            _check_xml(item, child)
    else:
        assert not children
        if value is None:
            expected = ""
        elif isinstance(value, bool):
            expected = "true" if value else "false"
        else:
            expected = _in_xml(str(value))
        assert (element.text or "") == expected


@BOUNDED
@given(detail=ANY_STRING, extensions=EXTENSIONS)
def test_any_body_renders_as_json_equal_to_the_body(detail, extensions):
    problem = Problem.of_slug("invalid-parameters", detail, extensions=extensions)
    response = render(problem, RequestFactory().get("/api/x"))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content.decode("utf-8"))  # strict UTF-8
    assert body == _in_json(response.data)
    assert body["detail"] == well_formed_unicode(detail)
    assert {k: body[k] for k in extensions if extensions[k] is not None} == {
        k: _in_json(v) for k, v in extensions.items() if v is not None
    }


@BOUNDED
@given(detail=ANY_STRING, extensions=EXTENSIONS)
def test_any_body_renders_as_well_formed_xml_keeping_every_key(detail, extensions):
    problem = Problem.of_slug("invalid-parameters", detail, extensions=extensions)
    request = RequestFactory().get("/api/x", HTTP_ACCEPT="application/problem+xml")
    response = render(problem, request)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+xml; charset=utf-8"
    response.content.decode("utf-8")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{NAMESPACE}}}problem"
    _check_xml(response.data, root)


# The mapper: ValidationError.detail is dicts (str keys, or int keys for ListField/DictField
# errors DRF keys by index), lists and ErrorDetail strings.

CODES = st.sampled_from(["invalid", "required", "max_length", "min_value", "blank"]) | ANY_STRING
ERROR_DETAILS = st.builds(ErrorDetail, ANY_STRING, CODES)


def _details(keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        ERROR_DETAILS,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(keys | st.integers(0, 20), children, max_size=4)
        ),
        max_leaves=16,
    )


DETAILS = _details(ANY_STRING)


def _leaves(detail: Any) -> Iterator[str]:
    if isinstance(detail, str):
        yield detail
    elif isinstance(detail, dict):
        for value in detail.values():
            yield from _leaves(value)
    else:
        for value in detail:
            yield from _leaves(value)


def _unpointer(pointer: str) -> tuple[str, ...]:
    """The reference tokens of a JSON Pointer written as a URI fragment (RFC 6901)."""
    assert pointer.startswith("#")
    if pointer == "#":
        return ()
    assert pointer.startswith("#/")
    return tuple(
        unquote(token, errors="surrogatepass").replace("~1", "/").replace("~0", "~")
        for token in pointer[2:].split("/")
    )


@pytest.mark.parametrize("location", ["body", "query"])
@BOUNDED
@given(detail=DETAILS)
def test_any_validation_detail_maps_to_keys_that_round_trip(location, detail):
    found = list(flatten(detail, location=location))
    assert sorted(e.message for e in found) == sorted(str(leaf) for leaf in _leaves(detail))
    for error in found:
        assert parse_dotted(dotted(error.path)) == error.path

    mapped = map_errors(detail, location)
    errors, codes = mapped.extensions["errors"], mapped.extensions["codes"]
    assert list(errors) == list(codes)
    assert len(errors) == len({e.path for e in found})  # distinct paths, distinct keys
    for key, messages in errors.items():
        assert dotted(parse_dotted(key)) == key
        assert len(codes[key]) == len(messages)
    assert sum(len(messages) for messages in errors.values()) == len(found)
    assert mapped.slug in {"invalid-parameters", "parameters-out-of-range"}


@pytest.mark.parametrize("location", ["body", "query"])
@BOUNDED
@given(detail=DETAILS)
def test_any_validation_detail_maps_to_the_list_shape(location, detail):
    found = list(flatten(detail, location=location))
    with override_settings(PROBLEMS={**settings.PROBLEMS, "ERRORS_FORMAT": "list"}):
        mapped = map_errors(detail, location)
    assert set(mapped.extensions) == {"errors"}
    items = mapped.extensions["errors"]
    assert len(items) == len(found)
    places: dict[Any, tuple[Any, ...]] = {}
    for item, error in zip(items, found, strict=True):
        assert item["detail"] == error.message
        assert item["code"] == error.code
        if location == "query":
            assert set(item) == {"detail", "parameter", "code"}
            assert parse_dotted(item["parameter"]) == error.path
            place = item["parameter"]
        else:
            assert set(item) == {"detail", "pointer", "code"}
            tokens = _unpointer(item["pointer"])
            # The pointer is UTF-8 percent-encoded: a lone surrogate in a key is U+FFFD there.
            assert tokens in {tuple(well_formed_unicode(str(p)) for p in error.path), ()}
            if tokens == ():
                assert error.path == ("non_field_errors",)
            place = item["pointer"]
        # A JSON Pointer cannot tell the item 0 of a list from the key "0" of an object.
        places.setdefault(place, tuple(str(p) for p in error.path))
        assert places[place] == tuple(str(p) for p in error.path)


def test_a_lone_surrogate_key_in_the_list_shape():
    detail = {"meta": {"\ud800": [ErrorDetail("A valid integer is required.", "invalid")]}}
    with override_settings(PROBLEMS={**settings.PROBLEMS, "ERRORS_FORMAT": "list"}):
        mapped = map_errors(detail)
    assert mapped.extensions["errors"][0]["pointer"] == "#/meta/%EF%BF%BD"
