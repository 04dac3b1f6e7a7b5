"""Django's ``handler400/403/404/500`` and CSRF failure view, answering problems for API paths.

In the root URLconf::

    handler400 = "django_problems.error_views.bad_request"
    handler403 = "django_problems.error_views.permission_denied"
    handler404 = "django_problems.error_views.page_not_found"
    handler500 = "django_problems.error_views.server_error"

and ``CSRF_FAILURE_VIEW = "django_problems.error_views.csrf_failure"``. Outside the API prefixes
Django's own pages are served unchanged.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views import csrf, defaults

from django_problems.classify import get_classifier, uncaught
from django_problems.paths import is_api_request
from django_problems.problem import Problem
from django_problems.writer import render_safely


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400 (``SuspiciousOperation`` and friends; 413 for an oversized body)."""
    if not is_api_request(request):
        return defaults.bad_request(request, exception)
    # Django has logged a SuspiciousOperation already.
    return render_safely(lambda: get_classifier().rejected_request(exception), request)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403, keeping the ``PermissionDenied`` message when there is one."""
    if not is_api_request(request):
        return defaults.permission_denied(request, exception)
    return render_safely(lambda: get_classifier().forbidden(exception), request)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: an unknown URL under the API is a problem too, not Django's HTML page."""
    if not is_api_request(request):
        return defaults.page_not_found(request, exception)
    return render_safely(lambda: get_classifier().not_found(exception), request)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 with a generic detail (or the problem the uncaught exception is, such as an outage's
    503); Django has already logged the exception and sent ``got_request_exception``."""
    if not is_api_request(request):
        return defaults.server_error(request)
    cause = uncaught(request)
    classifier = get_classifier()
    if cause is None:
        return render_safely(lambda: classifier.for_status(500), request)
    return render_safely(lambda: classifier.classify(cause, request), request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 when the CSRF check fails; the reason is one of Django's fixed messages."""
    if not is_api_request(request):
        return csrf.csrf_failure(request, reason)
    detail = _("CSRF verification failed: %(reason)s") % {"reason": reason} if reason else None
    return render_safely(lambda: Problem.of_slug("forbidden", detail), request)
