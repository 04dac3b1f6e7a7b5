"""The shop's API: viewsets on a DefaultRouter, their actions, and one function view."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from django_problems import raise_problem
from django_problems.openapi import problem_responses
from tests.adopter.shop.exceptions import OutOfStock
from tests.adopter.shop.filters import ProductFilter
from tests.adopter.shop.models import Customer, Order, Product
from tests.adopter.shop.serializers import (
    CustomerSerializer,
    DatasheetSerializer,
    MergeCustomersSerializer,
    OrderSerializer,
    ProductSerializer,
    RestockSerializer,
)


class CustomerViewSet(viewsets.ModelViewSet[Customer]):
    queryset = Customer.objects.order_by("pk")
    serializer_class = CustomerSerializer


@problem_responses("resource-crud-failure", actions=("destroy",))
class ProductViewSet(viewsets.ModelViewSet[Product]):
    queryset = Product.objects.order_by("pk")
    serializer_class = ProductSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filterset_class = ProductFilter
    # @action passes throttle_scope to the view: DRF accepts only initkwargs the class has.
    throttle_scope: str | None = None

    @extend_schema(request=RestockSerializer, responses=ProductSerializer)
    @action(
        detail=True,
        methods=["post"],
        throttle_classes=[ScopedRateThrottle],
        throttle_scope="restock",
    )
    def restock(self, request: Request, pk: str | None = None) -> Response:
        product = self.get_object()
        serializer = RestockSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        Product.objects.filter(pk=product.pk).update(
            stock=F("stock") + serializer.validated_data["quantity"]
        )
        product.refresh_from_db()
        return Response(ProductSerializer(product, context={"request": request}).data)

    @extend_schema(request=DatasheetSerializer, responses=ProductSerializer)
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
    )
    def datasheet(self, request: Request, pk: str | None = None) -> Response:
        product = self.get_object()
        serializer = DatasheetSerializer(product, data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(ProductSerializer(product, context={"request": request}).data)


@problem_responses("resource-crud-failure", actions=("create", "ship"))
class OrderViewSet(viewsets.ModelViewSet[Order]):
    serializer_class = OrderSerializer

    def get_queryset(self) -> QuerySet[Order]:
        return Order.objects.prefetch_related("lines").order_by("pk")

    @extend_schema(request=None, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def ship(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        with transaction.atomic():
            for line in order.lines.select_related("product"):
                if line.product.stock < line.quantity:
                    raise OutOfStock(
                        f"Only {line.product.stock} of {line.product.sku} left, "
                        f"{line.quantity} ordered."
                    )
                Product.objects.filter(pk=line.product_id).update(stock=F("stock") - line.quantity)
            order.shipped = True
            order.save(update_fields=["shipped"])
        return Response(OrderSerializer(order, context={"request": request}).data)


@problem_responses("resource-crud-failure")
@extend_schema(request=MergeCustomersSerializer, responses=CustomerSerializer)
@api_view(["POST"])
def merge_customers(request: Request) -> Response:
    """Move every order of the ``duplicate`` customer to the one to ``keep``, then delete the
    duplicate."""
    serializer = MergeCustomersSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    duplicate: Customer = serializer.validated_data["duplicate"]
    keep: Customer = serializer.validated_data["keep"]
    if duplicate.pk == keep.pk:
        raise_problem("resource-crud-failure", "A customer cannot be merged into itself.")
    with transaction.atomic():
        Order.objects.filter(customer=duplicate).update(customer=keep)
        duplicate.delete()
    keep = get_object_or_404(Customer, pk=keep.pk)
    return Response(CustomerSerializer(keep).data, status=status.HTTP_200_OK)
