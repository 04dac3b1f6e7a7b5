"""The serializer-error mapper: paths, order, codes and the chosen problem type."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from django_problems.serializer_errors import (
    KEY_LIMIT,
    MESSAGE_LIMIT,
    choose_slug,
    dotted,
    flatten,
    map_errors,
    pointer,
)


class SkuSerializer(serializers.Serializer[Any]):
    sku = serializers.CharField(max_length=8)
    quantity = serializers.IntegerField(min_value=1, max_value=99)


class CustomerSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    name = serializers.CharField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["name"] == "nobody":
            raise serializers.ValidationError("Customer is blocked.", code="blocked")
        return attrs


class OrderSerializer(serializers.Serializer[Any]):
    customer = CustomerSerializer()
    items = SkuSerializer(many=True)
    tags = serializers.ListField(child=serializers.IntegerField(max_value=10))
    note = serializers.CharField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("note") == "reject":
            raise serializers.ValidationError("Orders with this note are rejected.")
        return attrs


def errors_of(data: Any) -> Any:
    serializer = OrderSerializer(data=data)
    assert not serializer.is_valid()
    return serializer.errors


VALID = {
    "customer": {"email": "a@example.com", "name": "A"},
    "items": [{"sku": "A1", "quantity": 1}],
    "tags": [1],
}


def test_nested_and_listed_paths_use_wire_names_in_field_order():
    detail = errors_of(
        {
            "customer": {"email": "nope"},
            "items": [{"sku": "A1", "quantity": 1}, {"sku": "TOO-LONG-SKU", "quantity": "x"}],
            "tags": ["a", 5, 11],
        }
    )
    mapped = map_errors(detail)
    assert list(mapped.extensions["errors"]) == [
        "customer.email",
        "customer.name",
        "items[1].sku",
        "items[1].quantity",
        "tags[0]",
        "tags[2]",
    ]
    assert mapped.extensions["codes"] == {
        "customer.email": ["invalid"],
        "customer.name": ["required"],
        "items[1].sku": ["max_length"],
        "items[1].quantity": ["invalid"],
        "tags[0]": ["invalid"],
        "tags[2]": ["max_value"],
    }
    assert mapped.slug == "invalid-parameters"


def test_index_zero_is_kept():
    detail = errors_of({**VALID, "items": [{"sku": "A1"}], "tags": ["x"]})
    errors = map_errors(detail).extensions["errors"]
    assert errors == {
        "items[0].quantity": ["This field is required."],
        "tags[0]": ["A valid integer is required."],
    }


def test_non_field_errors_top_level_and_nested():
    top = map_errors(errors_of({**VALID, "note": "reject"}))
    assert top.extensions["errors"] == {"non_field_errors": ["Orders with this note are rejected."]}
    nested = map_errors(
        errors_of({**VALID, "customer": {"email": "a@example.com", "name": "nobody"}})
    )
    assert nested.extensions["errors"] == {"customer": ["Customer is blocked."]}
    assert nested.extensions["codes"] == {"customer": ["blocked"]}


def test_list_serializer_given_a_non_list():
    detail = errors_of({**VALID, "items": {"sku": "A1"}})
    assert map_errors(detail).extensions["errors"] == {
        "items": ['Expected a list of items but got type "dict".']
    }


def test_top_level_many_serializer_errors():
    serializer = SkuSerializer(data=[{"sku": "ok", "quantity": 1}, {"quantity": 0}], many=True)
    assert not serializer.is_valid()
    errors = map_errors(serializer.errors).extensions["errors"]
    assert errors == {
        "[1].sku": ["This field is required."],
        "[1].quantity": ["Ensure this value is greater than or equal to 1."],
    }


def test_dict_keyed_list_errors_are_ordered_by_index():
    detail = {"tags": {10: ["bad ten"], 2: ["bad two"]}}
    assert list(map_errors(detail).extensions["errors"]) == ["tags[2]", "tags[10]"]


def test_only_range_errors_give_out_of_range():
    detail = errors_of({**VALID, "items": [{"sku": "A1", "quantity": 100}], "tags": [11]})
    assert map_errors(detail).slug == "parameters-out-of-range"


def test_project_range_codes_count(settings):
    detail = {"end": [serializers.ErrorDetail("ends before it starts", code="end_before_start")]}
    settings.PROBLEMS = {**settings.PROBLEMS, "RANGE_ERROR_CODES": ["end_before_start"]}
    assert map_errors(detail).slug == "parameters-out-of-range"
    settings.PROBLEMS = {**settings.PROBLEMS, "RANGE_ERROR_CODES": []}
    assert map_errors(detail).slug == "invalid-parameters"


@pytest.mark.parametrize(
    ("codes", "slug"),
    [
        ([], "invalid-parameters"),
        (["max_value", "min_length"], "parameters-out-of-range"),
        (["max_value", "required"], "invalid-parameters"),
        (["does_not_exist"], "invalid-parameters"),
        (["does_not_exist", "required"], "invalid-parameters"),
    ],
)
def test_choose_slug_keeps_drfs_semantics_by_default(codes, slug):
    assert choose_slug(codes) == slug


@pytest.mark.parametrize(
    ("codes", "slug"),
    [
        (["does_not_exist"], "unauthorised-resource-access"),
        (["does_not_exist", "required"], "invalid-parameters"),
        (["max_value", "min_length"], "parameters-out-of-range"),
    ],
)
def test_choose_slug_with_forbidden_references_on(settings, codes, slug):
    settings.PROBLEMS = {**settings.PROBLEMS, "FORBIDDEN_REFERENCE_CODES": ["does_not_exist"]}
    assert choose_slug(codes) == slug


def test_field_codes_rename_drfs_codes_only_when_set(settings):
    detail = {"name": [serializers.ErrorDetail("This field is required.", code="required")]}
    assert map_errors(detail).extensions["codes"] == {"name": ["required"]}
    settings.PROBLEMS = {
        **settings.PROBLEMS,
        "FIELD_CODES": {"required": "E_API_VALIDATION_PARAM_REQUIRED"},
    }
    assert map_errors(detail).extensions["codes"] == {"name": ["E_API_VALIDATION_PARAM_REQUIRED"]}


def test_plain_strings_without_codes_count_as_invalid():
    mapped = map_errors({"name": ["bad"]})
    assert mapped.extensions == {"errors": {"name": ["bad"]}, "codes": {"name": ["invalid"]}}


def test_field_codes_setting_maps_public_codes(settings):
    settings.PROBLEMS = {**settings.PROBLEMS, "FIELD_CODES": {"max_value": "E_TOO_BIG"}}
    detail = {"n": [serializers.ErrorDetail("big", code="max_value")]}
    assert map_errors(detail).extensions["codes"] == {"n": ["E_TOO_BIG"]}


def test_list_format_uses_json_pointers(settings):
    settings.PROBLEMS = {**settings.PROBLEMS, "ERRORS_FORMAT": "list"}
    detail = errors_of(
        {
            "customer": {"email": "nope", "name": "A"},
            "items": [{"sku": "a/b~c" * 3, "quantity": 1}],
            "tags": [1],
            "note": "reject",
        }
    )
    items = map_errors(detail).extensions["errors"]
    assert items == [
        {
            "detail": "Enter a valid email address.",
            "pointer": "#/customer/email",
            "code": "invalid",
        },
        {
            "detail": "Ensure this field has no more than 8 characters.",
            "pointer": "#/items/0/sku",
            "code": "max_length",
        },
    ]
    top = map_errors(errors_of({**VALID, "note": "reject"})).extensions["errors"]
    assert top == [
        {"detail": "Orders with this note are rejected.", "pointer": "#", "code": "invalid"}
    ]


def test_pointer_escapes_slash_and_tilde():
    assert pointer(("a/b", "c~d", 0)) == "#/a~1b/c~0d/0"
    assert dotted(("items", 0, "sku")) == "items[0].sku"


def test_flatten_ignores_none_and_keeps_messages():
    assert list(flatten(None)) == []
    assert [e.message for e in flatten({"a": ["x", "y"]})] == ["x", "y"]


def test_errors_are_capped_at_max_errors_and_the_rest_counted(settings):
    settings.PROBLEMS = {"MAX_ERRORS": 3}
    detail = errors_of({**VALID, "tags": ["a"] * 5, "items": [{"sku": "A", "quantity": 0}] * 2})
    mapped = map_errors(detail)
    # Field order: items[0].quantity, items[1].quantity, tags[0] are kept; tags[1..4] are not.
    assert list(mapped.extensions["errors"]) == [
        "items[0].quantity",
        "items[1].quantity",
        "tags[0]",
    ]
    assert mapped.extensions["errors_omitted"] == 4
    assert mapped.extensions["codes"]["tags[0]"] == ["invalid"]


def test_type_is_chosen_from_every_code_not_only_those_listed(settings):
    settings.PROBLEMS = {"MAX_ERRORS": 1}
    # The listed error is a range error; an omitted one is a type error: invalid-parameters.
    detail = {"a": [ErrorDetail("too big", "max_value")], "b": [ErrorDetail("no", "invalid")]}
    mapped = map_errors(detail)
    assert list(mapped.extensions["errors"]) == ["a"]
    assert mapped.extensions["errors_omitted"] == 1
    assert mapped.slug == "invalid-parameters"


def test_no_errors_omitted_member_below_the_cap():
    mapped = map_errors(errors_of({**VALID, "tags": ["a"] * 100}))
    assert len(mapped.extensions["errors"]) == 100
    assert "errors_omitted" not in mapped.extensions


def test_list_shape_is_capped_too(settings):
    settings.PROBLEMS = {"ERRORS_FORMAT": "list", "MAX_ERRORS": 2}
    mapped = map_errors(errors_of({**VALID, "tags": ["a"] * 10}))
    assert [e["pointer"] for e in mapped.extensions["errors"]] == ["#/tags/0", "#/tags/1"]
    assert mapped.extensions["errors_omitted"] == 8


def test_long_messages_and_keys_are_cut():
    value = "v" * 5000
    detail = {"meta": {"k" * 500: [ErrorDetail(f'"{value}" is not a valid choice.', "invalid")]}}
    (error,) = flatten(detail)
    assert len(error.message) == MESSAGE_LIMIT
    assert error.message.endswith("…")
    assert error.path[1] == "k" * (KEY_LIMIT - 1) + "…"
