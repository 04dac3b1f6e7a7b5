"""Serializers of the test app: a nested list, a body and query parameters."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from tests.library.app.models import Skill, Worker


class SkillSerializer(serializers.ModelSerializer[Skill]):
    class Meta:
        model = Skill
        fields = ("id", "name")


class WorkerSerializer(serializers.ModelSerializer[Worker]):
    """A worker with a nested list of skills; a duplicate email is left to the database (409)."""

    email = serializers.EmailField(max_length=254)
    skills = SkillSerializer(many=True, required=False)

    class Meta:
        model = Worker
        fields = ("id", "name", "email", "skills")

    def create(self, validated_data: dict[str, Any]) -> Worker:
        skills = validated_data.pop("skills", [])
        worker = Worker.objects.create(**validated_data)
        Skill.objects.bulk_create(Skill(worker=worker, **skill) for skill in skills)
        return worker

    def update(self, instance: Worker, validated_data: dict[str, Any]) -> Worker:
        validated_data.pop("skills", None)
        return super().update(instance, validated_data)


class PayoutSerializer(serializers.Serializer[dict[str, Any]]):
    """The body of the signed action: an amount of money (a range error below 0.01)."""

    amount = serializers.DecimalField(
        max_digits=9, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("10000")
    )


class SearchQuerySerializer(serializers.Serializer[dict[str, Any]]):
    """Query parameters of ``/api/search``."""

    name = serializers.CharField(required=False)
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)
