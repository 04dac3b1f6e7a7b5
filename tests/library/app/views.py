"""The test app's API: what the library's authentication, versioning, throttling, signatures,
query validation and OpenAPI integration act on."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from django_problems.api_keys.authentication import (
    AccessTokenAuthentication,
    ApiKeyAuthentication,
)
from django_problems.api_keys.models import ApiKey
from django_problems.openapi import problem_responses
from django_problems.query import validate_query
from django_problems.signatures.authentication import SignedRequestAuthentication
from tests.library.app.models import Worker
from tests.library.app.serializers import (
    PayoutSerializer,
    SearchQuerySerializer,
    WorkerSerializer,
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
    """The caller's workers (default authentication: an API key; versioned by ``api-version``)."""

    serializer_class = WorkerSerializer
    lookup_value_regex = "[0-9]+"
    throttle_scope: str | None = None  # set per action (DRF accepts only declared attributes)

    def get_queryset(self) -> QuerySet[Worker]:
        return Worker.objects.filter(owner=caller(self.request)).prefetch_related("skills")

    def perform_create(self, serializer: BaseSerializer[Worker]) -> None:
        serializer.save(owner=caller(self.request))

    @extend_schema(request=None, responses={202: OpenApiTypes.OBJECT})
    @action(
        detail=True,
        methods=["post"],
        throttle_classes=[ScopedRateThrottle],
        throttle_scope="invitations",
    )
    def invite(self, request: Request, pk: str | None = None) -> Response:
        """A throttled action (scope ``invitations``)."""
        worker = self.get_object()
        return Response({"invited": worker.email}, status=202)

    @extend_schema(request=PayoutSerializer, responses={202: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], authentication_classes=[SignedRequestAuthentication])
    def payout(self, request: Request, pk: str | None = None) -> Response:
        """An action that only accepts signed requests (RFC 9421), each once."""
        worker = self.get_object()
        serializer = PayoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        amount = serializer.validated_data["amount"]
        return Response({"worker": worker.pk, "amount": str(amount), "status": "queued"}, 202)


class SearchView(APIView):
    """The caller's workers by name: query parameters validated by ``validate_query``."""

    @extend_schema(parameters=[SearchQuerySerializer], responses=WorkerSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = validate_query(request, SearchQuerySerializer)
        found = Worker.objects.filter(owner=caller(request))
        if "name" in query:
            found = found.filter(name__icontains=query["name"])
        return Response(WorkerSerializer(found[: query["limit"]], many=True).data)


class StatusView(APIView):
    """A public, unversioned endpoint (a health check): no credentials, no ``api-version``."""

    authentication_classes = []
    permission_classes = [AllowAny]
    versioning_class = None

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})


class WhoAmI(APIView):
    """Echoes who the request authenticated as (only the authentication runs queries)."""

    schema = None  # a test view: not part of the documented API

    def get(self, request: Request) -> Response:
        key = request.auth
        assert isinstance(key, ApiKey)
        return Response({"user": request.user.get_username(), "key": key.key_id})


class TokenWhoAmI(WhoAmI):
    """The same, authenticated by the ``access_token`` query parameter only."""

    authentication_classes = [AccessTokenAuthentication]


class EitherWhoAmI(WhoAmI):
    """The same, by the header first, then by the query parameter."""

    authentication_classes = [ApiKeyAuthentication, AccessTokenAuthentication]
