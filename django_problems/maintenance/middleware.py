"""``MaintenanceMiddleware``: while the switch is on, API requests answer 503.

Place it right before ``ProblemMiddleware``, so maintenance is answered before anything else
looks at the request (the body-size gate included). Only requests under
``PROBLEMS["API_PREFIXES"]`` are affected; the docs page, the admin and ``EXEMPT_PATHS`` stay
reachable.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from django_problems.maintenance.switch import maintenance_problem
from django_problems.middleware import render_early
from django_problems.paths import is_api_request


class MaintenanceMiddleware:
    """Answer ``service-temporarily-unavailable`` on API paths while maintenance is on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if is_api_request(request):
            problem = maintenance_problem(request)
            if problem is not None:
                return render_early(problem, request)
        return self.get_response(request)
