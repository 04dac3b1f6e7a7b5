"""Admin for API keys: creating one shows the key once; revoking is an action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from django_problems.api_keys import api_key_header, generate_key
from django_problems.models import ApiKey

if TYPE_CHECKING:
    ApiKeyFormBase = forms.ModelForm[ApiKey]
    ApiKeyAdminBase = admin.ModelAdmin[ApiKey]
else:  # Django's classes are not subscriptable at run time
    ApiKeyFormBase = forms.ModelForm
    ApiKeyAdminBase = admin.ModelAdmin


class ApiKeyForm(ApiKeyFormBase):
    """Checks the signing public key and stores it in its base64 raw form."""

    class Meta:
        model = ApiKey
        fields = ("owner", "name", "expires_at", "signing_public_key")

    def clean_signing_public_key(self) -> str:
        value: str = self.cleaned_data.get("signing_public_key") or ""
        if not value.strip():
            return ""
        from django_problems.signatures.crypto import normalize_public_key

        try:
            return normalize_public_key(value)
        except (ValueError, ImportError) as exc:
            raise forms.ValidationError(
                _("Not an ed25519 public key (%(reason)s).") % {"reason": exc}
            ) from None


@admin.register(ApiKey)
class ApiKeyAdmin(ApiKeyAdminBase):
    """Keys are listed by id; the secret is never stored, so it is shown only on creation."""

    form = ApiKeyForm
    list_display = (
        "key_id",
        "name",
        "owner",
        "status_display",
        "created_at",
        "expires_at",
        "last_used_at",
        "can_sign",
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

    @admin.display(description=_("can sign"), boolean=True)
    def can_sign(self, obj: ApiKey) -> bool:
        return bool(obj.signing_public_key)

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
            % {"header": api_key_header(), "key": new.plaintext},
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
