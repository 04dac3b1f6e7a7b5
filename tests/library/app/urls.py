"""The test app's routes, mounted under ``/api/``."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import DefaultRouter

from tests.library.app import raising, views

router = DefaultRouter(trailing_slash=False)
router.register("workers", views.WorkerViewSet, basename="worker")

urlpatterns: list[URLPattern | URLResolver] = [
    path("search", views.SearchView.as_view(), name="search"),
    path("status", views.StatusView.as_view(), name="status"),
    path("whoami", views.WhoAmI.as_view()),
    path("token/whoami", views.TokenWhoAmI.as_view()),
    path("either/whoami", views.EitherWhoAmI.as_view()),
    path("test/raise/<str:kind>", raising.RaiseView.as_view()),
    path("test/plain/<str:kind>", raising.plain_raise),
    path("test/async/<str:kind>", raising.async_raise),
    path("test/write-then-raise/<str:kind>", raising.WriteThenRaiseView.as_view()),
    path("test/post-only", raising.plain_post_only),
    path("test/bad", raising.plain_bad_request),
    path("test/json-error", raising.plain_json_error),
    path("test/reserved", raising.ReservedNamesView.as_view()),
    path("test/open", raising.OpenView.as_view()),
    path("test/parsers", raising.ParsersView.as_view()),
    *router.urls,
]
