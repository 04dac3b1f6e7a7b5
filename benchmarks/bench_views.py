"""Views and URLconf of the error-path benchmark: one realistic source per error path.

* ``POST /api/orders/``: a ~10-field order serializer with a nested customer, a list of nested
  items and a list of tags; the benchmark payload has errors at every level (400).
* ``GET /api/widgets/<pk>/``: an unknown id raises Django's ``Http404`` (404).
* ``GET /api/private/``: no credentials for a view that needs them (401 + ``WWW-Authenticate``).
* ``DELETE /api/widgets/<pk>/``: a method the view does not implement (405 + ``Allow``).

The success-path benchmark (``benchmarks/bench_success.py``) adds two views that never fail:

* ``GET /api/ping/``: a plain Django view returning a small ``HttpResponse``;
* ``GET /api/hello/``: an ``APIView`` returning ``Response({"ok": True})``.

No view touches the database, so only the error path differs between handlers.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from rest_framework import serializers
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

WIDGETS = {1: {"id": 1, "name": "sprocket"}}


class CustomerSerializer(serializers.Serializer[Any]):
    """Who places the order."""

    name = serializers.CharField(max_length=50)
    email = serializers.EmailField()
    phone = serializers.RegexField(r"^\+?[0-9 ]{6,20}$", required=False)


class ItemSerializer(serializers.Serializer[Any]):
    """One order line."""

    sku = serializers.RegexField(r"^[A-Z]{3}-[0-9]{4}$")
    quantity = serializers.IntegerField(min_value=1, max_value=100)
    unit_price = serializers.DecimalField(max_digits=8, decimal_places=2)


class OrderSerializer(serializers.Serializer[Any]):
    """An order: ten fields, a nested object and a list of nested objects."""

    reference = serializers.CharField(max_length=20)
    customer = CustomerSerializer()
    items = ItemSerializer(many=True)
    tags = serializers.ListField(child=serializers.CharField(max_length=10), max_length=5)
    currency = serializers.ChoiceField(choices=["EUR", "GBP", "USD"])
    delivery_date = serializers.DateField()
    priority = serializers.IntegerField(min_value=0, max_value=9)
    gift = serializers.BooleanField()
    notes = serializers.CharField(max_length=200, required=False)
    coupon = serializers.CharField(min_length=6, max_length=12)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        raise AssertionError("the benchmark payload is never valid")  # pragma: no cover


INVALID_ORDER: dict[str, Any] = {
    "reference": "R" * 30,
    "customer": {"name": "Ada", "email": "not-an-email", "phone": "call me"},
    "items": [
        {"sku": "ABC-1234", "quantity": 2, "unit_price": "9.99"},
        {"sku": "bad", "quantity": 0, "unit_price": "12345678.999"},
        {"quantity": "many", "unit_price": "x"},
    ],
    "tags": ["ok", "far-too-long-a-tag", "fine"],
    "currency": "JPY",
    "delivery_date": "tomorrow",
    "priority": 12,
    "gift": "perhaps",
    "coupon": "abc",
}
"""The payload every validation request sends: errors at every level, some per list item."""


class OrderView(APIView):
    """Create an order (the benchmark always sends an invalid one)."""

    def post(self, request: Request) -> Response:
        serializer = OrderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.validated_data, status=201)  # pragma: no cover


class WidgetView(APIView):
    """One widget by id; ``GET`` only, so ``DELETE`` is a 405."""

    def get(self, request: Request, pk: int) -> Response:
        try:
            return Response(WIDGETS[pk])
        except KeyError:
            raise Http404("No widget matches the given query.") from None


class HeaderTokenAuthentication(BaseAuthentication):
    """A token in ``X-Token``; the benchmark sends none, so the view answers 401."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        token = request.META.get("HTTP_X_TOKEN")
        if token is None:
            return None
        return None  # pragma: no cover - no token is ever valid here

    def authenticate_header(self, request: Request) -> str:
        return 'Token realm="api"'


class PrivateView(APIView):
    """Needs credentials."""

    authentication_classes = [HeaderTokenAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request: Request) -> Response:
        return Response({"secret": 42})  # pragma: no cover


def ping(request: HttpRequest) -> HttpResponse:
    """The cheapest successful request there is."""
    return HttpResponse(b"ok", content_type="text/plain")


class HelloView(APIView):
    """A DRF view that answers a constant."""

    def get(self, request: Request) -> Response:
        return Response({"ok": True})


urlpatterns = [
    path("api/ping/", ping),
    path("api/hello/", HelloView.as_view()),
    path("api/orders/", OrderView.as_view()),
    path("api/widgets/<int:pk>/", WidgetView.as_view()),
    path("api/private/", PrivateView.as_view()),
]
