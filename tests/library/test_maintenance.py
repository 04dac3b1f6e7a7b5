"""The maintenance switch: 503 + Retry-After on API paths, on local memory and on Redis."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import override_settings

from django_problems.maintenance import switch as maintenance
from django_problems.maintenance.checks import check_maintenance, check_shared_cache
from django_problems.maintenance.settings import maintenance_settings
from django_problems.testing import assert_problem
from tests.clients import VersionedClient
from tests.services import redis_url

ROOT = Path(__file__).resolve().parents[2]
DETAIL = "The API is down for maintenance. Please retry later."
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
REDIS = "django.core.cache.backends.redis.RedisCache"


def with_maintenance(settings: Any, **section: Any) -> None:
    """Set ``PROBLEMS["MAINTENANCE"]`` through pytest-django's ``settings`` fixture."""
    settings.PROBLEMS = {**settings.PROBLEMS, "MAINTENANCE": section}


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def backend(request: Any, settings: Any) -> Iterator[dict[str, Any]]:
    """``CACHES["default"]`` on local memory, then on Redis, isolated by a fresh key prefix."""
    prefix = f"test-maintenance-{uuid.uuid4().hex}"
    if request.param == "redis":
        config = {"BACKEND": REDIS, "LOCATION": redis_url(), "KEY_PREFIX": prefix}
    else:
        config = {"BACKEND": LOCMEM, "LOCATION": prefix}
    settings.CACHES = {**settings.CACHES, "default": config}
    cache = caches["default"]  # kept: a test may replace CACHES again
    yield config
    cache.delete("django_problems:maintenance")


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("problems_maintenance", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def assert_maintenance(response: Any, retry_after: str = "30") -> None:
    assert_problem(response, "service-temporarily-unavailable", status=503, detail=DETAIL)
    assert response["Retry-After"] == retry_after


# --- the switch answers 503 on API paths ---------------------------------------------------


def test_off_by_default(backend: Any, api: VersionedClient) -> None:
    assert run("status")[0] == "Maintenance is off.\n"
    assert api.get("/api/workers").status_code == 200


def test_on_answers_503_with_retry_after_then_off_restores(
    backend: Any, api: VersionedClient
) -> None:
    out, _err = run("on")
    assert out.startswith("Maintenance is on since ")
    assert out.endswith("API requests answer 503 with Retry-After: 30.\n")
    assert_maintenance(api.get("/api/workers"))
    assert_maintenance(api.post("/api/workers", {"name": "x"}, format="json"))
    assert run("status")[0].startswith("Maintenance is on since ")
    assert run("off")[0] == "Maintenance is off.\n"
    assert api.get("/api/workers").status_code == 200
    assert run("off")[0] == "Maintenance was already off.\n"


def test_maintenance_comes_before_authentication_versioning_and_routing(
    backend: Any, db: Any
) -> None:
    maintenance.enable()
    raw = VersionedClient(versioned=False)
    assert_maintenance(raw.get("/api/workers"))
    assert_maintenance(raw.get("/api/no-such-endpoint"))


def test_maintenance_comes_before_the_body_size_gate(
    backend: Any, api: VersionedClient, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    maintenance.enable()
    response = api.post("/api/workers", {"name": "x" * 100}, format="json")
    assert_maintenance(response)


def test_head_gets_status_and_headers_without_body(backend: Any, api: VersionedClient) -> None:
    maintenance.enable()
    response = api.head("/api/workers")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.content == b""


def test_retry_after_from_the_command(backend: Any, api: VersionedClient) -> None:
    out, _err = run("on", "--retry-after", "120")
    assert "Retry-After: 120." in out
    assert_maintenance(api.get("/api/workers"), retry_after="120")


def test_retry_after_from_the_settings(backend: Any, api: VersionedClient, settings: Any) -> None:
    with_maintenance(settings, RETRY_AFTER=45)
    maintenance.enable()
    assert_maintenance(api.get("/api/workers"), retry_after="45")


def test_docs_page_and_admin_stay_reachable(backend: Any, client: Any, db: Any) -> None:
    maintenance.enable()
    assert client.get("/problems/").status_code == 200
    assert client.get("/problems/types.json").status_code == 200
    assert client.get("/admin/login/").status_code == 200


def test_exempt_paths_stay_reachable(backend: Any, api: VersionedClient, settings: Any) -> None:
    with_maintenance(settings, EXEMPT_PATHS=["/api/search"])
    maintenance.enable()
    response = api.get("/api/search?name=Ada")
    assert response.status_code == 200
    assert_maintenance(api.get("/api/workers"))


def test_docs_page_under_an_api_prefix_stays_reachable(
    backend: Any, client: Any, settings: Any
) -> None:
    settings.PROBLEMS = {**settings.PROBLEMS, "API_PREFIXES": ["/api/", "/problems/"]}
    maintenance.enable()
    assert client.get("/problems/").status_code == 200


def test_a_value_set_by_hand_means_on(backend: Any, api: VersionedClient) -> None:
    caches["default"].set("django_problems:maintenance", "yes", timeout=None)
    assert_maintenance(api.get("/api/workers"))
    assert maintenance.current_state() == maintenance.MaintenanceState(30)


def test_invalid_settings_are_a_configuration_error_not_a_default(
    backend: Any, api: VersionedClient, settings: Any, caplog: Any
) -> None:
    with_maintenance(settings, CACHE="nope", KEY=3, RETRY_AFTER="soon", EXEMPT_PATHS="/api/")
    with pytest.raises(ImproperlyConfigured, match=r"django_problems\.E122"):
        maintenance.enable()
    api.raise_request_exception = False
    assert_problem(api.get("/api/workers"), "internal-platform-error")
    assert "django_problems.E122" in caplog.text


@pytest.mark.parametrize("backend", ["redis"], indirect=True)
def test_other_processes_see_the_switch(
    backend: dict[str, Any], api: VersionedClient, settings: Any
) -> None:
    """The command run in another process turns maintenance on for this one (shared cache), as
    soon as this process reads the switch again (``CHECK_INTERVAL``; 0 here: every request)."""
    with_maintenance(settings, CHECK_INTERVAL=0)
    script = (
        "import sys, django; django.setup();"
        "from django.conf import settings;"
        "settings.CACHES['default'] = {'BACKEND': sys.argv[1], 'LOCATION': sys.argv[2],"
        " 'KEY_PREFIX': sys.argv[3]};"
        "from django.core.management import call_command;"
        "call_command('problems_maintenance', *sys.argv[4:])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.library.settings"}
    args = [sys.executable, "-c", script, REDIS, backend["LOCATION"], backend["KEY_PREFIX"]]
    on = subprocess.run(
        [*args, "on", "--retry-after", "7"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert on.returncode == 0, on.stderr
    assert_maintenance(api.get("/api/workers"), retry_after="7")
    off = subprocess.run([*args, "off"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert off.returncode == 0, off.stderr
    assert api.get("/api/workers").status_code == 200


# --- an unreadable cache fails open --------------------------------------------------------


@pytest.fixture
def unreachable(settings: Any) -> None:
    """The maintenance switch in a Redis cache nobody listens on."""
    settings.CACHES = {
        **settings.CACHES,
        "down": {
            "BACKEND": REDIS,
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        },
    }
    with_maintenance(settings, CACHE="down")
    maintenance.reset_warning_interval()


def test_unreachable_cache_serves_the_request_and_warns_once(
    unreachable: None, api: VersionedClient, caplog: Any
) -> None:
    with caplog.at_level(logging.WARNING, logger="django_problems"):
        first = api.get("/api/workers")
        second = api.get("/api/workers")
    assert first.status_code == 200
    assert second.status_code == 200
    warnings = [r for r in caplog.records if "maintenance switch unreadable" in r.getMessage()]
    assert len(warnings) == 1
    assert "'down'" in warnings[0].getMessage()
    assert "fail open" in warnings[0].getMessage()
    assert "30.0s" in warnings[0].getMessage()


def test_unreachable_cache_is_read_once_per_backoff_not_per_request(
    unreachable: None, api: VersionedClient, settings: Any, monkeypatch: Any
) -> None:
    """A cache that never answers holds one request per FAILURE_BACKOFF, not every request."""
    reads: list[str] = []
    real = maintenance._read

    def counted() -> Any:
        reads.append("read")
        return real()

    monkeypatch.setattr(maintenance, "_read", counted)
    for _ in range(5):
        assert api.get("/api/workers").status_code == 200
    assert reads == ["read"]


def test_fail_closed_answers_503_while_the_switch_cannot_be_read(
    unreachable: None, api: VersionedClient, settings: Any
) -> None:
    with_maintenance(settings, CACHE="down", FAIL_CLOSED=True)
    maintenance.reset_warning_interval()
    response = api.get("/api/workers")
    assert_problem(
        response,
        "service-temporarily-unavailable",
        status=503,
        detail="The API cannot tell whether it is in maintenance. Please retry later.",
    )
    assert response["Retry-After"] == "30"
    assert api.get("/problems/").status_code == 200  # the docs page stays reachable


def test_the_switch_is_read_once_per_check_interval(
    backend: dict[str, Any], api: VersionedClient, settings: Any, monkeypatch: Any
) -> None:
    with_maintenance(settings, CHECK_INTERVAL=60)
    reads: list[str] = []
    real = maintenance._read

    def counted() -> Any:
        reads.append("read")
        return real()

    monkeypatch.setattr(maintenance, "_read", counted)
    for _ in range(5):
        assert api.get("/api/workers").status_code == 200
    assert reads == ["read"]
    # Another process turns maintenance on: this one sees it when its memo expires.
    caches["default"].set("django_problems:maintenance", "yes", timeout=None)
    assert api.get("/api/workers").status_code == 200
    maintenance.forget()  # what an expired memo does
    assert_maintenance(api.get("/api/workers"))
    # This process's own command applies at once.
    maintenance.disable()
    assert api.get("/api/workers").status_code == 200


def test_unreachable_cache_is_a_command_error(unreachable: None) -> None:
    with pytest.raises(CommandError, match="The maintenance cache 'down' cannot be reached"):
        run("status")


# --- the command's guard rails -------------------------------------------------------------


def test_command_warns_that_a_local_memory_switch_is_not_shared(backend: dict[str, Any]) -> None:
    _out, err = run("on")
    if backend["BACKEND"] == LOCMEM:
        assert "per-process LocMemCache" in err
    else:
        assert err == ""


def test_command_refuses_a_dummy_cache(settings: Any) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "dummy": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    with_maintenance(settings, CACHE="dummy")
    with pytest.raises(CommandError, match="DummyCache, which stores nothing"):
        run("on")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["off", "--retry-after", "5"], "--retry-after only goes with 'on'"),
        (["on", "--retry-after", "0"], "is not a whole number of seconds"),
        (["on", "--retry-after", "soon"], "is not a whole number of seconds"),
        (["pause"], "invalid choice: 'pause'"),
    ],
)
def test_command_rejects_bad_arguments(backend: Any, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_command_help_explains(capsys: Any) -> None:
    with pytest.raises(SystemExit):
        call_command("problems_maintenance", "--help")
    text = " ".join(capsys.readouterr().out.split())
    for phrase in ("503", "Retry-After", "every worker and node", "--retry-after SECONDS"):
        assert phrase in text


# --- system checks -------------------------------------------------------------------------


def check_ids(settings: Any, **section: Any) -> list[str]:
    with_maintenance(settings, **section)
    return [m.id or "" for m in check_maintenance()]


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ({}, []),
        ({"CACHE": "default", "KEY": "site:maintenance", "RETRY_AFTER": 60}, []),
        ({"SWITCH": True}, ["django_problems.E121"]),
        ({"CACHE": "nope"}, ["django_problems.E122"]),
        ({"KEY": ""}, ["django_problems.E123"]),
        ({"RETRY_AFTER": 0}, ["django_problems.E124"]),
        ({"RETRY_AFTER": "30"}, ["django_problems.E124"]),
        ({"RETRY_AFTER": True}, ["django_problems.E124"]),
        ({"EXEMPT_PATHS": "/api/health"}, ["django_problems.E125"]),
        ({"EXEMPT_PATHS": ["/"]}, ["django_problems.E125"]),
        ({"EXEMPT_PATHS": ["api/health"]}, ["django_problems.E125"]),
    ],
)
def test_invalid_maintenance_settings_are_reported(
    settings: Any, section: dict[str, Any], expected: list[str]
) -> None:
    settings.DEBUG = True
    assert check_ids(settings, **section) == expected


def test_local_memory_switch_is_a_deploy_warning(settings: Any) -> None:
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": LOCMEM}}
    with_maintenance(settings, CACHE="default")
    messages = check_shared_cache()
    assert [m.id for m in messages] == ["django_problems.W121"]
    assert "RedisCache" in (messages[0].hint or "")
    assert check_maintenance() == []
    assert "django_problems.W121" not in [m.id for m in run_checks()]
    assert "django_problems.W121" in [m.id for m in run_checks(include_deployment_checks=True)]


def test_shared_or_dummy_caches(settings: Any) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": REDIS,
            "LOCATION": "redis://127.0.0.1:6379/15",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        "dummy": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    with_maintenance(settings, CACHE="default")
    assert check_maintenance() == []
    assert check_shared_cache() == []
    assert check_ids(settings, CACHE="dummy") == ["django_problems.E126"]


def test_a_redis_switch_without_timeouts_is_a_deploy_warning(settings: Any) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:6379/15"},
    }
    with_maintenance(settings, CACHE="default")
    messages = check_shared_cache()
    assert [m.id for m in messages] == ["django_problems.W123"]
    assert "the maintenance switch" in messages[0].msg
    assert "socket_connect_timeout or socket_timeout" in messages[0].msg
    assert "django_problems.W123" in [m.id for m in run_checks(include_deployment_checks=True)]
    assert "django_problems.W123" not in [m.id for m in run_checks()]


def test_without_the_middleware_the_switch_has_no_effect(settings: Any) -> None:
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "MaintenanceMiddleware" not in m]
    assert [m.id for m in check_maintenance()] == ["django_problems.W120"]


