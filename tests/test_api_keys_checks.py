"""System checks of PROBLEMS["API_KEYS"]: E120-E126 and W120."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.checks import run_checks

from django_problems.auth_checks import check_api_keys

PEPPER = "p" * 32


def ids(**api_keys: Any) -> list[str]:
    return [m.id or "" for m in check_api_keys()]


def configure(settings: Any, **api_keys: Any) -> None:
    settings.PROBLEMS = {**settings.PROBLEMS, "API_KEYS": api_keys}


def test_the_example_configuration_is_clean() -> None:
    assert [m.id for m in run_checks() if (m.id or "").startswith("django_problems.E12")] == []
    assert check_api_keys() == []


def test_section_must_be_a_dict(settings: Any) -> None:
    settings.PROBLEMS = {**settings.PROBLEMS, "API_KEYS": ["X-Api-Key"]}
    assert ids() == ["django_problems.E120"]


def test_unknown_keys_are_reported(settings: Any) -> None:
    configure(settings, PEPPER=PEPPER, HEADR="X-Api-Key")
    messages = check_api_keys()
    assert [m.id for m in messages] == ["django_problems.E120"]
    assert "HEADR" in messages[0].msg
    assert "HEADER" in (messages[0].hint or "")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"HEADER": "X_Api_Key"}, "django_problems.E121"),
        ({"HEADER": ""}, "django_problems.E121"),
        ({"HEADER": 7}, "django_problems.E121"),
        ({"PREFIX": "Has_Underscore"}, "django_problems.E122"),
        ({"PREFIX": "x" * 17}, "django_problems.E122"),
        ({"PEPPER": "short"}, "django_problems.E123"),
        ({"PEPPER": b"p" * 40}, "django_problems.E123"),
        ({"ACCESS_TOKEN_PARAM": "access token"}, "django_problems.E124"),
        ({"ACCESS_TOKEN_PARAM": 1}, "django_problems.E124"),
        ({"LAST_USED_INTERVAL": -1}, "django_problems.E125"),
        ({"LAST_USED_INTERVAL": "60"}, "django_problems.E125"),
        ({"LAST_USED_INTERVAL": True}, "django_problems.E125"),
    ],
)
def test_bad_values_are_errors_with_hints(
    settings: Any, values: dict[str, Any], expected: str
) -> None:
    configure(settings, **{"PEPPER": PEPPER, **values})
    messages = check_api_keys()
    assert [m.id for m in messages] == [expected]
    assert messages[0].hint


def test_a_derived_pepper_warns_when_debug_is_off(settings: Any) -> None:
    settings.DEBUG = False
    configure(settings)
    messages = check_api_keys()
    assert [m.id for m in messages] == ["django_problems.W120"]
    assert "SECRET_KEY" in messages[0].msg


def test_a_derived_pepper_is_fine_in_debug(settings: Any) -> None:
    settings.DEBUG = True
    configure(settings)
    assert ids() == []


def test_access_token_class_without_its_parameter_is_an_error(settings: Any) -> None:
    configure(settings, PEPPER=PEPPER)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "django_problems.authentication.AccessTokenAuthentication"
        ],
    }
    assert ids() == ["django_problems.E126"]
    configure(settings, PEPPER=PEPPER, ACCESS_TOKEN_PARAM="access_token")
    assert ids() == []


def test_bad_settings_fall_back_to_defaults_at_request_time(settings: Any) -> None:
    from django_problems import api_keys

    configure(
        settings,
        HEADER="X_Bad",
        PREFIX="BAD!",
        ACCESS_TOKEN_PARAM="a b",
        LAST_USED_INTERVAL=-5,
        REALM='a"b',
    )
    assert api_keys.api_key_header() == "X-Api-Key"
    assert api_keys.key_prefix() == "dpk"
    assert api_keys.access_token_param() is None
    assert api_keys.last_used_interval() == 60
    assert api_keys.realm() == "ab"
