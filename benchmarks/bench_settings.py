"""Minimal Django settings of the error-path benchmark (``benchmarks/bench_errors.py``).

No database is touched by the benchmark views and no middleware runs, so the error handler is as
large a share of each request as it can be: the ratios are the least flattering ones. The four
exception handlers share everything here; only ``REST_FRAMEWORK["EXCEPTION_HANDLER"]`` is switched
by the benchmark.
"""

from __future__ import annotations

SECRET_KEY = "benchmark-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "rest_framework",
    "drf_standardized_errors",
    "django_problems",
    "django_problems.maintenance",
]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "benchmarks.bench_views"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_I18N = True
USE_TZ = True
LANGUAGE_CODE = "en"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DRF_DEFAULT_HANDLER = "rest_framework.views.exception_handler"
STANDARDIZED_HANDLER = "drf_standardized_errors.handler.exception_handler"
CANON_HANDLER = "drf_canon.errors.exception_handler"
PROBLEMS_HANDLER = "django_problems.handler.exception_handler"

REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": DRF_DEFAULT_HANDLER,
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
}

PROBLEMS = {"TYPE_BASE_URL": "https://api.example.com/problems/", "API_PREFIXES": ["/api/"]}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Django's default logging (django.request still logs every 4xx as a warning, for every handler);
# the django_problems logger is left unconfigured, as a user would have it.