def test_checks_have_hints(settings: Any) -> None:
    with_maintenance(settings, SWITCH=1, CACHE="nope", KEY=None, RETRY_AFTER=-1, EXEMPT_PATHS=1)
    messages = check_maintenance()
    assert len(messages) == 5
    assert len({m.id for m in messages}) == 5
    assert all(m.hint for m in messages)


def test_override_settings_keeps_working() -> None:
    with override_settings(PROBLEMS={"MAINTENANCE": {"RETRY_AFTER": 99, "KEY": "k"}}):
        config = maintenance_settings()
    assert (config.RETRY_AFTER, config.KEY, config.CACHE) == (99, "k", "default")


def test_an_unreadable_since_is_tolerated(backend: Any) -> None:
    caches["default"].set("django_problems:maintenance", {"since": "yesterday", "retry_after": 5})
    assert maintenance.current_state() == maintenance.MaintenanceState(5, None)
    assert maintenance.describe(maintenance.current_state()) == (
        "Maintenance is on since an unknown time: API requests answer 503 with Retry-After: 5."
    )


def test_an_unimportable_cache_backend_is_not_reported_as_per_process(settings: Any) -> None:
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "no.such.Backend"}}
    with_maintenance(settings, CACHE="default")
    assert check_maintenance() == []
    assert check_shared_cache() == []
