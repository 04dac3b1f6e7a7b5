"""Serializers of the shop, order lines nested (writable) in orders."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework import serializers

from tests.adopter.shop.models import Customer, Order, OrderLine, Product


class CustomerSerializer(serializers.ModelSerializer[Customer]):
    class Meta:
        model = Customer
        fields = ["id", "name", "email"]


class ProductSerializer(serializers.ModelSerializer[Product]):
    price = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0)

    class Meta:
        model = Product
        fields = ["id", "sku", "name", "price", "stock", "datasheet"]
        read_only_fields = ["datasheet"]


class DatasheetSerializer(serializers.ModelSerializer[Product]):
    datasheet = serializers.FileField()

    class Meta:
        model = Product
        fields = ["datasheet"]


class RestockSerializer(serializers.Serializer[Any]):
    quantity = serializers.IntegerField(min_value=1, max_value=1000)


class OrderLineSerializer(serializers.ModelSerializer[OrderLine]):
    quantity = serializers.IntegerField(min_value=1)

    class Meta:
        model = OrderLine
        fields = ["product", "quantity"]


class OrderSerializer(serializers.ModelSerializer[Order]):
    lines = OrderLineSerializer(many=True)

    class Meta:
        model = Order
        fields = ["id", "customer", "note", "created", "shipped", "lines"]
        read_only_fields = ["created", "shipped"]

    def validate_lines(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not value:
            raise serializers.ValidationError("An order needs at least one line.", code="empty")
        return value

    def create(self, validated_data: dict[str, Any]) -> Order:
        lines = validated_data.pop("lines")
        with transaction.atomic():
            order = Order.objects.create(**validated_data)
            for line in lines:
                OrderLine.objects.create(order=order, **line)
        return order

    def update(self, instance: Order, validated_data: dict[str, Any]) -> Order:
        lines = validated_data.pop("lines", None)
        with transaction.atomic():
            instance = super().update(instance, validated_data)
            if lines is not None:
                instance.lines.all().delete()
                for line in lines:
                    OrderLine.objects.create(order=instance, **line)
        return instance


class MergeCustomersSerializer(serializers.Serializer[Any]):
    duplicate = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all())
    keep = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all())
