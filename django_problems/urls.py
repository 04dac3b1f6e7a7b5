"""``path("problems/", include("django_problems.urls"))`` serves the problem-type docs."""

from django.urls import path

from django_problems import docs_views

app_name = "django_problems"

urlpatterns = [
    path("", docs_views.problem_types, name="types"),
    path("types.json", docs_views.problem_types_json, name="types-json"),
]
