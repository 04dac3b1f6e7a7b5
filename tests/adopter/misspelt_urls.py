"""A URLconf with a typo in a ``@problem_responses`` slug: the shop's URLs plus one view that
names a type that does not exist. ``manage.py spectacular --fail-on-warn`` must refuse it."""

from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from django_problems.openapi import problem_responses


@problem_responses("resource-crud-faliure")  # sic: "failure"
@extend_schema(request=None, responses={204: None})
@api_view(["POST"])
def close_store(request: Request) -> Response:
    return Response(status=204)


urlpatterns: list[URLPattern | URLResolver] = [
    path("api/store/close/", close_store),
    path("api/", include("tests.adopter.shop.urls")),
]
