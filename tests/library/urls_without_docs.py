"""A URLconf without ``django_problems.urls`` (type URIs fall back to ``/problems/``)."""

urlpatterns: list[object] = []
