"""Fixtures of the adopter suite (``tests.adopter.settings``): shop users and their clients
(JWT, DRF token, anonymous), customers, products and an order."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

if settings.SETTINGS_MODULE != "tests.adopter.settings":
    raise pytest.UsageError(
        f"tests/adopter runs with --ds=tests.adopter.settings, not {settings.SETTINGS_MODULE}"
    )

from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework_simplejwt.tokens import RefreshToken

from tests.adopter.shop.models import Customer, Order, OrderLine, Product
from tests.clients import VersionedClient

PASSWORD = "correct horse battery staple"


def bearer(token: str) -> VersionedClient:
    """A client that sends ``token`` as its bearer token (adds ``api-version=1.0``)."""
    client = VersionedClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    """Uploaded datasheets go to a directory of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def user(db: Any) -> User:
    return User.objects.create_user("alice", email="alice@example.com", password=PASSWORD)


@pytest.fixture
def anon(db: Any) -> VersionedClient:
    """An unauthenticated client that adds ``api-version=1.0`` to /api/ requests."""
    return VersionedClient()


@pytest.fixture
def raw(db: Any) -> VersionedClient:
    """An unauthenticated client that sends requests exactly as given (no ``api-version``)."""
    return VersionedClient(versioned=False)


@pytest.fixture
def refresh(user: User) -> RefreshToken:
    return RefreshToken.for_user(user)


@pytest.fixture
def api(refresh: RefreshToken) -> VersionedClient:
    """A client with the JWT access token of ``alice`` (adds ``api-version=1.0``)."""
    return bearer(str(refresh.access_token))


@pytest.fixture
def token_api(user: User) -> VersionedClient:
    """A client with the DRF token of ``alice`` (adds ``api-version=1.0``)."""
    token = Token.objects.create(user=user)
    client = VersionedClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def customer(db: Any) -> Customer:
    return Customer.objects.create(name="Ada Lovelace", email="ada@example.com")


@pytest.fixture
def product(db: Any) -> Product:
    return Product.objects.create(sku="KB-001", name="Keyboard", price=Decimal("49.90"), stock=3)


@pytest.fixture
def products(product: Product) -> list[Product]:
    """Five products, 9.50 to 89.00 (the first is ``product``)."""
    others = [
        Product.objects.create(sku="MS-002", name="Mouse", price=Decimal("19.00"), stock=10),
        Product.objects.create(sku="CB-003", name="Cable", price=Decimal("9.50"), stock=50),
        Product.objects.create(sku="MN-004", name="Monitor", price=Decimal("89.00"), stock=2),
        Product.objects.create(sku="HS-005", name="Headset", price=Decimal("59.00"), stock=4),
    ]
    return [product, *others]


@pytest.fixture
def order(customer: Customer, product: Product) -> Order:
    """An order of Ada's for two keyboards."""
    order = Order.objects.create(customer=customer, note="gift")
    OrderLine.objects.create(order=order, product=product, quantity=2)
    return order


@pytest.fixture
def schema(raw: VersionedClient) -> dict[str, Any]:
    """The OpenAPI schema as drf-spectacular's schema view serves it (JSON)."""
    response = raw.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200, response.content
    data: dict[str, Any] = response.json()
    return data
