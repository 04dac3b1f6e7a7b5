"""Settings of the library suite: django_problems and a small test app, nothing of the example.

SQLite in memory and the local-memory cache by default. ``PROBLEMS_TEST_POSTGRES=1`` runs the
suite on the local PostgreSQL (database ``test``) and
``PROBLEMS_TEST_REDIS=redis://127.0.0.1:6379/15`` puts the cache on Redis.

Every feature app is installed and configured, so each test can switch one off or change one
value with pytest-django's ``settings`` fixture.
"""

from __future__ import annotations

import os
from typing import Any

import django

SECRET_KEY = "library-tests-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

if django.VERSION >= (6, 1):  # Django 6.1's mailers (its test runner makes each local-memory)
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

INSTALLED_APPS = [
    # The admin of ApiKey and SigningKey is tested (it needs auth, sessions and messages).
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_problems",
    "django_problems.versioning",
    "django_problems.api_keys",
    "django_problems.signatures",
    "django_problems.maintenance",
    "django_problems.openapi",
    "tests.library.app",
]

MIDDLEWARE = [
    "django_problems.maintenance.middleware.MaintenanceMiddleware",
    "django_problems.middleware.ProblemMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "tests.library.urls"
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


def _database() -> dict[str, Any]:
    if os.environ.get("PROBLEMS_TEST_POSTGRES"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("PROBLEMS_TEST_POSTGRES_DB", "test"),
            "HOST": os.environ.get("PROBLEMS_TEST_POSTGRES_HOST", "127.0.0.1"),
            "PORT": "5432",
            "USER": os.environ.get("PROBLEMS_TEST_POSTGRES_USER", "postgres"),
            "TEST": {"NAME": "test_django_problems_library"},
        }
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}


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
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "static/"
LOGGING = {"version": 1, "disable_existing_loggers": False}

REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "django_problems.handler.exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "django_problems.api_keys.authentication.ApiKeyAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "django_problems.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_THROTTLE_RATES": {"invitations": "3/minute"},
    "DEFAULT_VERSIONING_CLASS": "django_problems.versioning.scheme.ApiVersioning",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "django-problems test API",
    "VERSION": "1.1",
    "DEFAULT_GENERATOR_CLASS": "django_problems.openapi.SchemaGenerator",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

# The values the tests assert on: type URIs under http://127.0.0.1:8000/problems/, API versions
# 1.0 (deprecated, with these dates and link) and 1.1, keys "demo_..." with this pepper.
PROBLEMS: dict[str, Any] = {
    "TYPE_BASE_URL": "http://127.0.0.1:8000/problems/",
    "API_PREFIXES": ["/api/"],
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
    "API_KEYS": {
        "HEADER": "X-Api-Key",
        "PREFIX": "demo",
        "PEPPER": "example-only-pepper-not-a-secret-0000",
        "ACCESS_TOKEN_PARAM": "access_token",
    },
    "SIGNATURES": {"CACHE": "default", "WINDOW": 300},
    "MAINTENANCE": {"CACHE": "default", "RETRY_AFTER": 30},
}
