"""What the signatures feature does when API keys change."""

from __future__ import annotations

from typing import Any

from django_problems.api_keys.models import ApiKey
from django_problems.signatures.models import SigningKey


def keep_signing_key(sender: Any, old: ApiKey, new: ApiKey, **kwargs: Any) -> None:
    """A rotated key keeps signing with the same public key (``apikey_rotate``)."""
    current = SigningKey.objects.filter(api_key=old).first()
    if current is not None:
        SigningKey.objects.create(api_key=new, public_key=current.public_key)
