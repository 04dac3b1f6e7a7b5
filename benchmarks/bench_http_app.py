"""WSGI and ASGI entry points of the HTTP benchmark (``benchmarks/bench_http.py``).

``gunicorn benchmarks.bench_http_app:wsgi_application`` or ``uvicorn
benchmarks.bench_http_app:asgi_application`` with ``BENCH_HTTP_VARIANT`` set
(``bench_http_settings.py``). The ``problems`` variant is served through django-problems' guarded
handlers (``django_problems.wsgi``, ``django_problems.asgi``), as the example project is; the
others through Django's own.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_http_settings")

import django.core.asgi
import django.core.wsgi
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.wsgi import WSGIHandler

import django_problems.asgi
import django_problems.wsgi
from benchmarks.bench_http_settings import VARIANT

if VARIANT == "problems":
    wsgi_application: WSGIHandler = django_problems.wsgi.get_wsgi_application()
    asgi_application: ASGIHandler = django_problems.asgi.get_asgi_application()
else:
    wsgi_application = django.core.wsgi.get_wsgi_application()
    asgi_application = django.core.asgi.get_asgi_application()
