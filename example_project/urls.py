"""Root URLconf of the example project."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("problems/", include("django_problems.urls")),
    # OpenAPI schema (?version=1.0 for one version), Swagger UI and Redoc (docs/openapi.md).
    path("schema/", include("django_problems.openapi.urls")),
    path("api/", include("example_project.workers.urls")),
]

handler400 = "django_problems.error_views.bad_request"
handler403 = "django_problems.error_views.permission_denied"
handler404 = "django_problems.error_views.page_not_found"
handler500 = "django_problems.error_views.server_error"
