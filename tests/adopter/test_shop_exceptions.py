"""Point 2, continued: the shop's own ``APIException`` keeps its code."""

from __future__ import annotations

from typing import Any

from django.test import override_settings

from tests.adopter.problems import problem
from tests.adopter.shop.models import Order, Product
from tests.clients import VersionedClient

OUT_OF_STOCK_TYPE = {
    "out-of-stock": {"title": "Out of stock", "status": 409, "code": "out_of_stock"}
}


def test_shipping_an_order_takes_the_stock(api: VersionedClient, order: Order) -> None:
    response = api.post(f"/api/orders/{order.pk}/ship/")

    assert response.status_code == 200
    assert response.json()["shipped"] is True
    assert Product.objects.get(sku="KB-001").stock == 1


def test_out_of_stock_is_resource_crud_failure_with_exception_code(
    api: VersionedClient, order: Order
) -> None:
    Product.objects.filter(sku="KB-001").update(stock=1)

    response = api.post(f"/api/orders/{order.pk}/ship/")

    body = problem(response, 409, "resource-crud-failure")
    assert body["code"] == "E_API_RESOURCE_CRUD_FAILURE"
    assert body["exception_code"] == "out_of_stock"
    assert body["detail"] == "Only 1 of KB-001 left, 2 ordered."
    order.refresh_from_db()
    assert order.shipped is False
    assert Product.objects.get(sku="KB-001").stock == 1


def test_out_of_stock_becomes_its_own_type_once_registered(
    api: VersionedClient, order: Order, settings: Any
) -> None:
    Product.objects.filter(sku="KB-001").update(stock=0)

    with override_settings(PROBLEMS={**settings.PROBLEMS, "TYPES": OUT_OF_STOCK_TYPE}):
        response = api.post(f"/api/orders/{order.pk}/ship/")

    body = problem(response, 409, "out-of-stock")
    assert body["title"] == "Out of stock"
    assert body["code"] == "out_of_stock"
    assert "exception_code" not in body
    assert body["detail"] == "Only 0 of KB-001 left, 2 ordered."
