"""Admin for API keys: creating one shows the key once; revoking is an action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from django_problems.api_keys.keys import generate_key
from django_problems.api_keys.models import ApiKey
from django_problems.api_keys.settings import api_keys_settings

if TYPE_CHECKING:
    ApiKeyAdminBase = admin.ModelAdmin[ApiKey]
else:  # Django's classes are not subscriptable at run time
    ApiKeyAdminBase = admin.ModelAdmin


@admin.register(ApiKey)
class ApiKeyAdmin(ApiKeyAdminBase):
    """Keys are listed by id; the secret is never stored, so it is shown only on creation."""

    list_display = (
        "key_id",
        "name",
        "owner",
        "status_display",
        "created_at",
        "expires_at",
        "last_used_at",
    )
    list_filter = ("created_at", "expires_at", "revoked_at")
    search_fields = ("key_id", "name", "owner__username")
    raw_id_fields = ("owner",)
    readonly_fields = ("key_id", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke_keys",)

    def get_readonly_fields(
        self, request: HttpRequest, obj: ApiKey | None = None
    ) -> tuple[str, ...]:
        return ("owner", *self.readonly_fields) if obj is not None else ()

    @admin.display(description=_("status"))
    def status_display(self, obj: ApiKey) -> str:
        return obj.status()

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        new = generate_key()
        obj.key_id, obj.secret_hash = new.key_id, new.secret_hash
        super().save_model(request, obj, form, change)
        self.message_user(
            request,
            _(
                "The new key is %(header)s: %(key)s. Copy it now: it is not stored and will not "
                "be shown again."
            )
            % {"header": api_keys_settings().HEADER, "key": new.plaintext},
            messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected API keys"))
    def revoke_keys(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count) % {"count": count},
            messages.SUCCESS,
        )
