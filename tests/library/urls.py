"""Root URLconf of the library suite: the test app under /api/, the problem-type docs, the
OpenAPI views, the admin, and pages outside the API (/site/)."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from tests.library.app import raising

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("problems/", include("django_problems.urls")),
    path("schema/", include("django_problems.openapi.urls")),
    path("api/", include("tests.library.app.urls")),
    path("site/raise/<str:kind>", raising.plain_raise),
    path("site/page", raising.html_page),
]

handler400 = "django_problems.error_views.bad_request"
handler403 = "django_problems.error_views.permission_denied"
handler404 = "django_problems.error_views.page_not_found"
handler500 = "django_problems.error_views.server_error"
