"""Views of the example API: each one a realistic source of one or more problem types."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from django_problems import raise_problem
from django_problems.api_keys import AccessTokenAuthentication
from django_problems.openapi import problem_responses
from django_problems.query import validate_query
from django_problems.signatures import SignedRequestAuthentication
from example_project.workers.models import Availability, Offer, Worker
from example_project.workers.serializers import (
    AvailabilityQuerySerializer,
    AvailabilitySerializer,
    OfferSerializer,
    WorkerSerializer,
)


class PayoutSerializer(serializers.Serializer[dict[str, Any]]):
    """The body of a payout: an amount of money."""

    amount = serializers.DecimalField(
        max_digits=9, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("10000")
    )


def caller(request: Request) -> User:
    """The authenticated user (every view here requires authentication)."""
    user = request.user
    assert isinstance(user, User)
    return user


@problem_responses(
    "resource-crud-failure", actions=("create", "update", "partial_update", "destroy")
)
class WorkerViewSet(viewsets.ModelViewSet[Worker]):
    """The caller's workers. A duplicate email or deleting a worker with offers: 409."""

    serializer_class = WorkerSerializer
    lookup_value_regex = "[0-9]+"
    throttle_scope: str | None = None

    def get_queryset(self) -> QuerySet[Worker]:
        return Worker.objects.filter(owner=caller(self.request)).prefetch_related("availability")

    def perform_create(self, serializer: BaseSerializer[Worker]) -> None:
        with transaction.atomic():
            serializer.save(owner=caller(self.request))

    @extend_schema(request=None, responses={202: OpenApiTypes.OBJECT})
    @action(
        detail=True,
        methods=["post"],
        throttle_classes=[ScopedRateThrottle],
        throttle_scope="invitations",
    )
    def invite(self, request: Request, pk: str | None = None) -> Response:
        """Send the worker an invitation (at most 3 a minute: then 429)."""
        worker = self.get_object()
        return Response({"invited": worker.email}, status=202)

    @extend_schema(request=PayoutSerializer, responses={202: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], authentication_classes=[SignedRequestAuthentication])
    def payout(self, request: Request, pk: str | None = None) -> Response:
        """Pay the worker: a sensitive action, so the request must be signed (RFC 9421) and is
        accepted once (a replay is ``request-already-received``)."""
        worker = self.get_object()
        serializer = PayoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        amount = serializer.validated_data["amount"]
        return Response({"worker": worker.pk, "amount": str(amount), "status": "queued"}, 202)


class OfferViewSet(viewsets.ModelViewSet[Offer]):
    """Offers of work; ``workerIds`` the caller may not see: 403; complete twice: 409."""

    serializer_class = OfferSerializer
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Offer]:
        return Offer.objects.filter(owner=caller(self.request)).prefetch_related("workers")

    def perform_create(self, serializer: BaseSerializer[Offer]) -> None:
        serializer.save(owner=caller(self.request))

    @problem_responses("resource-crud-failure")
    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        """Mark the offer complete; an offer already complete cannot be completed again."""
        offer = self.get_object()
        if offer.complete:
            raise_problem(
                "resource-crud-failure",
                _("Offer %(id)s is already complete.") % {"id": offer.pk},
                resource=f"offers/{offer.pk}",
            )
        offer.complete = True
        offer.save(update_fields=["complete"])
        return Response(self.get_serializer(offer).data)


class AvailabilitySearchView(APIView):
    """Availability intervals overlapping ``start``..``end`` (query parameters validated)."""

    @extend_schema(
        parameters=[AvailabilityQuerySerializer], responses=AvailabilitySerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        query = validate_query(request, AvailabilityQuerySerializer)
        found = Availability.objects.filter(
            worker__owner=caller(request), start__lt=query["end"], end__gt=query["start"]
        )[: query["limit"]]
        return Response(AvailabilitySerializer(found, many=True).data)


class AvailabilityFeedView(AvailabilitySearchView):
    """The same search for integrations that cannot set headers: the API key travels in the
    ``access_token`` query parameter (Elance style: none is ``no-token``, a bad one
    ``invalid-token``)."""

    authentication_classes = [AccessTokenAuthentication]


class CrashView(APIView):
    """A deliberately broken endpoint (staff only) showing the 500 problem."""

    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        data: dict[str, Any] = {}
        return Response({"ratio": data["total"] / 0})
