"""Validating query parameters through a serializer, with the same problem shape as bodies."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer

MULTI_VALUE_FIELDS = (serializers.ListField, serializers.MultipleChoiceField)


class QueryValidationError(serializers.ValidationError):
    """A ``ValidationError`` about query parameters: the list shape of ``errors`` names each
    ``parameter`` instead of pointing into a body."""


def validate_query(
    request: Request, serializer_class: type[BaseSerializer[Any]], **kwargs: Any
) -> dict[str, Any]:
    """Validate ``request.query_params`` with ``serializer_class`` and return the data.

    Invalid parameters raise :class:`QueryValidationError` (a DRF ``ValidationError``), which
    the handler maps to ``invalid-parameters`` / ``parameters-out-of-range`` with an ``errors``
    member keyed by parameter name, exactly as for a body. A single-value parameter given more
    than once is an error too (code ``repeated``), rather than silently taking the last value.
    """
    serializer = serializer_class(data=request.query_params, context={"request": request}, **kwargs)
    repeated = _repeated(serializer, request)
    if repeated:
        raise QueryValidationError(repeated)
    if not serializer.is_valid():
        raise QueryValidationError(dict(serializer.errors))
    data: dict[str, Any] = dict(serializer.validated_data)
    return data


def _repeated(serializer: BaseSerializer[Any], request: Request) -> dict[str, list[Any]]:
    fields = getattr(serializer, "fields", {})
    errors: dict[str, list[Any]] = {}
    for name, field in fields.items():
        if field.read_only or isinstance(field, MULTI_VALUE_FIELDS):
            continue
        if len(request.query_params.getlist(name)) > 1:
            message = _("Give this parameter once.")
            errors[name] = [serializers.ErrorDetail(str(message), code="repeated")]
    return errors
