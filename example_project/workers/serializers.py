"""Serializers of the example API (nested serializers and lists, as in the seeds)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from example_project.workers.models import Availability, Offer, Worker


def check_interval(attrs: dict[str, Any]) -> None:
    """An interval must end after it starts (a range error: ``end_before_start``)."""
    start, end = attrs.get("start"), attrs.get("end")
    if start is not None and end is not None and end <= start:
        raise serializers.ValidationError(
            {"end": [_("The interval must end after it starts.")]}, code="end_before_start"
        )


MAX_ITEMS = 100
"""Most entries a list in a request body may have: checked before any entry is validated."""


class WorkerIdsField(serializers.ManyRelatedField):
    """A list of related ids with at most ``MAX_ITEMS`` entries, counted before any is looked up
    (``ManyRelatedField`` has no ``max_length``: a long list would be one query per id)."""

    default_error_messages = {
        "max_length": _("Ensure this field has no more than {max_length} elements."),
    }

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, list) and len(data) > MAX_ITEMS:
            self.fail("max_length", max_length=MAX_ITEMS)
        return super().to_internal_value(data)


class AvailabilitySerializer(serializers.ModelSerializer[Availability]):
    """One availability interval."""

    class Meta:
        model = Availability
        fields = ("id", "start", "end")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        check_interval(attrs)
        return attrs


class WorkerSerializer(serializers.ModelSerializer[Worker]):
    """A worker with their availability; the email is unique (enforced by the database)."""

    email = serializers.EmailField(max_length=254)
    availability: serializers.ListSerializer[Availability] = serializers.ListSerializer(
        child=AvailabilitySerializer(), required=False, max_length=MAX_ITEMS
    )

    class Meta:
        model = Worker
        fields = ("id", "name", "email", "availability", "created")
        read_only_fields = ("created",)

    def create(self, validated_data: dict[str, Any]) -> Worker:
        availability = validated_data.pop("availability", [])
        worker = Worker.objects.create(**validated_data)
        Availability.objects.bulk_create(Availability(worker=worker, **a) for a in availability)
        return worker

    def update(self, instance: Worker, validated_data: dict[str, Any]) -> Worker:
        validated_data.pop("availability", None)
        return super().update(instance, validated_data)


class ScheduleSerializer(serializers.Serializer[dict[str, Any]]):
    """When an offer's work happens and how many days it repeats."""

    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    daystorepeat = serializers.IntegerField(min_value=0, max_value=31, default=0)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        check_interval(attrs)
        return attrs


class OfferSerializer(serializers.ModelSerializer[Offer]):
    """An offer to some of the caller's workers (ids of other organisations' workers fail)."""

    workerIds = WorkerIdsField(  # noqa: N815 (the seed's wire name)
        child_relation=serializers.PrimaryKeyRelatedField(queryset=Worker.objects.none()),
        source="workers",
        allow_empty=False,
    )
    schedule = ScheduleSerializer(source="*")

    class Meta:
        model = Offer
        fields = ("id", "title", "workerIds", "schedule", "complete")
        read_only_fields = ("complete",)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        request = self.context.get("request")
        related = fields["workerIds"]
        assert isinstance(related, serializers.ManyRelatedField)
        if request is not None and request.user.is_authenticated:
            related.child_relation.queryset = Worker.objects.filter(owner=request.user)
        return fields


class AvailabilityQuerySerializer(serializers.Serializer[dict[str, Any]]):
    """Query parameters of the availability search."""

    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        check_interval(attrs)
        return attrs
