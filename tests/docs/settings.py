"""Settings of the docs samples (tests/docs): a project set up as docs/quickstart.md says.

Every feature app is installed, so a sample may configure any section of ``PROBLEMS``; the
packages the integration samples name (django-filter, simplejwt, django-cors-headers) are
installed too. SQLite in memory, the local-memory cache.
"""

from __future__ import annotations

from typing import Any

SECRET_KEY = "docs-samples-only-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "corsheaders",
    "rest_framework",
    "rest_framework_simplejwt",
    "django_filters",
    "drf_spectacular",
    "django_problems",
    "django_problems.versioning",
    "django_problems.api_keys",
    "django_problems.signatures",
    "django_problems.maintenance",
    "django_problems.openapi",
    "tests.docs.app",
]

MIDDLEWARE = [
    "django_problems.middleware.ProblemMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

ROOT_URLCONF = "tests.docs.urls"
CSRF_FAILURE_VIEW = "django_problems.error_views.csrf_failure"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_I18N = True
USE_TZ = True
LANGUAGE_CODE = "en-us"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "django_problems.handler.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "django_problems.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}

PROBLEMS: dict[str, Any] = {
    "TYPE_BASE_URL": "https://api.example.com/problems/",
    "VERSIONING": {"SUPPORTED": ["1.0", "1.1"]},
}
