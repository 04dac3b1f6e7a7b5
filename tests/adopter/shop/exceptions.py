"""The shop's own API exceptions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException


class OutOfStock(APIException):
    """An order asks for more of a product than is in stock."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Not enough stock to ship this order.")
    default_code = "out_of_stock"
