"""Admin for API keys: creating one shows the key once, on the page that answers the form;
revoking is an action.

A user creates keys for themselves only, unless they are a superuser or hold the
``create_key_for_others`` permission: the owner field offers no one else and the server refuses
anyone else. The new key never leaves the server but in the body of that one response (never in
a message, a cookie or the session), which is not cached.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField, Select
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from django_problems.api_keys.keys import generate_key
from django_problems.api_keys.models import ApiKey
from django_problems.api_keys.settings import api_keys_settings

if TYPE_CHECKING:
    ApiKeyAdminBase = admin.ModelAdmin[ApiKey]
else:  # Django's classes are not subscriptable at run time
    ApiKeyAdminBase = admin.ModelAdmin

CREATE_FOR_OTHERS = "django_problems_api_keys.create_key_for_others"
"""The permission to create a key for another user (superusers have every permission)."""

KEY_CREATED_TEMPLATE = "django_problems_api_keys/key_created.html"
_PLAINTEXT = "_django_problems_plaintext"  # the new key, on the unsaved attribute of its row


def may_create_for_others(request: HttpRequest) -> bool:
    """Whether the user of ``request`` may create a key owned by someone else."""
    return request.user.has_perm(CREATE_FOR_OTHERS)


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

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:  # type: ignore[type-arg]
        if db_field.name == "owner" and not may_create_for_others(request):
            # The only choice, and the only value the form accepts: the user themselves.
            users = get_user_model()._default_manager
            user = request.user
            kwargs["queryset"] = users.filter(pk=user.pk) if user.is_authenticated else users.none()
            kwargs["initial"] = request.user.pk
            kwargs["empty_label"] = None
            kwargs["widget"] = Select  # not the raw id field, whose lookup lists every user
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("status"))
    def status_display(self, obj: ApiKey) -> str:
        return obj.status()

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        if obj.owner_id != request.user.pk and not may_create_for_others(request):
            raise PermissionDenied  # the form refuses it first; never mint one regardless
        new = generate_key()
        obj.key_id, obj.secret_hash = new.key_id, new.secret_hash
        super().save_model(request, obj, form, change)
        setattr(obj, _PLAINTEXT, new.plaintext)

    def response_add(
        self, request: HttpRequest, obj: ApiKey, post_url_continue: str | None = None
    ) -> HttpResponse:
        """The page that shows the new key, once: in this response's body only, not cached."""
        plaintext = getattr(obj, _PLAINTEXT, None)
        if plaintext is None:  # pragma: no cover - save_model always sets it on an addition
            return super().response_add(request, obj, post_url_continue)
        opts = self.opts
        links = {
            "change_url": (
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
                if self.has_view_or_change_permission(request, obj)
                else None
            ),
            "add_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
            "changelist_url": (
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                if self.has_view_or_change_permission(request)
                else None
            ),
        }
        context = {
            **self.admin_site.each_context(request),
            "title": _("API key created"),
            "opts": opts,
            "original": obj,
            "header": api_keys_settings().HEADER,
            "key": plaintext,
            **links,
        }
        response = TemplateResponse(request, KEY_CREATED_TEMPLATE, context)
        add_never_cache_headers(response)  # Cache-Control: ..., no-store, private
        return response

    @admin.action(description=_("Revoke the selected API keys"))
    def revoke_keys(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count) % {"count": count},
            messages.SUCCESS,
        )
