"""Point 8: with ``DEBUG`` on a 500 problem says what failed (as Django's debug page would);
with ``DEBUG`` off nothing about the cause leaks."""

from __future__ import annotations

from typing import Any

import pytest

from tests.adopter.problems import leaks, problem
from tests.adopter.shop.serializers import ProductSerializer
from tests.clients import VersionedClient

PRODUCT = {"sku": "KB-9", "name": "Keyboard", "price": "10.00"}
SECRET = "password=hunter2 at /srv/shop/settings_local.py"


@pytest.fixture
def crashing_api(api: VersionedClient) -> VersionedClient:
    """The JWT client, getting 500 responses instead of the exception re-raised."""
    api.raise_request_exception = False
    return api


@pytest.fixture
def broken_products(monkeypatch: pytest.MonkeyPatch) -> None:
    """Listing products crashes with a message that must never reach a client."""

    def crash(self: ProductSerializer, instance: Any) -> Any:
        raise RuntimeError(SECRET)

    monkeypatch.setattr(ProductSerializer, "to_representation", crash)


def test_post_without_trailing_slash_explains_append_slash_with_debug_on(
    crashing_api: VersionedClient, settings: Any
) -> None:
    settings.DEBUG = True

    response = crashing_api.post("/api/products", PRODUCT, format="json")

    body = problem(response, 500, "internal-platform-error")
    assert body["debug"]["exception"] == "builtins.RuntimeError"
    assert body["debug"]["message"].startswith(
        "You called this URL via POST, but the URL doesn't end in a slash and you have "
        "APPEND_SLASH set."
    )
    assert "testserver/api/products/" in body["debug"]["message"]
    assert body["debug"]["location"].startswith("django/middleware/common.py:")
    assert body["debug"]["location"].endswith(" in get_full_path_with_slash")


def test_post_without_trailing_slash_is_redirected_with_debug_off(
    crashing_api: VersionedClient,
) -> None:
    response = crashing_api.post("/api/products", PRODUCT, format="json")

    assert response.status_code == 301
    assert response["Location"] == "/api/products/?api-version=1.0"


def test_crash_with_debug_on_has_a_debug_member(
    crashing_api: VersionedClient, settings: Any, product: Any, broken_products: None
) -> None:
    settings.DEBUG = True

    response = crashing_api.get("/api/products/")

    body = problem(response, 500, "internal-platform-error")
    assert body["debug"]["exception"] == "builtins.RuntimeError"
    assert body["debug"]["message"] == SECRET


def test_crash_with_debug_off_has_no_debug_member_and_leaks_nothing(
    crashing_api: VersionedClient, product: Any, broken_products: None
) -> None:
    response = crashing_api.get("/api/products/")

    body = problem(response, 500, "internal-platform-error")
    assert "debug" not in body
    assert body["detail"] == "An unexpected error occurred. Quote the instance value to support."
    assert leaks(body, "hunter2", "RuntimeError", "settings_local") == []
    assert set(body) == {"type", "title", "status", "detail", "instance", "code"}
