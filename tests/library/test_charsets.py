"""Request charsets: only text encodings, decided before anything decodes the request.

Django decodes the query string and the body with the codec the ``Content-Type`` charset names;
a codec that is not a text encoding (``zlib``, ``hex``, ``base64``) inflates a small body or
fails while Django builds the request, before any middleware. Through the WSGI and ASGI
applications of ``django_problems.wsgi`` / ``django_problems.asgi`` such a request is a 415
problem like any other.
"""

from __future__ import annotations

import io
import json
import zlib
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler

from django_problems.charsets import charset_of, is_text_charset, without_charset
from django_problems.wsgi import ProblemWSGIHandler

NOT_TEXT = ["zlib", "hex", "base64", "rot13", "uu", "bz2", "punycode", "idna", "utf-7", "nope"]
TEXT = ["utf-8", "UTF-8", "latin-1", "iso-8859-15", "utf-16", "windows-1252", "ascii"]


def wsgi_call(
    app: Any, charset: str, body: bytes, path: str = "/api/workers", method: str = "POST"
) -> dict[str, Any]:
    """One raw WSGI request (the test client would encode the body itself)."""
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    environ.update(
        {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "api-version=1.1",
            "CONTENT_TYPE": f"application/json; charset={charset}",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "HTTP_HOST": "testserver",
        }
    )
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        seen["status"] = int(status.split()[0])
        seen["headers"] = dict(headers)

    seen["body"] = b"".join(app(environ, start_response))
    return seen


@pytest.mark.parametrize("charset", NOT_TEXT)
def test_a_charset_that_is_not_a_text_encoding_is_refused(charset: str) -> None:
    assert not is_text_charset(charset)


@pytest.mark.parametrize("charset", TEXT)
def test_text_encodings_are_accepted(charset: str) -> None:
    assert is_text_charset(charset)


def test_content_type_parameters_are_read_and_removed() -> None:
    assert charset_of('application/json; charset="zlib"') == "zlib"
    assert charset_of("application/json") is None
    assert without_charset("application/json; charset=zlib; q=1") == "application/json; q=1"


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["zlib", "hex", "base64", "rot13", "uu", "punycode"])
def test_django_alone_fails_before_any_middleware(charset: str) -> None:
    """What the guard is for: Django's own handler raises while it builds the request."""
    with pytest.raises((LookupError, UnicodeError)):
        wsgi_call(WSGIHandler(), charset, b'{"name": "x"}')


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["zlib", "hex", "base64", "rot13", "uu", "punycode", "nope"])
def test_the_guarded_handler_answers_a_415_problem(charset: str) -> None:
    seen = wsgi_call(ProblemWSGIHandler(), charset, b'{"name": "x"}')
    assert seen["status"] == 415
    assert seen["headers"]["Content-Type"] == "application/problem+json"
    assert seen["headers"]["Accept"] == "application/json"
    body = json.loads(seen["body"])
    assert body["type"].endswith("#unsupported-media-type")
    assert body["status"] == 415
    assert f"The charset {charset} is not a text encoding" in body["detail"]


@pytest.mark.django_db
def test_a_compressed_body_is_never_inflated() -> None:
    """A 194 KB zlib body once became 200 MB in the worker: now nothing decodes it."""
    body = zlib.compress(json.dumps({"name": "a" * 5_000_000}).encode())
    assert len(body) < 10_000
    seen = wsgi_call(ProblemWSGIHandler(), "zlib", body)
    assert seen["status"] == 415
    assert len(seen["body"]) < 1_000


@pytest.mark.django_db
def test_outside_the_api_the_guard_only_keeps_django_from_crashing() -> None:
    with pytest.raises(LookupError):
        wsgi_call(WSGIHandler(), "hex", b"", path="/site/page", method="GET")
    seen = wsgi_call(ProblemWSGIHandler(), "hex", b"", path="/site/page", method="GET")
    assert seen["status"] == 200
    assert seen["body"] == b"<h1>site</h1>"


def test_without_the_guard_the_middleware_still_refuses_a_text_charset_django_kept(
    api: Any,
) -> None:
    """A charset Django accepts but that is no body encoding (utf-7) is refused by the
    middleware alone, before the body is decoded."""
    response = api.generic(
        "POST",
        "/api/workers",
        b'{"name": "x", "email": "x@example.com"}',
        content_type="application/json; charset=utf-7",
    )
    assert response.status_code == 415
    assert response.json()["type"].endswith("#unsupported-media-type")


def test_a_text_charset_goes_through(api: Any) -> None:
    body = '{"name": "Zoë", "email": "zoe@example.com"}'.encode("latin-1")
    response = api.generic(
        "POST", "/api/workers", body, content_type="application/json; charset=latin-1"
    )
    assert response.status_code == 201
    assert response.json()["name"] == "Zoë"
