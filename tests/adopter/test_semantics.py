"""Point 3: installing the package changed the format of errors, not their meaning: DRF's
statuses and codes, 409 for database conflicts, never SQL."""

from __future__ import annotations

import pytest
from rest_framework.validators import UniqueValidator

from tests.adopter.problems import leaks, problem
from tests.adopter.shop.models import Customer, Order, OrderLine, Product
from tests.clients import VersionedClient

CONFLICT_DETAIL = "The change conflicts with an existing resource (for example a duplicate value)."


def test_order_with_nested_lines_is_created(
    api: VersionedClient, customer: Customer, products: list[Product]
) -> None:
    lines = [{"product": products[0].pk, "quantity": 1}, {"product": products[1].pk, "quantity": 3}]

    response = api.post(
        "/api/orders/", {"customer": customer.pk, "note": "", "lines": lines}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["lines"] == lines
    assert OrderLine.objects.filter(order_id=response.json()["id"]).count() == 2


def test_related_ids_that_do_not_exist_are_400_does_not_exist_not_403(
    api: VersionedClient, product: Product
) -> None:
    response = api.post(
        "/api/orders/",
        {
            "customer": 999,
            "lines": [{"product": product.pk, "quantity": 1}, {"product": 998, "quantity": 1}],
        },
        format="json",
    )

    body = problem(response, 400, "invalid-parameters")
    assert body["code"] == "E_API_INVALID_PARAMETERS"
    assert body["errors"] == {
        "customer": ['Invalid pk "999" - object does not exist.'],
        "lines[1].product": ['Invalid pk "998" - object does not exist.'],
    }
    assert body["codes"] == {"customer": ["does_not_exist"], "lines[1].product": ["does_not_exist"]}
    assert not Order.objects.exists()


def test_codes_are_drf_codes(api: VersionedClient, customer: Customer) -> None:
    response = api.post(
        "/api/orders/",
        {"note": "x" * 201, "lines": [{"product": None, "quantity": 0}, {}]},
        format="json",
    )

    body = problem(response, 400, "invalid-parameters")
    assert body["codes"] == {
        "customer": ["required"],
        "note": ["max_length"],
        "lines[0].product": ["null"],
        "lines[0].quantity": ["min_value"],
        "lines[1].product": ["required"],
        "lines[1].quantity": ["required"],
    }
    assert body["errors"]["lines[0].quantity"] == [
        "Ensure this value is greater than or equal to 1."
    ]


def test_blank_and_unique_codes(api: VersionedClient, customer: Customer) -> None:
    response = api.post("/api/customers/", {"name": "", "email": customer.email}, format="json")

    body = problem(response, 400, "invalid-parameters")
    assert body["errors"] == {
        "name": ["This field may not be blank."],
        "email": ["customer with this email already exists."],
    }
    assert body["codes"] == {"name": ["blank"], "email": ["unique"]}


def test_range_errors_alone_are_parameters_out_of_range(
    api: VersionedClient, product: Product
) -> None:
    response = api.patch(f"/api/products/{product.pk}/", {"price": "-1.00"}, format="json")

    body = problem(response, 400, "parameters-out-of-range")
    assert body["codes"] == {"price": ["min_value"]}


def test_unique_race_lost_in_the_database_is_409_without_sql(
    api: VersionedClient, customer: Customer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The serializer checked the email was free, then another request took it before the insert.
    monkeypatch.setattr(UniqueValidator, "__call__", lambda self, value, field: None)

    response = api.post(
        "/api/customers/", {"name": "Ada II", "email": customer.email}, format="json"
    )

    body = problem(response, 409, "resource-crud-failure")
    assert body["code"] == "E_API_RESOURCE_CRUD_FAILURE"
    assert body["detail"] == CONFLICT_DETAIL
    assert leaks(body, "UNIQUE", "unique constraint", "duplicate key", "email") == []
    assert list(Customer.objects.values_list("name", flat=True)) == ["Ada Lovelace"]


def test_model_constraint_the_serializer_does_not_check_is_409(
    api: VersionedClient, customer: Customer, product: Product
) -> None:
    # Two lines for one product break the (order, product) constraint, which the nested
    # serializer does not validate.
    lines = [{"product": product.pk, "quantity": 1}, {"product": product.pk, "quantity": 2}]

    response = api.post("/api/orders/", {"customer": customer.pk, "lines": lines}, format="json")

    body = problem(response, 409, "resource-crud-failure")
    assert body["detail"] == CONFLICT_DETAIL
    assert leaks(body, "one_line_per_product", "UNIQUE", "duplicate key") == []
    assert not Order.objects.exists()


def test_deleting_a_product_that_is_on_an_order_is_409(
    api: VersionedClient, order: Order, product: Product
) -> None:
    response = api.delete(f"/api/products/{product.pk}/")

    body = problem(response, 409, "resource-crud-failure")
    assert body["detail"] == "The resource is still referenced by other resources."
    assert leaks(body, "ProtectedError", "order_lines") == []
    assert Product.objects.filter(pk=product.pk).exists()


def test_deleting_a_product_on_no_order_works(api: VersionedClient, product: Product) -> None:
    response = api.delete(f"/api/products/{product.pk}/")

    assert response.status_code == 204
    assert not Product.objects.exists()


def test_merging_a_customer_into_itself_is_409(api: VersionedClient, customer: Customer) -> None:
    response = api.post(
        "/api/customers/merge/", {"duplicate": customer.pk, "keep": customer.pk}, format="json"
    )

    body = problem(response, 409, "resource-crud-failure")
    assert body["detail"] == "A customer cannot be merged into itself."


def test_merging_customers_moves_their_orders(
    api: VersionedClient, customer: Customer, order: Order
) -> None:
    target = Customer.objects.create(name="Ada L.", email="ada.l@example.com")

    response = api.post(
        "/api/customers/merge/", {"duplicate": customer.pk, "keep": target.pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["email"] == "ada.l@example.com"
    order.refresh_from_db()
    assert order.customer_id == target.pk
    assert not Customer.objects.filter(pk=customer.pk).exists()
