"""The core-only project's URLs: the admin and the problem-type docs page."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("problems/", include("django_problems.urls")),
]

handler404 = "django_problems.error_views.page_not_found"
handler500 = "django_problems.error_views.server_error"
