"""Validating query parameters through a serializer, with the same problem shape as bodies."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer


def validate_query(
    request: Request, serializer_class: type[BaseSerializer[Any]], **kwargs: Any
) -> dict[str, Any]:
    """Validate ``request.query_params`` with ``serializer_class`` and return the data.

    Invalid parameters raise DRF's ``ValidationError``, which the handler maps to
    ``invalid-parameters`` / ``parameters-out-of-range`` with an ``errors`` member keyed by
    parameter name, exactly as for a body.
    """
    serializer = serializer_class(data=request.query_params, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    data: dict[str, Any] = dict(serializer.validated_data)
    return data
