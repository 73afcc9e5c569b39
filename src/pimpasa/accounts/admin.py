"""Admin for users and API tokens. The admin sits behind the same second-factor rule as every page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pimpasa.core.errors import DomainError
from pimpasa.organization.models import StaffPosting

from . import services
from .models import ApiToken, User


class PostingInline(admin.TabularInline):
    """The user's postings, shown for reference; postings change through the organisation pages."""

    model = StaffPosting
    fields = ("unit", "agency", "roles", "position", "active", "started_on")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "email", "is_active", "is_staff", "last_login")
    search_fields = ("username", "full_name", "email", "nip")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "nip", "email", "phone", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "password1", "password2")}),
    )
    inlines = (PostingInline,)


@admin.action(description=_("Revoke the selected tokens"))
def revoke_tokens(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
    revoked = 0
    for token in queryset.filter(revoked_at__isnull=True).select_related("user"):
        try:
            services.token_revoke(actor=request.user, token=token, reason="admin")
        except DomainError as exc:
            modeladmin.message_user(request, exc.message, messages.ERROR)
        else:
            revoked += 1
    modeladmin.message_user(request, _("Tokens revoked: %(count)d") % {"count": revoked}, messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with ``pimpasa token create`` or on the profile page; here they are revoked."""

    list_display = ("key_prefix", "name", "user", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("key_prefix", "name", "user__username")
    fields = ("user", "name", "key_prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = (revoke_tokens,)
    list_select_related = ("user",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Read-only detail page; the revoke action still needs the view permission only.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Revoke instead; the daily purge removes long-dead tokens and records them on the timeline.
        return False
