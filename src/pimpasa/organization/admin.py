"""Admin for the organisation's reference data.

Units and partner agencies are edited here; PIMPASA villages are only shown, because
changing them must go through the appointment page or API (work-area rule, audit event).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import AppointmentVillage, PartnerAgency, PimpasaAppointment, StaffPosting, Unit, WorkAreaRegion


class WorkAreaInline(admin.TabularInline):
    model = WorkAreaRegion
    raw_id_fields = ["region"]
    extra = 0
    verbose_name = _("kabupaten/kota of the work area")
    verbose_name_plural = _("work area")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "kanim_class", "has_tpi", "parent", "active"]
    list_filter = ["kind", "kanim_class", "has_tpi", "active"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent", "province"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [WorkAreaInline]


@admin.register(PartnerAgency)
class PartnerAgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area", "contact_name", "contact_phone", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "area__code", "area__name", "contact_name"]
    raw_id_fields = ["area"]
    list_select_related = ["area"]


@admin.register(StaffPosting)
class StaffPostingAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "agency", "roles", "position", "active", "started_on"]
    list_filter = ["active", "unit__kind"]
    search_fields = ["user__username", "user__full_name", "unit__name", "agency__name"]
    raw_id_fields = ["user", "unit", "agency"]
    list_select_related = ["user", "unit", "agency"]


class AppointmentVillageInline(admin.TabularInline):
    model = AppointmentVillage
    fields = ["village"]
    readonly_fields = ["village"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PimpasaAppointment)
class PimpasaAppointmentAdmin(admin.ModelAdmin):
    list_display = ["officer", "unit", "decree_number", "decree_date", "status"]
    list_filter = ["status", "unit"]
    search_fields = ["officer__username", "officer__full_name", "decree_number", "unit__name"]
    raw_id_fields = ["officer", "unit"]
    list_select_related = ["officer", "unit"]
    date_hierarchy = "decree_date"
    inlines = [AppointmentVillageInline]
