"""Settings of the example suite: the example project's, on SQLite + local memory by default.

``PROBLEMS_TEST_POSTGRES=1`` runs the suite on the local PostgreSQL (database ``test``) and
``PROBLEMS_TEST_REDIS=redis://127.0.0.1:6379/15`` puts the cache on Redis.
"""

from __future__ import annotations

import os

from example_project.settings import *  # noqa: F403
from example_project.settings import CACHES, DATABASES, PROBLEMS

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if os.environ.get("PROBLEMS_TEST_POSTGRES"):
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("PROBLEMS_TEST_POSTGRES_DB", "test"),
        "HOST": os.environ.get("PROBLEMS_TEST_POSTGRES_HOST", "127.0.0.1"),
        "PORT": "5432",
        "USER": os.environ.get("PROBLEMS_TEST_POSTGRES_USER", "postgres"),
        "TEST": {"NAME": "test_django_problems_example"},
    }
else:
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}

if os.environ.get("PROBLEMS_TEST_REDIS"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["PROBLEMS_TEST_REDIS"],
    }
else:
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}

LOGGING = {"version": 1, "disable_existing_loggers": False}

# Tests keep the maintenance switch in the default cache (local memory, or Redis): the example's
# file-based "switches" cache is for its own processes.
CACHES["switches"] = dict(CACHES["default"])
PROBLEMS = {**PROBLEMS, "MAINTENANCE": {**PROBLEMS["MAINTENANCE"], "CACHE": "default"}}
