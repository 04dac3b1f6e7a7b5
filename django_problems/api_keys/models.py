"""The API key store: one row per key, never the secret itself."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from django_problems.api_keys.keys import generate_key
from django_problems.api_keys.settings import api_keys_settings


class ApiKeyQuerySet(models.QuerySet["ApiKey"]):
    """Queries over keys."""

    def live(self, now: datetime | None = None) -> ApiKeyQuerySet:
        """Keys neither revoked nor expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class ApiKeyManager(models.Manager["ApiKey"]):
    """Creates keys; the plaintext is returned once and never stored."""

    def get_queryset(self) -> ApiKeyQuerySet:
        return ApiKeyQuerySet(self.model, using=self._db)

    def live(self, now: datetime | None = None) -> ApiKeyQuerySet:
        """Keys neither revoked nor expired."""
        return self.get_queryset().live(now)

    def create_key(self, owner: Any, name: str, **fields: Any) -> tuple[ApiKey, str]:
        """Create a key for ``owner``; returns the row and the plaintext key (shown once)."""
        new = generate_key()
        key = self.create(
            owner=owner, name=name, key_id=new.key_id, secret_hash=new.secret_hash, **fields
        )
        return key, new.plaintext


class ApiKey(models.Model):
    """An API key of a user: its public id, the peppered hash of its secret, its lifetime."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_keys",
        verbose_name=_("owner"),
    )
    """The user a request with the key is authenticated as (``request.user``)."""
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the key is for, e.g. 'billing server'.")
    )
    """What the key is for."""
    key_id = models.CharField(_("key id"), max_length=32, unique=True, editable=False)
    """The public part of the key (``<prefix>_<key_id>.<secret>``), looked up by index."""
    secret_hash = models.CharField(_("secret hash"), max_length=64, editable=False)
    """HMAC-SHA256 of the secret with the pepper; the secret itself is never stored."""
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    """When the key was made."""
    expires_at = models.DateTimeField(
        _("expires"), null=True, blank=True, help_text=_("Empty: the key does not expire.")
    )
    """When the key stops working (``expired-account``); ``None``: never."""
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    """When the key was revoked; a revoked key is refused like an unknown one."""
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    """When the key last authenticated a request (written at most once per
    ``LAST_USED_INTERVAL``)."""
    objects = ApiKeyManager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ("-created_at",)
        permissions = [("create_key_for_others", _("Can create API keys for other users"))]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_id})"

    def is_expired(self, now: datetime | None = None) -> bool:
        """Whether the key's lifetime is over."""
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def is_revoked(self) -> bool:
        """Whether the key was revoked."""
        return self.revoked_at is not None

    def status(self, now: datetime | None = None) -> str:
        """``"revoked"``, ``"expired"`` or ``"live"``."""
        if self.is_revoked:
            return "revoked"
        return "expired" if self.is_expired(now) else "live"

    def revoke(self, now: datetime | None = None) -> bool:
        """Revoke the key now; ``False`` if it already was."""
        if self.revoked_at is not None:
            return False
        self.revoked_at = now or timezone.now()
        self.save(update_fields=["revoked_at"])
        return True

    def touch(self, now: datetime | None = None) -> None:
        """Record a use, writing at most once per ``LAST_USED_INTERVAL`` seconds."""
        now = now or timezone.now()
        interval = timedelta(seconds=api_keys_settings().LAST_USED_INTERVAL)
        if self.last_used_at is not None and now - self.last_used_at < interval:
            return
        # Conditional, so concurrent workers that all saw a stale value write once between them.
        ApiKey.objects.filter(pk=self.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - interval)
        ).update(last_used_at=now)
        self.last_used_at = now
