"""The docs samples' URLs: ``/api/orders/`` (with DRF's trailing slash) and ``/api/workers``
(without, as in the example project), the problem-type docs page."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import SimpleRouter

from tests.docs.app.views import OrderViewSet, WorkerViewSet

orders = SimpleRouter()
orders.register("orders", OrderViewSet)
workers = SimpleRouter(trailing_slash=False)
workers.register("workers", WorkerViewSet)

urlpatterns: list[URLPattern | URLResolver] = [
    path("problems/", include("django_problems.urls")),
    path("api/", include(orders.urls)),
    path("api/", include(workers.urls)),
]

handler400 = "django_problems.error_views.bad_request"
handler403 = "django_problems.error_views.permission_denied"
handler404 = "django_problems.error_views.page_not_found"
handler500 = "django_problems.error_views.server_error"
