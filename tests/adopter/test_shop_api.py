"""Point 11: the shop's lists, uploads and throttled actions answer problems where DRF answered
errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.adopter.problems import problem
from tests.adopter.shop.models import Product
from tests.clients import VersionedClient


def _pdf(name: str = "keyboard.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 keyboard datasheet", content_type="application/pdf")


def test_list_is_paginated(anon: VersionedClient, products: list[Product]) -> None:
    response = anon.get("/api/products/", {"page": "3"})

    assert response.status_code == 200
    assert response.json()["count"] == 5
    assert [item["sku"] for item in response.json()["results"]] == ["HS-005"]


def test_page_past_the_end_is_not_found(anon: VersionedClient, products: list[Product]) -> None:
    response = anon.get("/api/products/", {"page": "4"})

    body = problem(response, 404, "not-found")
    assert body["detail"] == "Invalid page."


def test_page_that_is_not_a_number_is_not_found(anon: VersionedClient) -> None:
    response = anon.get("/api/products/", {"page": "last-but-one"})

    problem(response, 404, "not-found")


def test_datasheet_upload(api: VersionedClient, product: Product, settings: Any) -> None:
    response = api.post(
        f"/api/products/{product.pk}/datasheet/", {"datasheet": _pdf()}, format="multipart"
    )

    assert response.status_code == 200, response.content
    product.refresh_from_db()
    assert product.datasheet.name.startswith("datasheets/keyboard")
    stored = Path(settings.MEDIA_ROOT) / product.datasheet.name
    assert stored.read_bytes() == b"%PDF-1.4 keyboard datasheet"


def test_datasheet_larger_than_the_body_limit_uploads(
    api: VersionedClient, product: Product, settings: Any
) -> None:
    # Files are streamed to disk: the body-size gate leaves multipart uploads to Django.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    datasheet = SimpleUploadedFile("big.pdf", b"%PDF" + b"x" * 5000)

    response = api.post(
        f"/api/products/{product.pk}/datasheet/", {"datasheet": datasheet}, format="multipart"
    )

    assert response.status_code == 200, response.content
    product.refresh_from_db()
    assert product.datasheet.size == 5004


def test_form_field_larger_than_the_body_limit_is_payload_too_large(
    api: VersionedClient, product: Product, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = api.post(
        f"/api/products/{product.pk}/datasheet/",
        {"datasheet": _pdf(), "comment": "y" * 5000},
        format="multipart",
    )

    body = problem(response, 413, "payload-too-large")
    assert body["max_size"] == 1000
    product.refresh_from_db()
    assert not product.datasheet


def test_datasheet_upload_under_the_wrong_field_is_a_validation_problem(
    api: VersionedClient, product: Product
) -> None:
    response = api.post(
        f"/api/products/{product.pk}/datasheet/", {"file": _pdf()}, format="multipart"
    )

    body = problem(response, 400, "invalid-parameters")
    assert body["errors"] == {"datasheet": ["No file was submitted."]}
    assert body["codes"] == {"datasheet": ["required"]}
    product.refresh_from_db()
    assert not product.datasheet


def test_datasheet_upload_of_text_instead_of_a_file_is_a_validation_problem(
    api: VersionedClient, product: Product
) -> None:
    response = api.post(
        f"/api/products/{product.pk}/datasheet/", {"datasheet": "see website"}, format="multipart"
    )

    body = problem(response, 400, "invalid-parameters")
    assert body["codes"] == {"datasheet": ["invalid"]}


def test_datasheet_upload_as_json_is_unsupported_media_type(
    api: VersionedClient, product: Product
) -> None:
    response = api.post(f"/api/products/{product.pk}/datasheet/", {"datasheet": "x"}, format="json")

    problem(response, 415, "unsupported-media-type")
    assert response["Accept"] == "multipart/form-data, application/x-www-form-urlencoded"


def test_restock_is_throttled_with_retry_after(api: VersionedClient, product: Product) -> None:
    url = f"/api/products/{product.pk}/restock/"
    first = api.post(url, {"quantity": 5}, format="json")
    second = api.post(url, {"quantity": 5}, format="json")

    third = api.post(url, {"quantity": 5}, format="json")

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["stock"] == 13
    body = problem(third, 429, "too-many-requests")
    assert 0 < int(third["Retry-After"]) <= 60
    assert body["detail"] == (
        f"Request was throttled. Expected available in {third['Retry-After']} seconds."
    )
    product.refresh_from_db()
    assert product.stock == 13


def test_restock_out_of_range_quantity(api: VersionedClient, product: Product) -> None:
    response = api.post(f"/api/products/{product.pk}/restock/", {"quantity": 0}, format="json")

    body = problem(response, 400, "parameters-out-of-range")
    assert body["codes"] == {"quantity": ["min_value"]}


def test_unlisted_method_on_an_action_is_405_with_allow(
    api: VersionedClient, product: Product
) -> None:
    response = api.get(f"/api/products/{product.pk}/restock/")

    problem(response, 405, "invalid-http-method")
    assert response["Allow"] == "POST, OPTIONS"


def test_malformed_json_is_malformed_request_body(api: VersionedClient) -> None:
    response = api.post("/api/customers/", "{not json", content_type="application/json")

    problem(response, 400, "malformed-request-body")
