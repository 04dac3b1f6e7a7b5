"""Admin for signing keys: the public key is checked and stored in its base64 raw form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from django_problems.signatures.models import SigningKey

if TYPE_CHECKING:
    SigningKeyFormBase = forms.ModelForm[SigningKey]
    SigningKeyAdminBase = admin.ModelAdmin[SigningKey]
else:  # Django's classes are not subscriptable at run time
    SigningKeyFormBase = forms.ModelForm
    SigningKeyAdminBase = admin.ModelAdmin


class SigningKeyForm(SigningKeyFormBase):
    """Checks the public key and stores it as the base64 of its 32 raw bytes."""

    class Meta:
        model = SigningKey
        fields = ("api_key", "public_key")

    def clean_public_key(self) -> str:
        value: str = self.cleaned_data.get("public_key") or ""
        from django_problems.signatures.crypto import normalize_public_key

        try:
            return normalize_public_key(value)
        except (ValueError, ImportError) as exc:
            raise forms.ValidationError(
                _("Not an ed25519 public key (%(reason)s).") % {"reason": exc}
            ) from None


@admin.register(SigningKey)
class SigningKeyAdmin(SigningKeyAdminBase):
    """The public keys API keys sign with (private keys never reach the server)."""

    form = SigningKeyForm
    list_display = ("api_key", "created_at")
    search_fields = ("api_key__key_id", "api_key__name", "api_key__owner__username")
    raw_id_fields = ("api_key",)
    readonly_fields = ("created_at",)
