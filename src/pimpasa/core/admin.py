"""Admin view of the audit trail: read-only, services alone write it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import TimelineEvent


@admin.register(TimelineEvent)
class TimelineEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "event_type", "target_type", "target_label", "region_code"]
    list_filter = ["event_type", "target_type"]
    search_fields = ["actor_label", "target_label", "target_id", "region_code", "request_id"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in TimelineEvent._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
