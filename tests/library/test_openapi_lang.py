"""``?lang=`` on the schema, Swagger UI and Redoc views: only a language of ``LANGUAGES``.

drf-spectacular activates whatever ``lang`` says: a path loaded a translation file planted on
disk, and each distinct value kept a translation in Django's cache for good.
"""

from __future__ import annotations

import json
import shutil
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils.translation import trans_real

from django_problems.testing import assert_problem

VIEWS = ["/schema/", "/schema/swagger/", "/schema/redoc/"]
JSON_SCHEMA = "application/vnd.oai.openapi+json"


def _mo(catalog: dict[str, str]) -> bytes:
    """A GNU gettext catalogue (.mo) holding ``catalog``."""
    entries = sorted({"": "Content-Type: text/plain; charset=UTF-8\n", **catalog}.items())
    ids = [k.encode() for k, _ in entries]
    strs = [v.encode() for _, v in entries]
    header = 7 * 4
    ids_table = header
    strs_table = ids_table + 8 * len(entries)
    data = strs_table + 8 * len(entries)
    offsets, blob = [], b""
    for text in [*ids, *strs]:
        offsets.append((len(text), data + len(blob)))
        blob += text + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(entries), ids_table, strs_table, 0, 0)
    for length, offset in offsets:
        out += struct.pack("<2I", length, offset)
    return out + blob


@pytest.fixture
def planted() -> Iterator[str]:
    """A translation file an attacker managed to write somewhere on disk: its language "code"
    is the path of its directory (one without ``-``, ``_`` or ``.``, which gettext would split)."""
    while True:
        root = Path(tempfile.mkdtemp(prefix="planted"))
        if root.name.isalnum():
            break
        root.rmdir()
    messages = root / "LC_MESSAGES"
    messages.mkdir()
    (messages / "django.mo").write_bytes(_mo({"Not found": "PLANTED TRANSLATION"}))
    yield str(root)
    shutil.rmtree(root)


def test_a_path_as_lang_loads_no_translation_file(client: Client, planted: str) -> None:
    response = client.get("/schema/", {"lang": planted}, HTTP_ACCEPT=JSON_SCHEMA)
    assert "PLANTED TRANSLATION" not in response.content.decode()
    assert_problem(response, "not-found", status=404)
    detail = json.loads(response.content)["detail"]
    assert detail == "lang must be one of: en, fr."
    assert planted not in detail


@pytest.mark.parametrize("path", VIEWS)
@pytest.mark.parametrize("lang", ["../../../../tmp/evil", "de", "EN", "en\n", "fr;q=1", "x" * 300])
def test_a_lang_outside_languages_is_a_not_found_problem(client: Client, path: str, lang: str):
    response = client.get(path, {"lang": lang})
    assert_problem(response, "not-found", status=404)
    assert json.loads(response.content)["detail"] == "lang must be one of: en, fr."


@pytest.mark.parametrize("path", VIEWS)
def test_lang_given_twice_must_be_accepted_both_times(client: Client, path: str) -> None:
    response = client.get(f"{path}?lang=fr&lang=../../evil")
    assert_problem(response, "not-found", status=404)


def test_a_language_of_languages_translates_the_schema(client: Client) -> None:
    response = client.get("/schema/", {"lang": "fr"}, HTTP_ACCEPT=JSON_SCHEMA)
    assert response.status_code == 200
    assert client.get("/schema/?lang=", HTTP_ACCEPT=JSON_SCHEMA).status_code == 200  # as absent
    assert '"title": "Introuvable"' in response.content.decode()


@pytest.mark.parametrize("path", ["/schema/swagger/", "/schema/redoc/"])
def test_the_pages_pass_an_accepted_lang_to_the_schema(client: Client, path: str) -> None:
    response = client.get(path, {"lang": "fr", "version": "1.1"})
    assert response.status_code == 200
    page = response.content.decode()
    page = page.replace("\\u003D", "=").replace("\\u0026", "&").replace("&amp;", "&")
    assert "/schema/?lang=fr&version=1.1" in page
    assert client.get(path).status_code == 200  # no lang: as before


def test_the_problem_is_in_the_requested_language_of_the_client(client: Client) -> None:
    response = client.get("/schema/", {"lang": "xx"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert_problem(response, "not-found", status=404)
    assert json.loads(response.content)["detail"] == "lang doit être l'une des valeurs : en, fr."


@pytest.mark.parametrize("path", VIEWS)
def test_many_distinct_bad_langs_grow_no_cache(client: Client, path: str) -> Any:
    client.get("/schema/", {"lang": "fr"}, HTTP_ACCEPT=JSON_SCHEMA)  # warm every cache
    before = dict(trans_real._translations)  # type: ignore[attr-defined]
    for number in range(40):
        response = client.get(path, {"lang": f"zz-{number}"})
        assert response.status_code == 404
    assert trans_real._translations == before  # type: ignore[attr-defined]
