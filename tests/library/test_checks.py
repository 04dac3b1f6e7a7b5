"""``manage.py check``: the core's PROBLEMS keys and the integration, with stable ids and hints."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from django_problems.checks import check_integration, check_settings, check_type_base_url
from tests.services import MISSING_EXTRAS


def ids(messages: list[Any]) -> list[str]:
    return [m.id for m in messages]


def with_problems(settings: Any, **values: Any) -> None:
    settings.PROBLEMS = {**settings.PROBLEMS, **values}


def test_the_library_test_settings_are_clean():
    """Every feature app installed and configured: ``check`` has nothing to say (without the
    ``signatures`` extra, only that it is missing)."""
    assert {m.id for m in run_checks()} == MISSING_EXTRAS
    if not MISSING_EXTRAS:
        call_command("check")


def test_without_cryptography_the_signatures_app_says_what_to_install():
    if not MISSING_EXTRAS:
        pytest.skip("cryptography is installed: this runs in the no-extras CI job")
    [message] = [m for m in run_checks() if m.id == "django_problems.E165"]
    assert "django-problems[signatures]" in (message.hint or "")


def test_problems_must_be_a_dict(settings):
    settings.PROBLEMS = ["nope"]
    assert ids(check_settings()) == ["django_problems.E001"]


def test_unknown_key_is_reported_with_the_known_ones(settings):
    with_problems(settings, TYPE_BASE_URI="https://x.example/problems/")
    [message] = check_settings()
    assert message.id == "django_problems.E002"
    assert "TYPE_BASE_URI" in message.msg
    assert "TYPE_BASE_URL" in (message.hint or "")


@pytest.mark.parametrize(
    "url",
    ["problems/", "ftp://x.example/problems/", "https://x.example/problems/#frag", "https://", 5],
)
def test_type_base_url_must_be_absolute_http(settings, url):
    with_problems(settings, TYPE_BASE_URL=url)
    assert ids(check_settings()) == ["django_problems.E003"]


def test_each_bad_value_has_its_own_id(settings):
    with_problems(settings, API_PREFIXES=["api/"], ERRORS_FORMAT="tree")
    assert ids(check_settings()) == ["django_problems.E004", "django_problems.E013"]


def test_bad_slug_and_bad_spec(settings):
    with_problems(settings, TYPES={"Bad Slug": {"status": 400, "title": "x"}, "ok-slug": 5})
    assert ids(check_settings()) == ["django_problems.E006", "django_problems.E007"]


def test_override_of_an_unknown_slug(settings):
    with_problems(settings, TYPES={"invalid-api-versoin": {"status": 401}})
    [message] = check_settings()
    assert message.id == "django_problems.E009"
    assert "invalid-api-versoin" in message.msg


def test_a_misspelt_field_of_a_new_type_is_named(settings):
    """``titel`` is a misspelt field, not a reason to call the slug unknown."""
    with_problems(settings, TYPES={"offer-expired": {"titel": "Offer expired", "status": 410}})
    [message] = check_settings()
    assert message.id == "django_problems.E008"
    assert "'titel'" in message.msg and "title" in (message.hint or "")


@pytest.mark.parametrize("status", [200, 302, 600, "401", True])
def test_bad_status(settings, status):
    with_problems(settings, TYPES={"invalid-api-version": {"status": status}})
    assert ids(check_settings()) == ["django_problems.E010"]


def test_good_override_is_clean(settings):
    with_problems(settings, TYPES={"invalid-api-version": {"status": 401}})
    assert check_settings() == []


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"extensions": {"status": "shadows a member"}}, "django_problems.E011"),
        ({"extensions": {"x": "too short"}}, "django_problems.E011"),
        ({"colour": "red"}, "django_problems.E008"),
        ({"headers": "Retry-After"}, "django_problems.E011"),
    ],
)
def test_bad_fields(settings, spec, expected):
    with_problems(settings, TYPES={"not-found": spec})
    assert ids(check_settings()) == [expected]


def test_duplicate_codes(settings):
    with_problems(
        settings,
        TYPES={
            "offer-expired": {"title": "Offer expired", "status": 410, "code": "E_API_NOT_FOUND"}
        },
    )
    [message] = check_settings()
    assert message.id == "django_problems.E012"
    assert "'not-found'" in message.msg and "'offer-expired'" in message.msg


def test_integration_warnings(settings):
    settings.REST_FRAMEWORK = {}
    settings.MIDDLEWARE = []
    assert ids(check_integration()) == ["django_problems.W001", "django_problems.W002"]


def test_relative_type_uris_are_a_deploy_warning(settings):
    settings.PROBLEMS = {}
    assert ids(check_type_base_url()) == ["django_problems.W003"]
    assert "django_problems.W003" not in ids(run_checks())
    assert "django_problems.W003" in ids(run_checks(include_deployment_checks=True))


def test_a_feature_class_without_its_app_is_an_error(settings):
    settings.INSTALLED_APPS = [
        a for a in settings.INSTALLED_APPS if a != "django_problems.api_keys"
    ]
    [message] = [m for m in check_integration() if m.id == "django_problems.E021"]
    assert "ApiKeyAuthentication" in message.msg and "django_problems.api_keys" in message.msg
    assert "INSTALLED_APPS" in (message.hint or "")


def test_a_feature_section_without_its_app_is_reported(settings):
    settings.INSTALLED_APPS = [
        a for a in settings.INSTALLED_APPS if a != "django_problems.maintenance"
    ]
    assert "django_problems.W004" in ids(check_settings())


def test_check_command_fails_on_errors(settings):
    with_problems(settings, TYPES={"not-found": {"status": 200}})
    with pytest.raises(SystemCheckError, match=r"django_problems\.E010"):
        call_command("check")
