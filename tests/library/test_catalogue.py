"""The catalogue: built-in types, project types and overrides from settings."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from django_problems import raise_problem
from django_problems.catalogue import get_catalogue, reason_phrase
from django_problems.exceptions import ProblemError
from django_problems.problem_types import ProblemType, build_type, installed_types
from django_problems.testing import assert_problem
from tests.clients import VersionedClient

SEED_TYPES = {
    "unauthorised": (401, "E_API_UNAUTHORISED", "authentication"),
    "expired-account": (401, "E_API_AUTH_EXPIRED_ACCOUNT", "authentication"),
    "no-token": (401, "no_token", "authentication"),
    "invalid-token": (401, "invalid_token", "authentication"),
    "request-already-received": (401, "E_API_REQUEST_ALREADY_RECEIVED", "authentication"),
    "invalid-api-version": (400, "E_API_INVALID_VERSION", "api"),
    "invalid-http-method": (405, "E_API_INVALID_HTTP_METHOD", "api"),
    "service-temporarily-unavailable": (503, "E_API_SERVICE_TEMPORARILY_UNAVAILABLE", "api"),
    "invalid-parameters": (400, "E_API_INVALID_PARAMETERS", "validation"),
    "parameters-out-of-range": (400, "E_API_PARAMETERS_OUT_OF_RANGE", "validation"),
    "unauthorised-resource-access": (403, "E_API_NOT_AUTHORIZED", "validation"),
    "resource-crud-failure": (409, "E_API_RESOURCE_CRUD_FAILURE", "misc"),
    "internal-platform-error": (500, "E_API_INTERNAL_ERROR", "misc"),
}


@pytest.mark.parametrize(("slug", "expected"), SEED_TYPES.items())
def test_every_seed_error_has_its_type(settings, slug, expected):
    # The forbidden-reference type is listed only when the project turns it on.
    settings.PROBLEMS = {**settings.PROBLEMS, "FORBIDDEN_REFERENCE_CODES": ["does_not_exist"]}
    problem_type = get_catalogue().get(slug)
    assert (problem_type.status, problem_type.code, problem_type.category) == expected


def test_types_the_project_cannot_produce_are_not_listed(settings):
    settings.PROBLEMS = {**settings.PROBLEMS, "FORBIDDEN_REFERENCE_CODES": []}
    catalogue = get_catalogue()
    assert "unauthorised-resource-access" not in catalogue
    assert "token-not-valid" not in catalogue  # no simplejwt in this project
    settings.PROBLEMS = {
        **settings.PROBLEMS,
        "TYPES": {"unauthorised-resource-access": {"status": 401}},
    }
    assert get_catalogue().get("unauthorised-resource-access").status == 401


def test_simplejwt_types_are_listed_when_simplejwt_is_in_use(settings):
    settings.SIMPLE_JWT = {}
    catalogue = get_catalogue()
    assert catalogue.get("token-not-valid").code == "token_not_valid"
    assert catalogue.get("no-active-account").status == 401


def test_feature_types_come_with_their_apps(settings):
    assert "expired-account" in get_catalogue()
    settings.INSTALLED_APPS = [
        a
        for a in settings.INSTALLED_APPS
        if a not in ("django_problems.api_keys", "django_problems.signatures")
    ]
    catalogue = get_catalogue()
    assert "expired-account" not in catalogue and "request-already-received" not in catalogue
    assert "not-found" in catalogue


def test_builtin_slugs_and_codes_are_unique():
    types = list(installed_types().values())
    assert len({t.slug for t in types}) == len(types)
    assert len({t.code for t in types}) == len(types)


def test_type_uri_uses_the_base_setting_and_falls_back_to_the_docs_path(settings):
    assert get_catalogue().type_uri("not-found") == "http://127.0.0.1:8000/problems/#not-found"
    settings.PROBLEMS = {**settings.PROBLEMS, "TYPE_BASE_URL": None}
    assert get_catalogue().type_uri("not-found") == "/problems/#not-found"


def test_type_uri_without_the_docs_urls(settings):
    settings.ROOT_URLCONF = "tests.library.urls_without_docs"
    settings.PROBLEMS = {**settings.PROBLEMS, "TYPE_BASE_URL": None}
    assert get_catalogue().type_uri("not-found") == "/problems/#not-found"


def test_override_changes_status_and_the_response(settings, db):
    settings.PROBLEMS = {
        **settings.PROBLEMS,
        "TYPES": {"resource-crud-failure": {"status": 500, "title": "Could not complete"}},
    }
    problem_type = get_catalogue().get("resource-crud-failure")
    assert problem_type.status == 500
    assert problem_type.code == "E_API_RESOURCE_CRUD_FAILURE"
    response = VersionedClient(raise_request_exception=False).get("/api/test/raise/problem")
    assert_problem(response, "resource-crud-failure", status=500)
    assert response.json()["title"] == "Could not complete"


def test_project_types_are_registered_with_defaults(settings):
    settings.PROBLEMS = {
        **settings.PROBLEMS,
        "TYPES": {"offer-expired": {"title": "Offer expired", "status": 410}},
    }
    problem_type = get_catalogue().get("offer-expired")
    assert problem_type.code == "OFFER_EXPIRED"
    assert problem_type.category == "misc"
    with pytest.raises(ProblemError) as raised:
        raise_problem("offer-expired", "Offer 3 expired yesterday.", offer=3)
    assert raised.value.status_code == 410
    assert raised.value.extensions == {"offer": 3}


def test_invalid_entries_are_never_used_silently(settings):
    """What ``check`` reports is not replaced at run time: reading it is a configuration error."""
    settings.PROBLEMS = {**settings.PROBLEMS, "TYPES": {"not-found": {"status": "404"}}}
    with pytest.raises(ImproperlyConfigured, match=r"django_problems\.E010"):
        get_catalogue()


def test_unknown_slug_is_a_clear_error():
    with pytest.raises(KeyError, match="no problem type 'nope'"):
        get_catalogue().get("nope")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"colour": "red"}, "unknown field"),
        ({"status": True}, "status must be an integer"),
        ({"status": 302}, "not 4xx/5xx"),
        ({"title": 5}, "title must be a string"),
        ({"headers": []}, "headers must be a mapping"),
        ({"extensions": {"status": "x"}}, "bad extension name"),
        ({"extensions": {"resource\n": "x"}}, "bad extension name"),
        ({"member_schemas": {"nope": {"type": "string"}}}, "which is not one of its extensions"),
        ({"member_schemas": []}, "member_schemas must be a mapping"),
    ],
)
def test_build_type_rejects_bad_fields(spec, message):
    base = get_catalogue().get("not-found")
    with pytest.raises((TypeError, ValueError), match=message):
        build_type("not-found", spec, base)


def test_problem_type_validates_itself():
    with pytest.raises(ValueError, match="slug"):
        ProblemType(
            slug="Not_OK",
            title="t",
            status=400,
            code="c",
            category="misc",
            description="d",
            fix="f",
            default_detail="d",
        )


def test_for_status_and_reason_phrase():
    catalogue = get_catalogue()
    assert getattr(catalogue.for_status(404), "slug", None) == "not-found"
    assert catalogue.for_status(418) is None
    assert reason_phrase(418) == "I'm a Teapot"
    assert reason_phrase(499) == "Error"
    assert reason_phrase(599) == "Server Error"
    assert len(catalogue) == len(list(catalogue))
