"""Plain DRF model viewsets: what the samples show is what the package makes of DRF's errors."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from tests.docs.app.models import Order, Worker


class OrderSerializer(serializers.ModelSerializer[Order]):
    class Meta:
        model = Order
        fields = ["id", "email"]


class WorkerSerializer(serializers.ModelSerializer[Worker]):
    class Meta:
        model = Worker
        fields = ["id", "name", "email"]


class OrderViewSet(viewsets.ModelViewSet[Order]):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class WorkerViewSet(viewsets.ModelViewSet[Worker]):
    queryset = Worker.objects.all()
    serializer_class = WorkerSerializer
