"""Root URLconf of the shop: the API under /api/ (with the token views and the schema), the
problem-type docs page, the admin."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("problems/", include("django_problems.urls")),
    path("api/token/", TokenObtainPairView.as_view(), name="token_obtain_pair"),
    path("api/token/refresh/", TokenRefreshView.as_view(), name="token_refresh"),
    path("api/auth-token/", obtain_auth_token, name="auth-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/schema/swagger/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger"),
    path("api/", include("tests.adopter.shop.urls")),
]

handler400 = "django_problems.error_views.bad_request"
handler403 = "django_problems.error_views.permission_denied"
handler404 = "django_problems.error_views.page_not_found"
handler500 = "django_problems.error_views.server_error"
