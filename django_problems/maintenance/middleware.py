"""``MaintenanceMiddleware``: while the switch is on, API requests answer 503.

Place it right before ``ProblemMiddleware``, so maintenance is answered before anything else
looks at the request (the body-size gate included). Only requests under
``PROBLEMS["API_PREFIXES"]`` are affected; the docs page, the admin and ``EXEMPT_PATHS`` stay
reachable.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from django_problems.maintenance.switch import (
    MEMO,
    amemoised_state,
    maintenance_problem,
    memoised_state,
)
from django_problems.middleware import render_early
from django_problems.paths import PREFIXES, api_prefixes


class MaintenanceMiddleware:
    """Answer ``service-temporarily-unavailable`` on API paths while maintenance is on.

    The switch is read at most once per ``CHECK_INTERVAL`` per process; sync and async stacks
    are served natively.
    """

    sync_capable = True
    async_capable = True

    def __new__(cls, get_response: Callable[..., Any]) -> MaintenanceMiddleware:
        if cls is MaintenanceMiddleware and iscoroutinefunction(get_response):
            cls = AsyncMaintenanceMiddleware
        return super().__new__(cls)

    def __init__(self, get_response: Callable[..., Any]) -> None:
        self.get_response: Callable[[HttpRequest], HttpResponseBase] = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # Every API request's cost: a prefix test, a clock read, two attribute reads.
        if request.path_info.startswith(PREFIXES[0] if PREFIXES else api_prefixes()):
            memo = MEMO if time.monotonic() < MEMO.valid_until else memoised_state()
            if memo.state is not None or memo.unreadable:
                problem = maintenance_problem(request, memo)
                if problem is not None:
                    return render_early(problem, request)
        return self.get_response(request)


class AsyncMaintenanceMiddleware(MaintenanceMiddleware):
    """``MaintenanceMiddleware`` in an async stack."""

    def __init__(self, get_response: Callable[..., Any]) -> None:
        super().__init__(get_response)
        self.get_async_response: Callable[[HttpRequest], Awaitable[HttpResponseBase]] = get_response
        markcoroutinefunction(self)

    async def __call__(self, request: HttpRequest) -> HttpResponseBase:  # type: ignore[override]
        if request.path_info.startswith(PREFIXES[0] if PREFIXES else api_prefixes()):
            memo = MEMO if time.monotonic() < MEMO.valid_until else await amemoised_state()
            if memo.state is not None or memo.unreadable:
                problem = maintenance_problem(request, memo)
                if problem is not None:
                    return render_early(problem, request)
        return await self.get_async_response(request)
