"""The middleware and the error path under ASGI: no thread hop for the middleware, problems from
async Django views, from DRF views and from Django's own pages alike."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync, iscoroutinefunction
from django.test import AsyncClient

from django_problems.maintenance.middleware import (
    AsyncMaintenanceMiddleware,
    MaintenanceMiddleware,
)
from django_problems.middleware import AsyncProblemMiddleware, ProblemMiddleware
from django_problems.testing import assert_problem

pytestmark = pytest.mark.django_db(transaction=True)


async def answer(request: Any) -> Any:
    return "response"


def sync_answer(request: Any) -> Any:
    return "response"


def test_each_middleware_takes_the_mode_of_its_chain() -> None:
    for middleware, async_variant in (
        (ProblemMiddleware, AsyncProblemMiddleware),
        (MaintenanceMiddleware, AsyncMaintenanceMiddleware),
    ):
        assert middleware.sync_capable and middleware.async_capable
        in_async = middleware(answer)
        in_sync = middleware(sync_answer)
        assert type(in_async) is async_variant and iscoroutinefunction(in_async)
        assert type(in_sync) is middleware and not iscoroutinefunction(in_sync)


class Client:
    """Django's ``AsyncClient`` (the ASGI handler: the middleware chain runs async), driven from
    plain tests."""

    def __init__(self) -> None:
        self.client = AsyncClient(raise_request_exception=False)

    def get(self, path: str, **extra: Any) -> Any:
        return async_to_sync(self.client.get)(path, **extra)

    def post(self, path: str, data: bytes, content_type: str) -> Any:
        return async_to_sync(self.client.post)(path, data, content_type)


@pytest.fixture
def client() -> Client:
    return Client()


def test_an_async_view_answers_normally(client: Client) -> None:
    response = client.get("/api/test/async/ok")
    assert response.status_code == 200
    assert response.json() == {"ok": True}


@pytest.mark.parametrize(
    ("kind", "slug"),
    [
        ("http404", "not-found"),
        ("permission", "forbidden"),
        ("integrity", "resource-crud-failure"),
        ("operational", "service-temporarily-unavailable"),
        ("crash", "internal-platform-error"),
    ],
)
def test_an_async_view_raising_is_a_problem(client: Client, kind: str, slug: str) -> None:
    response = client.get(f"/api/test/async/{kind}")
    assert_problem(response, slug)


def test_an_unknown_url_under_asgi_is_a_problem(client: Client) -> None:
    assert_problem(client.get("/api/nope"), "not-found")


def test_a_drf_view_under_asgi_is_a_problem(client: Client) -> None:
    response = client.get("/api/workers?api-version=1.1")
    assert_problem(response, "unauthorised")
    assert response["WWW-Authenticate"].startswith("ApiKey")


def test_the_body_size_gate_under_asgi(client: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    response = client.post(
        "/api/workers?api-version=1.1", b'{"name": "more than ten bytes"}', "application/json"
    )
    assert_problem(response, "payload-too-large", max_size=10)


def test_maintenance_under_asgi(client: Client) -> None:
    from django_problems.maintenance import switch

    switch.enable(retry_after=9)
    try:
        response = client.get("/api/workers?api-version=1.1")
    finally:
        switch.disable()
    assert_problem(response, "service-temporarily-unavailable", status=503)
    assert response["Retry-After"] == "9"
