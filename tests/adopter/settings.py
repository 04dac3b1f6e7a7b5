"""Settings of the adopter suite: a shop API that adopted django-problems from its docs.

A project of its own (not the example project, not the library's test app), wired as
docs/quickstart.md and docs/adopting.md say, next to the packages DRF projects commonly use:
django-filter, djangorestframework-simplejwt, DRF's token authentication, django-cors-headers and
drf-spectacular. Of django-problems it uses the core, OpenAPI, versioning and maintenance, not
API keys or signatures (the shop authenticates with JWTs and DRF tokens).

SQLite in memory and the local-memory cache by default. ``PROBLEMS_TEST_POSTGRES=1`` runs the
suite on the local PostgreSQL (database ``test``) and
``PROBLEMS_TEST_REDIS=redis://127.0.0.1:6379/15`` puts the cache on Redis.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from typing import Any

SECRET_KEY = "adopter-tests-only-not-a-secret-5f0c2a9e7b41d83c6e2f9a0b"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1", "shop.example.com"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_simplejwt",
    "django_filters",
    "drf_spectacular",
    "django_problems",
    "django_problems.openapi",
    "django_problems.versioning",
    "django_problems.maintenance",
    "tests.adopter.shop",
]

# docs/adopting.md, "Middleware order": CORS, then maintenance, then ProblemMiddleware, first.
MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django_problems.maintenance.MaintenanceMiddleware",
    "django_problems.middleware.ProblemMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tests.adopter.urls"
CSRF_FAILURE_VIEW = "django_problems.error_views.csrf_failure"
APPEND_SLASH = True

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    if os.environ.get("PROBLEMS_TEST_POSTGRES"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("PROBLEMS_TEST_POSTGRES_DB", "test"),
            "HOST": os.environ.get("PROBLEMS_TEST_POSTGRES_HOST", "127.0.0.1"),
            "PORT": "5432",
            "USER": os.environ.get("PROBLEMS_TEST_POSTGRES_USER", "postgres"),
            "ATOMIC_REQUESTS": True,
            "TEST": {"NAME": "test_django_problems_adopter"},
        }
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:", "ATOMIC_REQUESTS": True}


def _cache() -> dict[str, Any]:
    if os.environ.get("PROBLEMS_TEST_REDIS"):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["PROBLEMS_TEST_REDIS"],
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


DATABASES = {"default": _database()}
CACHES = {"default": _cache()}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "en-us"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "static/"
MEDIA_URL = "media/"
MEDIA_ROOT = os.path.join(tempfile.gettempdir(), "django-problems-adopter-media")
LOGGING = {"version": 1, "disable_existing_loggers": False}

CORS_ALLOWED_ORIGINS = ["https://shop.example.com"]

REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "django_problems.handler.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "django_problems.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": "django_problems.versioning.ApiVersioning",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 2,
    "DEFAULT_THROTTLE_RATES": {"restock": "2/minute"},
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=5),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Shop API",
    "VERSION": "1.0",
    "DEFAULT_GENERATOR_CLASS": "django_problems.openapi.SchemaGenerator",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
}

# The defaults (DRF's statuses and field codes), absolute type URIs, one API version.
PROBLEMS: dict[str, Any] = {
    "TYPE_BASE_URL": "https://shop.example.com/problems/",
    "VERSIONING": {"SUPPORTED": ["1.0"]},
}
