"""Every documented setting: a bad value is reported by ``check`` under its own id, and is never
silently replaced at run time (reading it raises ``ImproperlyConfigured`` naming that id)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from django_problems.conf import CHECK_IDS, SECTIONS

BAD_VALUES: list[tuple[str | None, str, Any, str]] = [
    (None, "TYPE_BASE_URL", "problems/", "E003"),
    (None, "API_PREFIXES", "/api/", "E004"),
    (None, "TYPES", ["not-found"], "E005"),
    (None, "ERRORS_FORMAT", "tree", "E013"),
    (None, "RANGE_ERROR_CODES", "end_before_start", "E014"),
    (None, "FORBIDDEN_REFERENCE_CODES", [1], "E015"),
    (None, "FIELD_CODES", ["required"], "E016"),
    (None, "UNAVAILABLE_EXCEPTIONS", ["not a class"], "E017"),
    (None, "DEFAULT_CHALLENGE", "", "E018"),
    (None, "DEBUG_MEMBER", "yes", "E019"),
    (None, "CLASSIFIER", "django_problems.nowhere.Classifier", "E020"),
    (None, "MAX_ERRORS", 0, "E022"),
    (None, "TRACE_ID", "yes", "E023"),
    (None, "AUTHORIZATION_CACHE_CONTROL", "public", "E024"),
    ("VERSIONING", "PARAM", "api version", "E102"),
    ("VERSIONING", "SUPPORTED", "1.0", "E103"),
    ("VERSIONING", "DEPRECATED", ["1.0"], "E105"),
    ("VERSIONING", "DEFAULT", "v1", "E111"),
    ("VERSIONING", "THIRD_PARTY_VIEWS", "yes", "E112"),
    ("API_KEYS", "HEADER", "X_Api_Key", "E142"),
    ("API_KEYS", "PREFIX", "BAD!", "E143"),
    ("API_KEYS", "PEPPER", "short", "E144"),
    ("API_KEYS", "ACCESS_TOKEN_PARAM", "a b", "E145"),
    ("API_KEYS", "LAST_USED_INTERVAL", -5, "E146"),
    ("API_KEYS", "REALM", 5, "E147"),
    ("API_KEYS", "CACHE_CONTROL", "public", "E149"),
    ("SIGNATURES", "CACHE", "nowhere", "E162"),
    ("SIGNATURES", "WINDOW", 0, "E163"),
    ("SIGNATURES", "NONCE_KEY_PREFIX", 7, "E164"),
    ("MAINTENANCE", "CACHE", "nowhere", "E122"),
    ("MAINTENANCE", "KEY", "", "E123"),
    ("MAINTENANCE", "RETRY_AFTER", 0, "E124"),
    ("MAINTENANCE", "EXEMPT_PATHS", ["/"], "E125"),
    ("MAINTENANCE", "CHECK_INTERVAL", -1, "E127"),
    ("MAINTENANCE", "FAILURE_BACKOFF", "30", "E128"),
    ("MAINTENANCE", "FAIL_CLOSED", 1, "E129"),
    ("OPENAPI", "XML", "yes", "E182"),
    ("OPENAPI", "ALWAYS", ["no-such-type"], "E183"),
    ("OPENAPI", "DEPRECATE_OPERATIONS", 1, "E184"),
]
"""One bad value for every key of every section, and the id that must report it."""

SHAPES: list[tuple[str | None, str, str]] = [
    (None, "E001", "E002"),
    ("VERSIONING", "E100", "E101"),
    ("MAINTENANCE", "E120", "E121"),
    ("API_KEYS", "E140", "E141"),
    ("SIGNATURES", "E160", "E161"),
    ("OPENAPI", "E180", "E181"),
]
"""Each section's ids for "not a dict" and "an unknown key"."""


def path_of(section: str | None) -> str:
    return "PROBLEMS" if section is None else f"PROBLEMS[{section!r}]"


def configure(settings: Any, section: str | None, values: Any) -> None:
    if section is None:
        settings.PROBLEMS = {**settings.PROBLEMS, **values}
    else:
        current = settings.PROBLEMS.get(section, {})
        base = current if isinstance(values, dict) else {}
        settings.PROBLEMS = {
            **settings.PROBLEMS,
            section: {**base, **values} if isinstance(values, dict) else values,
        }


def test_every_declared_setting_has_a_bad_value_here():
    declared = {(s.name, key) for s in SECTIONS.values() for key in s.rules}
    covered = {(section, key) for section, key, _value, _id in BAD_VALUES}
    assert declared == covered
    assert {s.name for s in SECTIONS.values()} == {section for section, _s, _u in SHAPES}


@pytest.mark.parametrize(("section", "key", "value", "code"), BAD_VALUES)
def test_a_bad_value_is_reported_under_its_own_id(settings, section, key, value, code):
    configure(settings, section, {key: value})
    declaration = SECTIONS[path_of(section)]
    assert [m.id for m in declaration.check()] == [f"django_problems.{code}"]
    with pytest.raises(ImproperlyConfigured, match=rf"django_problems\.{code}\b"):
        declaration.get()


@pytest.mark.parametrize(("section", "shape_id", "unknown_id"), SHAPES)
def test_a_section_of_the_wrong_shape_or_with_an_unknown_key(
    settings, section, shape_id, unknown_id
):
    declaration = SECTIONS[path_of(section)]
    configure(settings, section, {"NO_SUCH_KEY": 1})
    [unknown] = declaration.check()
    assert unknown.id == f"django_problems.{unknown_id}"
    assert "NO_SUCH_KEY" in unknown.msg
    if section is None:
        settings.PROBLEMS = ["not", "a", "dict"]
    else:
        configure(settings, section, ["not", "a", "dict"])
    assert [m.id for m in declaration.check()] == [f"django_problems.{shape_id}"]


def test_every_check_id_is_declared_once_with_a_summary():
    assert all(summary for summary in CHECK_IDS.values())
    assert len(set(CHECK_IDS)) == len(CHECK_IDS)


@pytest.mark.parametrize(
    ("section", "key", "value", "check"),
    [
        (None, "TYPES", {"x-thing\n": {"title": "T", "status": 400}}, "E006"),
        (None, "UNAVAILABLE_EXCEPTIONS", ["requests.ConnectionError\n"], "E017"),
        ("API_KEYS", "HEADER", "X-Api-Key\n", "E142"),
        ("API_KEYS", "PREFIX", "dpk\n", "E143"),
        ("API_KEYS", "REALM", "api\n", "E147"),
    ],
)
def test_a_trailing_newline_is_not_a_valid_value(settings, section, key, value, check):
    """Anchors match the whole value: ``$`` alone would accept ``"name\\n"``."""
    test_a_bad_value_is_reported_under_its_own_id(settings, section, key, value, check)
