"""Settings of the example API: SQLite and the local-memory cache, nothing to install.

``EXAMPLE_DATABASE_URL``-style switches are kept to two environment variables so the same project
runs in CI against PostgreSQL and Redis: ``EXAMPLE_POSTGRES`` (a libpq conninfo or "1" for the
local server's ``test`` database) and ``EXAMPLE_REDIS`` (a redis:// URL).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = os.environ.get("EXAMPLE_SECRET_KEY", "example-only-not-secret")
DEBUG = os.environ.get("EXAMPLE_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_problems",
    "django_problems.versioning",
    "django_problems.api_keys",
    "django_problems.signatures",
    "django_problems.maintenance",
    "django_problems.openapi",
    "example_project.workers",
]

MIDDLEWARE = [
    "django_problems.maintenance.MaintenanceMiddleware",
    "django_problems.middleware.ProblemMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "example_project.urls"
CSRF_FAILURE_VIEW = "django_problems.error_views.csrf_failure"

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

WSGI_APPLICATION = "example_project.wsgi.application"


def _database() -> dict[str, Any]:
    postgres = os.environ.get("EXAMPLE_POSTGRES")
    if postgres:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("EXAMPLE_POSTGRES_DB", "test"),
            "HOST": os.environ.get("EXAMPLE_POSTGRES_HOST", "127.0.0.1"),
            "PORT": os.environ.get("EXAMPLE_POSTGRES_PORT", "5432"),
            "USER": os.environ.get("EXAMPLE_POSTGRES_USER", "postgres"),
        }
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("EXAMPLE_SQLITE", str(BASE_DIR / "db.sqlite3")),
    }


def _redis(url: str) -> dict[str, Any]:
    # Short timeouts: a Redis that accepts connections and never answers must not hold every
    # request (docs/operations.md; `check --deploy` warns without them).
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


def _cache() -> dict[str, Any]:
    redis_url = os.environ.get("EXAMPLE_REDIS")
    if redis_url:
        return _redis(redis_url)
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


def _switches_cache() -> dict[str, Any]:
    # The maintenance switch must be seen by every process (runserver and manage.py): Redis
    # when configured, else a file cache next to the SQLite database (nothing to install).
    redis_url = os.environ.get("EXAMPLE_REDIS")
    if redis_url:
        return _redis(redis_url)
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("EXAMPLE_SWITCHES_DIR", str(BASE_DIR / ".switches")),
    }


DATABASES = {"default": _database()}
CACHES = {"default": _cache(), "switches": _switches_cache()}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "static/"

REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "django_problems.handler.exception_handler",
    # API keys in X-Api-Key (docs/api-keys.md); `manage.py apikey_create <user>` makes one.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "django_problems.api_keys.ApiKeyAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Every problem an operation can answer, in the OpenAPI schema (docs/openapi.md).
    "DEFAULT_SCHEMA_CLASS": "django_problems.openapi.AutoSchema",
    # JSON only: no ?format= override (it would make every operation answer 404 to ?format=x).
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_THROTTLE_RATES": {"invitations": "3/minute"},
    "DEFAULT_VERSIONING_CLASS": "django_problems.versioning.ApiVersioning",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Workers API (django-problems example)",
    "DESCRIPTION": "Workers, their availability and offers of work.",
    "VERSION": "1.1",
    # One schema per api-version; deprecated versions marked (docs/openapi.md).
    "DEFAULT_GENERATOR_CLASS": "django_problems.openapi.SchemaGenerator",
    "SERVE_INCLUDE_SCHEMA": False,
    # Separate request components, so write-only rules (non-blank strings) are documented.
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and Redoc from drf-spectacular-sidecar: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

PROBLEMS: dict[str, Any] = {
    # Absolute type URIs (RFC 9457): the docs page of this very project by default.
    "TYPE_BASE_URL": os.environ.get("EXAMPLE_TYPE_BASE_URL", "http://127.0.0.1:8000/problems/"),
    "API_PREFIXES": ["/api/"],
    # Completing an offer twice names the offer in a member of its own: declared, so the schema
    # types it (docs/catalogue.md#adding-a-type).
    "TYPES": {
        "resource-crud-failure": {
            "extensions": {"resource": "The resource the failed operation was about."},
            "example": {"resource": "offers/42"},
        },
    },
    # An availability interval that ends before it starts is a range error.
    "RANGE_ERROR_CODES": ["end_before_start"],
    # The seed APIs' choices (docs/catalogue.md#the-seed-apis-choices): an id the caller may not
    # see is 403 unauthorised-resource-access, and three per-field codes are Elance's. Without
    # these two keys the package keeps DRF's semantics (400, DRF's codes).
    "FORBIDDEN_REFERENCE_CODES": ["does_not_exist"],
    "FIELD_CODES": {
        "required": "E_API_VALIDATION_PARAM_REQUIRED",
        "does_not_exist": "E_VALIDATION_INVALID_ID",
        "incorrect_type": "E_VALIDATION_INVALID_ID",
    },
    # ?api-version=major.minor on every API request (docs/versioning.md): 1.1 is current, 1.0
    # still works but is deprecated and answers Deprecation, Sunset and Link headers.
    "VERSIONING": {
        "SUPPORTED": ["1.0", "1.1"],
        "DEPRECATED": {
            "1.0": {
                "deprecation": "2026-01-01",
                "sunset": "2027-06-30",
                "link": "http://127.0.0.1:8000/problems/#invalid-api-version",
            },
        },
    },
    # API keys (docs/api-keys.md). The pepper keys the stored HMACs: set a long random secret in
    # production (rotating it invalidates every key).
    "API_KEYS": {
        "HEADER": "X-Api-Key",
        "PREFIX": "demo",
        "PEPPER": os.environ.get("EXAMPLE_API_KEY_PEPPER", "example-only-pepper-not-a-secret-0000"),
        # Elance-style ?access_token=, used by GET /api/availability/feed only.
        "ACCESS_TOKEN_PARAM": "access_token",
    },
    # Signed requests (docs/signatures.md): nonces live in the default cache (Redis in CI).
    "SIGNATURES": {"CACHE": "default", "WINDOW": 300},
    # The maintenance switch (docs/operations.md): `manage.py problems_maintenance on|off`.
    "MAINTENANCE": {"CACHE": "switches", "RETRY_AFTER": 30},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django_problems": {"handlers": ["console"], "level": "INFO"}},
}

# Error reports (the technical 500 page, AdminEmailHandler) without API keys or access tokens
# (docs/api-keys.md#error-reports).
DEFAULT_EXCEPTION_REPORTER_FILTER = "django_problems.api_keys.reports.ApiKeyReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "django_problems.api_keys.reports.ApiKeyExceptionReporter"
