"""The shop's routes: a DefaultRouter (with its root view) and the function view."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import DefaultRouter

from tests.adopter.shop import views

router = DefaultRouter()
router.register("customers", views.CustomerViewSet)
router.register("products", views.ProductViewSet)
router.register("orders", views.OrderViewSet, basename="order")

urlpatterns: list[URLPattern | URLResolver] = [
    path("customers/merge/", views.merge_customers, name="customer-merge"),
    *router.urls,
]
