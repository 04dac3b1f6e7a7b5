"""The signing public key of an API key: only keys that have one can sign requests."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from django_problems.api_keys.models import ApiKey


class SigningKey(models.Model):
    """The ed25519 public key that verifies an API key's signed requests."""

    api_key = models.OneToOneField(
        ApiKey,
        on_delete=models.CASCADE,
        related_name="signing_key",
        verbose_name=_("API key"),
    )
    """The key whose requests this key verifies (``keyid`` is its ``key_id``)."""
    public_key = models.CharField(
        _("public key"),
        max_length=200,
        help_text=_(
            "Ed25519 public key (base64 of the 32 raw bytes, or PEM) that verifies this key's "
            "signed requests."
        ),
    )
    """The ed25519 public key, base64 of the raw 32 bytes or PEM; no private key is stored."""
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    """When the public key was registered."""

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")

    def __str__(self) -> str:
        return f"signing key of {self.api_key}"
