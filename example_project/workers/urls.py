"""The example API's routes, mounted under ``/api/``."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from example_project.workers import views

router = DefaultRouter(trailing_slash=False)
router.register("workers", views.WorkerViewSet, basename="worker")
router.register("offers", views.OfferViewSet, basename="offer")

urlpatterns = [
    path("availability", views.AvailabilitySearchView.as_view(), name="availability-search"),
    path("availability/feed", views.AvailabilityFeedView.as_view(), name="availability-feed"),
    path("diagnostics/crash", views.CrashView.as_view(), name="crash"),
    *router.urls,
]
