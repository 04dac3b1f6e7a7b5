"""A project that uses only the core of django-problems (error handling, no feature apps), as
production would configure it. ``CORE_ONLY_WITH_API_KEYS=1`` adds ``django_problems.api_keys``.

Used by tests/library/test_core_only.py in subprocesses (one settings module per process).
"""

from __future__ import annotations

import os

SECRET_KEY = "core-only-" + "k" * 60  # long and varied enough for Django's deploy check
DEBUG = False
ALLOWED_HOSTS = ["api.example.com"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "rest_framework",
    "django_problems",
]
if os.environ.get("CORE_ONLY_WITH_API_KEYS") == "1":
    INSTALLED_APPS.append("django_problems.api_keys")
MIDDLEWARE = [
    "django_problems.middleware.ProblemMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "tests.core_only.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
REST_FRAMEWORK = {"EXCEPTION_HANDLER": "django_problems.handler.exception_handler"}
PROBLEMS = {"TYPE_BASE_URL": "https://api.example.com/problems/"}
CSRF_FAILURE_VIEW = "django_problems.error_views.csrf_failure"

# What Django's own deploy checks ask of a production site.
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
