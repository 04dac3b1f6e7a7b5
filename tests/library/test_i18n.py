"""Titles and details follow the request language; ``type`` does not."""

from __future__ import annotations

import pytest

from django_problems.testing import assert_problem
from tests.clients import VersionedClient


@pytest.fixture
def anon(db):
    return VersionedClient(raise_request_exception=False)


def test_french_title_and_detail(anon):
    response = anon.get("/api/nope", HTTP_ACCEPT_LANGUAGE="fr")
    body = response.json()
    assert response["Content-Language"] == "fr"
    assert body["title"] == "Introuvable"
    assert body["detail"] == "Aucune ressource n'a été trouvée à cette URL."
    assert body["type"] == "http://127.0.0.1:8000/problems/#not-found"
    assert "Accept-Language" in response["Vary"]


def test_french_validation_problem(anon, user, client_for):
    api = client_for(user)
    response = api.post("/api/workers", {"name": "Ada"}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    body = response.json()
    assert response.status_code == 400
    assert body["title"] == "Type(s) de données de paramètre de requête invalide(s)."
    assert body["errors"] == {"email": ["Ce champ est obligatoire."]}
    assert body["codes"] == {"email": ["required"]}  # DRF's code: codes never translate


def test_english_by_default(anon):
    response = anon.get("/api/nope")
    assert_problem(response, "not-found")
    assert response["Content-Language"] == "en"


def test_docs_page_in_french(client, db):
    response = client.get("/problems/", HTTP_ACCEPT_LANGUAGE="fr")
    text = response.content.decode()
    assert "Types de problèmes" in text
    assert 'id="not-found"' in text
    assert "Introuvable" in text


def test_languages_alternate_without_leaking_between_requests(anon):
    titles = [
        anon.get("/api/nope", HTTP_ACCEPT_LANGUAGE=lang).json()["title"]
        for lang in ("en", "fr", "en", "fr")
    ]
    assert titles == ["Not found", "Introuvable", "Not found", "Introuvable"]


@pytest.fixture
def i18n_off(settings):
    """USE_I18N = False, with Django's cached translation functions dropped (as its docs say)."""
    from django.utils import translation

    translation._trans.__dict__.clear()  # type: ignore[attr-defined]
    settings.USE_I18N = False
    yield
    settings.USE_I18N = True
    translation._trans.__dict__.clear()  # type: ignore[attr-defined]


def test_without_i18n_titles_are_the_catalogues(anon, i18n_off):
    response = anon.get("/api/nope", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["title"] == "Not found"


def test_version_problem_in_french(db):
    response = VersionedClient(versioned=False).get(
        "/api/workers?api-version=9.9", HTTP_ACCEPT_LANGUAGE="fr"
    )
    body = response.json()
    assert body["title"] == "Version d'API invalide"
    assert body["errors"] == {"api-version": ["« 9.9 » n'est pas une version prise en charge."]}


def test_every_catalogue_text_has_a_french_translation():
    """Each installed type's title, description, fix, default detail and member docs."""
    from django.utils import translation

    from django_problems.problem_types import installed_types

    missing = []
    for problem_type in installed_types().values():
        texts = [
            problem_type.title,
            problem_type.description,
            problem_type.fix,
            problem_type.default_detail,
            *problem_type.extensions.values(),
        ]
        for text in texts:
            english = str(text)
            with translation.override("fr"):
                if str(text) == english:
                    missing.append((problem_type.slug, english))
    assert missing == []
