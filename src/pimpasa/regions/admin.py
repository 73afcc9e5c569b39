"""Admin for the region registry: read-only, since the import commands are its only writers."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Look regions up by code or name; changes go through ``pimpasa regions import*``."""

    list_display = ("code", "name", "kind", "level", "parent", "population", "area_km2")
    list_filter = ("level", "kind")
    search_fields = ("^code", "name")
    search_help_text = _("Code prefix (35.02) or part of the name.")
    list_select_related = ("parent",)
    show_full_result_count = False
    ordering = ("code",)
    list_per_page = 100

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
