"""Admin of the watchlist: entries and imports are shown only (writes go through the services, which
audit them); the threshold is changed here or on the settings page, through the same service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from . import permissions, services
from .models import WatchlistEntry, WatchlistImport, WatchlistSettings


class ReaderOnlyMixin:
    """Only readers of the watchlist (intelligence roles, superusers) see it in the admin."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_read(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_read(request.user)


class ReadOnlyAdmin(ReaderOnlyMixin, admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WatchlistEntry)
class WatchlistEntryAdmin(ReadOnlyAdmin):
    list_display = ["ref", "full_name", "kind", "status", "unit", "updated_at"]
    list_filter = ["kind", "status"]
    search_fields = ["ref", "full_name"]
    exclude = ["nik"]
    list_select_related = ["unit"]


@admin.register(WatchlistImport)
class WatchlistImportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "file_name", "rows", "created", "updated", "created_by"]


@admin.register(WatchlistSettings)
class WatchlistSettingsAdmin(ReaderOnlyMixin, admin.ModelAdmin):
    fields = ["match_threshold"]
    list_display = ["__str__", "match_threshold", "updated_at", "updated_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_configure(request.user)

    def save_model(self, request: HttpRequest, obj: WatchlistSettings, form: Any, change: bool) -> None:
        services.settings_update(actor=request.user, match_threshold=obj.match_threshold, reason="admin")
