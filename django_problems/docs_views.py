"""The problem-type docs page: where every ``type`` URI dereferences to.

Plain Django views (never behind the API's authentication, versioning or throttles): an HTML page
with one section per type, ``id`` = slug, and the same content as JSON.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from django_problems.catalogue import get_catalogue
from django_problems.problem_types import ProblemType


def describe(problem_type: ProblemType) -> dict[str, Any]:
    """Everything the docs say about one type, as JSON-ready data."""
    catalogue = get_catalogue()
    return {
        "slug": problem_type.slug,
        "type": catalogue.type_uri(problem_type.slug),
        "title": str(problem_type.title),
        "status": problem_type.status,
        "code": problem_type.code,
        "category": problem_type.category,
        "description": str(problem_type.description),
        "fix": str(problem_type.fix),
        "headers": sorted(problem_type.headers),
        "extensions": {name: str(text) for name, text in problem_type.extensions.items()},
        "example": catalogue.example_body(problem_type),
    }


def _wants_json(request: HttpRequest) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "")
    return request.GET.get("format") == "json" or ("json" in accept and "text/html" not in accept)


@require_safe
def problem_types(request: HttpRequest) -> HttpResponse:
    """HTML (or JSON, by ``Accept`` or ``?format=json``) documentation of every type."""
    if _wants_json(request):
        response: HttpResponse = problem_types_json(request)
    else:
        types = _described()
        for entry in types:
            entry["example_json"] = json.dumps(entry["example"], indent=2, ensure_ascii=False)
        response = render(request, "django_problems/problem_types.html", {"types": types})
    patch_vary_headers(response, ["Accept"])  # one URL, two representations
    return response


@require_safe
def problem_types_json(request: HttpRequest) -> JsonResponse:
    """The catalogue as JSON: ``{"types": [...]}``."""
    return JsonResponse({"types": _described()}, json_dumps_params={"ensure_ascii": False})


def _described() -> list[dict[str, Any]]:
    return [describe(t) for t in sorted(get_catalogue(), key=lambda t: (t.status, t.slug))]
