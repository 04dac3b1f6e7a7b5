"""``path("api/schema/", include("django_problems.openapi.urls"))``: schema, Swagger UI, Redoc.

``schema/`` (``?version=1.0`` for one version), ``swagger/`` and ``redoc/``.
"""

from django.urls import path

from django_problems.openapi import views

app_name = "django_problems_openapi"

urlpatterns = [
    path("", views.SchemaView.as_view(), name="schema"),
    path("swagger/", views.SwaggerView.as_view(), name="swagger"),
    path("redoc/", views.RedocView.as_view(), name="redoc"),
]
