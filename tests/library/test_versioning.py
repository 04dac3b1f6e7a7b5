"""The ``api-version`` versioning class: causes, headers, order against authentication, checks."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from django_problems.testing import assert_problem
from django_problems.versioning.checks import check_versioning
from django_problems.versioning.policy import get_version_policy
from django_problems.versioning.scheme import ApiVersioning
from django_problems.versioning.settings import VERSION_PATTERN, DeprecationPolicy, parse_date
from tests.clients import VersionedClient
from tests.services import MISSING_EXTRAS

SUPPORTED = ["1.0", "1.1"]
DEPRECATION_1_0 = {
    "Deprecation": "@1767225600",  # 2026-01-01T00:00:00Z
    "Sunset": "Wed, 30 Jun 2027 00:00:00 GMT",
    "Link": '<http://127.0.0.1:8000/problems/#invalid-api-version>; rel="deprecation"; '
    'type="text/html"',
}


def versioning(**section: Any) -> Any:
    """``override_settings`` with ``PROBLEMS["VERSIONING"] = section`` (other keys kept)."""
    from django.conf import settings

    return override_settings(PROBLEMS={**settings.PROBLEMS, "VERSIONING": section})


@pytest.fixture
def raw(db: Any) -> VersionedClient:
    """An unauthenticated client that sends the query string exactly as given."""
    return VersionedClient(versioned=False)


@pytest.fixture
def raw_api(user: Any, client_for: Any) -> VersionedClient:
    """An authenticated client that sends the query string exactly as given."""
    client: VersionedClient = client_for(user, versioned=False)
    return client


def assert_version_lists(response: Any) -> None:
    assert response["api-supported-versions"] == "1.1"
    assert response["api-deprecated-versions"] == "1.0"


# --- each cause of invalid-api-version ------------------------------------------------------


REQUIRED = "The api-version query parameter is required."
EMPTY = "The api-version query parameter is empty."
MULTIPLE = "The api-version query parameter is specified multiple times; give it once."


def malformed(value: str) -> str:
    return f"'{value}' is not a valid version: use the major.minor form, e.g. '1.0'."


CAUSES = [
    pytest.param("", REQUIRED, "required", id="missing"),
    pytest.param("api-version=", EMPTY, "blank", id="empty"),
    pytest.param("api-version", EMPTY, "blank", id="no-equals"),
    pytest.param("api-version=%20", EMPTY, "blank", id="blank"),
    pytest.param("api-version=1", malformed("1"), "invalid", id="major-only"),
    pytest.param("api-version=1.0.0", malformed("1.0.0"), "invalid", id="patch"),
    pytest.param("api-version=v1", malformed("v1"), "invalid", id="v-prefix"),
    pytest.param("api-version=abc", malformed("abc"), "invalid", id="word"),
    pytest.param("api-version=01.0", malformed("01.0"), "invalid", id="leading-zero"),
    pytest.param("api-version=1.0%0A", malformed("1.0\n"), "invalid", id="trailing-newline"),
    pytest.param(
        "api-version=%D9%A1.%D9%A0", malformed("\u0661.\u0660"), "invalid", id="arabic-digits"
    ),
    pytest.param("api-version=%FF", malformed("\ufffd"), "invalid", id="bad-utf8"),
    pytest.param("api-version=1.0%00", malformed("1.0\x00"), "invalid", id="nul"),
    pytest.param("api-version=1.0;x=1", malformed("1.0;x=1"), "invalid", id="semicolon"),
    pytest.param(
        "api-version=9.9", "'9.9' is not a supported version.", "unsupported", id="unsupported"
    ),
    pytest.param("api-version=1.0&api-version=1.0", MULTIPLE, "multiple", id="repeated-same"),
    pytest.param("api-version=1.0&api-version=1.1", MULTIPLE, "multiple", id="repeated-other"),
    pytest.param("api-version=1.1&api-version=", MULTIPLE, "multiple", id="repeated-empty"),
]


@pytest.mark.parametrize(("query", "message", "code"), CAUSES)
def test_each_cause_is_an_invalid_api_version_problem(
    raw_api: VersionedClient, query: str, message: str, code: str
) -> None:
    response = raw_api.get(f"/api/workers?{query}")
    assert_problem(
        response,
        "invalid-api-version",
        status=400,
        detail=message,
        errors={"api-version": [message]},
        codes={"api-version": [code]},
        supported_versions=SUPPORTED,
    )
    assert_version_lists(response)
    assert not response.has_header("Deprecation")


def test_a_long_value_is_quoted_shortened(raw_api: VersionedClient) -> None:
    response = raw_api.get("/api/workers?api-version=" + "9" * 5000)
    body = assert_problem(response, "invalid-api-version")
    assert body["errors"] == {"api-version": [malformed("9" * 32 + "…")]}


def test_the_parameter_name_is_case_sensitive(raw_api: VersionedClient) -> None:
    response = raw_api.get("/api/workers?API-Version=1.1")
    assert_problem(
        response,
        "invalid-api-version",
        errors={"api-version": [REQUIRED]},
    )


def test_a_percent_encoded_version_is_decoded(raw_api: VersionedClient) -> None:
    response = raw_api.get("/api/workers?api%2Dversion=1%2E1")
    assert response.status_code == 200
    assert_version_lists(response)


def test_every_method_is_versioned(raw_api: VersionedClient, worker: Any) -> None:
    response = raw_api.post(f"/api/workers/{worker.pk}/invite?api-version=2.0")
    assert_problem(response, "invalid-api-version", supported_versions=SUPPORTED)


# --- order: versioning before authentication ----------------------------------------------


def test_unauthenticated_request_with_bad_version_gets_invalid_api_version(
    raw: VersionedClient,
) -> None:
    response = raw.get("/api/workers?api-version=1")
    assert_problem(response, "invalid-api-version", supported_versions=SUPPORTED)
    assert not response.has_header("WWW-Authenticate")


def test_unauthenticated_request_with_good_version_gets_401_with_version_headers(
    raw: VersionedClient,
) -> None:
    response = raw.get("/api/workers?api-version=1.1")
    assert_problem(response, "unauthorised")
    assert_version_lists(response)
    assert not response.has_header("Deprecation")


# --- headers on success and problem responses ---------------------------------------------


def test_current_version_succeeds_with_version_lists_only(raw_api: VersionedClient) -> None:
    response = raw_api.get("/api/workers?api-version=1.1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == []
    assert_version_lists(response)
    for name in DEPRECATION_1_0:
        assert not response.has_header(name)


def test_deprecated_version_succeeds_with_deprecation_sunset_and_link(
    raw_api: VersionedClient,
) -> None:
    response = raw_api.get("/api/workers?api-version=1.0")
    assert response.status_code == 200
    assert_version_lists(response)
    for name, value in DEPRECATION_1_0.items():
        assert response[name] == value


def test_problem_of_a_versioned_view_carries_the_version_headers(
    raw_api: VersionedClient, foreign_worker: Any
) -> None:
    response = raw_api.get(f"/api/workers/{foreign_worker.pk}?api-version=1.0")
    assert_problem(response, "not-found")
    assert_version_lists(response)
    for name, value in DEPRECATION_1_0.items():
        assert response[name] == value


def test_validation_problem_of_a_versioned_view_carries_the_version_headers(
    raw_api: VersionedClient,
) -> None:
    response = raw_api.post("/api/workers?api-version=1.1", {}, format="json")
    assert_problem(response, "invalid-parameters")
    assert_version_lists(response)


def test_unversioned_paths_are_not_versioned(raw: VersionedClient) -> None:
    response = raw.get("/problems/")
    assert response.status_code == 200
    assert not response.has_header("api-supported-versions")


# --- settings: default version, parameter name, errors format -------------------------------


def test_default_version_applies_only_when_the_parameter_is_absent(
    raw_api: VersionedClient,
) -> None:
    with versioning(SUPPORTED=SUPPORTED, DEFAULT="1.1"):
        assert raw_api.get("/api/workers").status_code == 200
        assert_problem(
            raw_api.get("/api/workers?api-version="),
            "invalid-api-version",
            errors={"api-version": [EMPTY]},
        )


def test_configured_parameter_name_is_used_everywhere(raw_api: VersionedClient) -> None:
    with versioning(PARAM="v", SUPPORTED=["2.0"]):
        assert raw_api.get("/api/workers?v=2.0").status_code == 200
        response = raw_api.get("/api/workers?api-version=2.0")
        assert_problem(
            response,
            "invalid-api-version",
            errors={"v": ["The v query parameter is required."]},
            supported_versions=["2.0"],
        )
        assert response["api-supported-versions"] == "2.0"
        assert not response.has_header("api-deprecated-versions")


def test_list_errors_format_points_at_the_parameter(raw_api: VersionedClient) -> None:
    from django.conf import settings

    with override_settings(PROBLEMS={**settings.PROBLEMS, "ERRORS_FORMAT": "list"}):
        response = raw_api.get("/api/workers?api-version=9.9")
    assert_problem(
        response,
        "invalid-api-version",
        errors=[
            {
                "detail": "'9.9' is not a supported version.",
                "pointer": "#/api-version",
                "code": "unsupported",
            }
        ],
    )


def test_french_request_gets_a_translated_title(raw_api: VersionedClient) -> None:
    response = raw_api.get("/api/workers?api-version=9.9", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert response["Content-Language"] == "fr"


def test_invalid_settings_are_a_loud_configuration_error(
    raw_api: VersionedClient, caplog: Any
) -> None:
    """A value ``check`` reports is never replaced by another: the request fails with a 500
    problem and the log names the check id."""
    raw_api.raise_request_exception = False
    with versioning(SUPPORTED=["1.1", "v2"]):
        response = raw_api.get("/api/workers?api-version=1.1")
    assert_problem(response, "internal-platform-error", status=500)
    assert "django_problems.E104" in caplog.text


# --- the class on its own: per-view use, request.version, reverse ---------------------------


class EchoView(APIView):
    """A view with ``ApiVersioning`` set per view, reporting what DRF determined."""

    versioning_class = ApiVersioning
    permission_classes = [AllowAny]
    authentication_classes = []

    def get(self, request: Request) -> Response:
        return Response(
            {"version": request.version, "url": reverse("worker-list", request=request)}
        )


def test_per_view_class_sets_request_version_and_keeps_it_in_reversed_urls(db: Any) -> None:
    view = EchoView.as_view()
    response = view(APIRequestFactory().get("/anything?api-version=1.1"))
    response.render()
    assert response.status_code == 200
    assert response.data == {
        "version": "1.1",
        "url": "http://testserver/api/workers?api-version=1.1",
    }
    assert response["api-supported-versions"] == "1.1"


def test_per_view_class_raises_the_problem(db: Any) -> None:
    response = EchoView.as_view()(APIRequestFactory().get("/anything?api-version=1.0.0"))
    assert_problem(response, "invalid-api-version", supported_versions=SUPPORTED)
    assert_version_lists(response)


def test_is_allowed_version_follows_the_policy() -> None:
    scheme = ApiVersioning()
    assert scheme.is_allowed_version("1.0")
    assert not scheme.is_allowed_version("9.9")
    assert not scheme.is_allowed_version(None)


# --- the policy, as the OpenAPI integration reads it ----------------------------------------


def test_policy_read_from_the_settings() -> None:
    policy = get_version_policy()
    assert policy.param == "api-version"
    assert policy.supported == ("1.0", "1.1")
    assert policy.current == ("1.1",)
    assert policy.default is None
    assert policy.pattern == VERSION_PATTERN
    assert policy.deprecated["1.0"] == DeprecationPolicy(
        deprecation=datetime(2026, 1, 1, tzinfo=timezone.utc),
        sunset=datetime(2027, 6, 30, tzinfo=timezone.utc),
        link="http://127.0.0.1:8000/problems/#invalid-api-version",
    )
    with pytest.raises(TypeError):
        policy.deprecated["1.1"] = DeprecationPolicy()  # type: ignore[index]


def test_policy_without_supported_versions_is_a_configuration_error() -> None:
    from django.conf import settings

    problems = {k: v for k, v in settings.PROBLEMS.items() if k != "VERSIONING"}
    with (
        override_settings(PROBLEMS=problems),
        pytest.raises(ImproperlyConfigured, match=r"django_problems\.E103"),
    ):
        get_version_policy()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2027-06-30", datetime(2027, 6, 30, tzinfo=timezone.utc)),
        ("2027-06-30T12:30:00Z", datetime(2027, 6, 30, 12, 30, tzinfo=timezone.utc)),
        ("2027-06-30T14:30:00+02:00", datetime(2027, 6, 30, 12, 30, tzinfo=timezone.utc)),
        ("Wed, 30 Jun 2027 00:00:00 GMT", datetime(2027, 6, 30, tzinfo=timezone.utc)),
        (date(2027, 6, 30), datetime(2027, 6, 30, tzinfo=timezone.utc)),
        (datetime(2027, 6, 30, 1, 2), datetime(2027, 6, 30, 1, 2, tzinfo=timezone.utc)),
        ("30/06/2027", None),
        ("", None),
        (20270630, None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: datetime | None) -> None:
    assert parse_date(value) == expected


def test_pattern_accepts_major_minor_only() -> None:
    import re

    pattern = re.compile(VERSION_PATTERN)
    assert [v for v in ("0.1", "1.0", "2.13", "10.0") if not pattern.match(v)] == []
    assert [v for v in ("1", "1.0.0", "v1", "01.0", "1.01", ".1", "1.") if pattern.match(v)] == []


# --- system checks ------------------------------------------------------------------------


def deprecated(policy: Any) -> dict[str, Any]:
    """A versioning section with 1.0 and 1.1 supported and 1.0 deprecated with ``policy``."""
    return {"SUPPORTED": ["1.0", "1.1"], "DEPRECATED": {"1.0": policy}}


def check_ids(**section: Any) -> list[str]:
    with versioning(**section):
        return [message.id or "" for message in check_versioning()]


def test_valid_settings_pass_the_checks() -> None:
    assert check_versioning() == []
    found = {m.id for m in run_checks() if (m.id or "").startswith("django_problems.E1")}
    assert found == MISSING_EXTRAS


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ({"SUPPORTED": ["1.0"], "VERSION": "1.0"}, ["django_problems.E101"]),
        ({"SUPPORTED": ["1.0"], "PARAM": ""}, ["django_problems.E102"]),
        ({"SUPPORTED": ["1.0"], "PARAM": "api version"}, ["django_problems.E102"]),
        ({"SUPPORTED": ["1.0"], "PARAM": ["v"]}, ["django_problems.E102"]),
        ({}, ["django_problems.E103"]),
        ({"SUPPORTED": "1.0"}, ["django_problems.E103"]),
        ({"SUPPORTED": ["1.0", "v2", 2.0]}, ["django_problems.E104", "django_problems.E104"]),
        ({"SUPPORTED": ["1.0"], "DEPRECATED": ["1.0"]}, ["django_problems.E105"]),
        ({"SUPPORTED": ["1.0", "1.1"], "DEPRECATED": {"0.9": {}}}, ["django_problems.E106"]),
        (deprecated("soon"), ["django_problems.E107"]),
        (
            deprecated({"deprecation": "2026-01-01", "sunset_date": "x"}),
            ["django_problems.E108"],
        ),
        (
            deprecated({"deprecation": "next year"}),
            ["django_problems.E109"],
        ),
        (
            deprecated({"deprecation": "2026-01-01", "link": "/versions"}),
            ["django_problems.E110"],
        ),
        ({"SUPPORTED": ["1.0"], "DEFAULT": "2.0"}, ["django_problems.E111"]),
        (deprecated({}), ["django_problems.W100"]),
        (
            deprecated({"deprecation": "2030-01-01", "sunset": "2029-01-01"}),
            ["django_problems.W101"],
        ),
        (
            {"SUPPORTED": ["1.0"], "DEPRECATED": {"1.0": {"deprecation": "2026-01-01"}}},
            ["django_problems.W102"],
        ),
        (
            deprecated({"deprecation": "2020-01-01", "sunset": "2021-01-01"}),
            ["django_problems.W104"],
        ),
    ],
)
def test_invalid_versioning_settings_are_reported(
    section: dict[str, Any], expected: list[str]
) -> None:
    assert check_ids(**section) == expected


def test_checks_have_hints() -> None:
    with versioning(SUPPORTED=["v1"], DEFAULT="1.0"):
        messages = check_versioning()
    assert messages
    assert all(m.hint for m in messages)


def test_drf_version_settings_are_reported_as_ignored() -> None:
    from django.conf import settings

    drf = {**settings.REST_FRAMEWORK, "ALLOWED_VERSIONS": ["1.0"], "DEFAULT_VERSION": "1.0"}
    with override_settings(REST_FRAMEWORK=drf):
        ids = [m.id for m in check_versioning()]
    assert ids == ["django_problems.W103", "django_problems.W103"]


def test_no_checks_when_the_versioning_app_is_not_installed() -> None:
    from django.conf import settings

    installed = [a for a in settings.INSTALLED_APPS if a != "django_problems.versioning"]
    problems = {k: v for k, v in settings.PROBLEMS.items() if k != "VERSIONING"}
    with override_settings(INSTALLED_APPS=installed, PROBLEMS=problems):
        assert check_versioning() == []


def test_sunset_in_the_future_is_not_reported() -> None:
    soon = (datetime.now(timezone.utc) + timedelta(days=30)).date().isoformat()
    ids = check_ids(
        SUPPORTED=["1.0", "1.1"], DEPRECATED={"1.0": {"deprecation": "2026-01-01", "sunset": soon}}
    )
    assert ids == []


def test_policy_keeps_one_copy_of_a_repeated_version() -> None:
    with versioning(SUPPORTED=["1.0", "1.0", "1.1"], DEPRECATED={"1.0": {}}):
        policy = get_version_policy()
    assert policy.supported == ("1.0", "1.1")
    assert dict(policy.deprecated) == {"1.0": DeprecationPolicy()}
    assert policy.headers("1.0") == {
        "api-supported-versions": "1.1",
        "api-deprecated-versions": "1.0",
    }


def test_reverse_without_a_request_adds_no_version() -> None:
    assert ApiVersioning().reverse("worker-list") == "/api/workers"
