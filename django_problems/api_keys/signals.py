"""Signals of the API-key feature, for features that attach data to keys."""

from django.dispatch import Signal

key_rotated = Signal()
"""Sent by ``apikey_rotate`` after it creates the replacement: ``old`` and ``new`` keys."""
