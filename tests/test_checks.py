"""``manage.py check``: the PROBLEMS setting and the integration, with stable ids and hints."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from django_problems.checks import check_integration, check_settings


def ids(messages: list[Any]) -> list[str]:
    return [m.id for m in messages]


def with_problems(settings: Any, **values: Any) -> None:
    settings.PROBLEMS = {**settings.PROBLEMS, **values}


def test_the_example_project_is_clean():
    call_command("check")


def test_problems_must_be_a_dict(settings):
    settings.PROBLEMS = ["nope"]
    assert ids(check_settings()) == ["django_problems.E001"]


def test_unknown_key_is_reported_with_the_known_ones(settings):
    with_problems(settings, TYPE_BASE_URI="https://x.example/problems/")
    [message] = check_settings()
    assert message.id == "django_problems.E001"
    assert "TYPE_BASE_URI" in message.msg
    assert "TYPE_BASE_URL" in (message.hint or "")


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("API_PREFIXES", "/api/"),
        ("TYPES", []),
        ("ERRORS_FORMAT", 1),
        ("DEBUG_EXTENSION", "yes"),
        ("FIELD_CODES", ["required"]),
        ("TYPE_BASE_URL", 5),
    ],
)
def test_wrong_shapes(settings, key, value):
    with_problems(settings, **{key: value})
    assert ids(check_settings()) == ["django_problems.E002"]


@pytest.mark.parametrize(
    "url",
    ["problems/", "ftp://x.example/problems/", "https://x.example/problems/#frag", "https://"],
)
def test_type_base_url_must_be_absolute_http(settings, url):
    with_problems(settings, TYPE_BASE_URL=url)
    assert ids(check_settings()) == ["django_problems.E003"]


def test_api_prefixes_and_errors_format_values(settings):
    with_problems(settings, API_PREFIXES=["api/"], ERRORS_FORMAT="tree")
    assert ids(check_settings()) == ["django_problems.E003", "django_problems.E003"]


def test_bad_slug_and_bad_spec(settings):
    with_problems(settings, TYPES={"Bad Slug": {"status": 400, "title": "x"}, "ok-slug": 5})
    assert ids(check_settings()) == ["django_problems.E004", "django_problems.E004"]


def test_override_of_an_unknown_slug(settings):
    with_problems(settings, TYPES={"invalid-api-versoin": {"status": 401}})
    [message] = check_settings()
    assert message.id == "django_problems.E005"
    assert "invalid-api-versoin" in message.msg


@pytest.mark.parametrize("status", [200, 302, 600, "401", True])
def test_bad_status(settings, status):
    with_problems(settings, TYPES={"invalid-api-version": {"status": status}})
    assert ids(check_settings()) == ["django_problems.E006"]


def test_good_override_is_clean(settings):
    with_problems(settings, TYPES={"invalid-api-version": {"status": 401}})
    assert check_settings() == []


@pytest.mark.parametrize(
    "spec",
    [
        {"extensions": {"status": "shadows a member"}},
        {"extensions": {"x": "too short"}},
        {"colour": "red"},
        {"headers": "Retry-After"},
    ],
)
def test_bad_fields(settings, spec):
    with_problems(settings, TYPES={"not-found": spec})
    assert ids(check_settings()) == ["django_problems.E007"]


def test_duplicate_codes(settings):
    with_problems(
        settings,
        TYPES={
            "offer-expired": {"title": "Offer expired", "status": 410, "code": "E_API_NOT_FOUND"}
        },
    )
    [message] = check_settings()
    assert message.id == "django_problems.E008"
    assert "'not-found'" in message.msg and "'offer-expired'" in message.msg


def test_integration_warnings(settings):
    settings.REST_FRAMEWORK = {}
    settings.MIDDLEWARE = []
    settings.DEBUG = False
    settings.PROBLEMS = {}
    assert ids(check_integration()) == [
        "django_problems.W001",
        "django_problems.W002",
        "django_problems.W003",
    ]


def test_no_base_url_is_fine_in_debug(settings):
    settings.DEBUG = True
    settings.PROBLEMS = {}
    assert "django_problems.W003" not in ids(check_integration())


def test_check_command_fails_on_errors(settings):
    with_problems(settings, TYPES={"not-found": {"status": 200}})
    with pytest.raises(SystemCheckError, match=r"django_problems\.E006"):
        call_command("check")
