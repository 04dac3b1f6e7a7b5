"""System checks of PROBLEMS["API_KEYS"]: E140-E148 and the deploy warning W140."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from django_problems.api_keys.checks import check_api_keys, check_pepper
from django_problems.api_keys.settings import api_keys_settings

PEPPER = "p" * 32


def ids() -> list[str]:
    return [m.id or "" for m in check_api_keys()]


def configure(settings: Any, **api_keys: Any) -> None:
    settings.PROBLEMS = {**settings.PROBLEMS, "API_KEYS": api_keys}


def test_a_valid_configuration_is_clean() -> None:
    assert [m.id for m in run_checks() if (m.id or "").startswith("django_problems.E14")] == []
    assert check_api_keys() == []


def test_section_must_be_a_dict(settings: Any) -> None:
    settings.PROBLEMS = {**settings.PROBLEMS, "API_KEYS": ["X-Api-Key"]}
    assert ids() == ["django_problems.E140"]


def test_unknown_keys_are_reported(settings: Any) -> None:
    configure(settings, PEPPER=PEPPER, HEADR="X-Api-Key")
    messages = check_api_keys()
    assert [m.id for m in messages] == ["django_problems.E141"]
    assert "HEADR" in messages[0].msg
    assert "HEADER" in (messages[0].hint or "")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"HEADER": "X_Api_Key"}, "django_problems.E142"),
        ({"HEADER": ""}, "django_problems.E142"),
        ({"HEADER": 7}, "django_problems.E142"),
        ({"PREFIX": "Has_Underscore"}, "django_problems.E143"),
        ({"PREFIX": "x" * 17}, "django_problems.E143"),
        ({"PEPPER": "short"}, "django_problems.E144"),
        ({"PEPPER": b"p" * 40}, "django_problems.E144"),
        ({"ACCESS_TOKEN_PARAM": "access token"}, "django_problems.E145"),
        ({"ACCESS_TOKEN_PARAM": 1}, "django_problems.E145"),
        ({"LAST_USED_INTERVAL": -1}, "django_problems.E146"),
        ({"LAST_USED_INTERVAL": "60"}, "django_problems.E146"),
        ({"LAST_USED_INTERVAL": True}, "django_problems.E146"),
        ({"REALM": 5}, "django_problems.E147"),
        ({"REALM": 'a"b'}, "django_problems.E147"),
        ({"REALM": ""}, "django_problems.E147"),
    ],
)
def test_bad_values_are_errors_with_hints(
    settings: Any, values: dict[str, Any], expected: str
) -> None:
    configure(settings, **{"PEPPER": PEPPER, **values})
    messages = check_api_keys()
    assert [m.id for m in messages] == [expected]
    assert messages[0].hint


def test_a_derived_pepper_is_a_deploy_warning(settings: Any) -> None:
    configure(settings)
    [message] = check_pepper()
    assert message.id == "django_problems.W140"
    assert "SECRET_KEY" in message.msg
    assert "django_problems.W140" not in [m.id for m in run_checks()]
    assert "django_problems.W140" in [m.id for m in run_checks(include_deployment_checks=True)]


def test_a_pepper_of_its_own_passes_the_deploy_check(settings: Any) -> None:
    configure(settings, PEPPER=PEPPER)
    assert check_pepper() == []


def test_access_token_class_without_its_parameter_is_an_error(settings: Any) -> None:
    configure(settings, PEPPER=PEPPER)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "django_problems.api_keys.authentication.AccessTokenAuthentication"
        ],
    }
    assert ids() == ["django_problems.E148"]
    configure(settings, PEPPER=PEPPER, ACCESS_TOKEN_PARAM="access_token")
    assert ids() == []


def test_bad_settings_are_never_replaced_at_request_time(settings: Any) -> None:
    """What check reports is what a request meets: a configuration error, not a default."""
    configure(settings, HEADER="X_Bad", REALM=5)
    with pytest.raises(ImproperlyConfigured, match=r"django_problems\.E142"):
        api_keys_settings()


def test_no_checks_when_the_app_is_not_installed(settings: Any) -> None:
    settings.INSTALLED_APPS = [
        a
        for a in settings.INSTALLED_APPS
        if a not in ("django_problems.api_keys", "django_problems.signatures")
    ]
    configure(settings, HEADER="X_Bad")
    assert check_api_keys() == []
    assert check_pepper() == []
