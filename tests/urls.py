"""The example project's URLs plus test views under /api/test/ and an HTML page outside the API."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path

from example_project.urls import handler400, handler403, handler404, handler500
from example_project.urls import urlpatterns as example_urlpatterns
from tests import views


def html_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<h1>site</h1>")


urlpatterns: list[URLPattern | URLResolver] = [
    path("api/test/raise/<str:kind>", views.RaiseView.as_view()),
    path("api/test/plain/<str:kind>", views.plain_raise),
    path("api/test/write-then-raise/<str:kind>", views.WriteThenRaiseView.as_view()),
    path("api/test/post-only", views.plain_post_only),
    path("api/test/bad", views.plain_bad_request),
    path("api/test/json-error", views.plain_json_error),
    path("api/test/reserved", views.ReservedNamesView.as_view()),
    path("api/test/open", views.OpenView.as_view()),
    path("site/raise/<str:kind>", views.plain_raise),
    path("site/page", html_page),
    path("", include(example_urlpatterns)),
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
