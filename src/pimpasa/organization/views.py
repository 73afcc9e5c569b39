"""Organisation pages: units, partner agencies, officers and PIMPASA appointments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pimpasa.core.errors import DomainError
from pimpasa.core.http import or_404

from . import permissions, selectors, services
from .filters import AgencyFilterForm, OfficerFilterForm, UnitFilterForm
from .forms import AppointmentCreateForm, AppointmentVillagesForm
from .models import AREA_KINDS, AppointmentStatus, PimpasaAppointment

PER_PAGE = 50


@login_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    form = UnitFilterForm(request.GET or None)
    units = selectors.unit_list(user=request.user, filters=form.filters())
    page = Paginator(units, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "organization/unit_list.html", {"form": form, "page": page})


@login_required
@require_GET
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    detail = or_404(selectors.unit_detail, user=request.user, code=code)
    return render(
        request,
        "organization/unit_detail.html",
        {
            "detail": detail,
            "unit": detail.unit,
            "can_manage": detail.unit.kind in AREA_KINDS
            and permissions.can_manage_appointments(request.user, detail.unit),
        },
    )


@login_required
@require_GET
def agency_list(request: HttpRequest) -> HttpResponse:
    form = AgencyFilterForm(request.GET or None)
    agencies = selectors.agency_list(user=request.user, filters=form.filters())
    page = Paginator(agencies, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "organization/agency_list.html", {"form": form, "page": page})


@login_required
@require_GET
def agency_detail(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = or_404(selectors.agency_get, user=request.user, agency_id=agency_id)
    units = selectors.agency_units(user=request.user, agency=agency)
    return render(request, "organization/agency_detail.html", {"agency": agency, "units": units})


@login_required
@require_GET
def officer_list(request: HttpRequest) -> HttpResponse:
    form = OfficerFilterForm(request.GET or None)
    postings = selectors.officer_list(user=request.user, filters=form.filters())
    page = Paginator(postings, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "organization/officer_list.html", {"form": form, "page": page})


@login_required
@require_GET
def officer_detail(request: HttpRequest, username: str) -> HttpResponse:
    detail = or_404(selectors.officer_get, user=request.user, username=username)
    return render(request, "organization/officer_detail.html", {"detail": detail})


def _appointment_context(
    request: HttpRequest, appointment: PimpasaAppointment, form: AppointmentVillagesForm | None
) -> dict[str, Any]:
    rows = selectors.appointment_villages(appointment=appointment)
    context: dict[str, Any] = {
        "appointment": appointment,
        "rows": rows,
        "can_manage": appointment.status != AppointmentStatus.ENDED
        and permissions.can_manage_appointments(request.user, appointment.unit),
    }
    if not context["can_manage"]:
        return context
    assigned = [row.village for row in rows]
    if form is not None and form.is_bound:
        # Re-show what was ticked, including villages ticked from a kecamatan list.
        ticked = set(request.POST.getlist("villages"))
        extra = selectors.villages_by_code(codes=ticked - {v.code for v in assigned})
        choices = [(v, v.code in ticked) for v in assigned] + [(v, True) for v in extra]
    else:
        choices = [(v, True) for v in assigned]
    district = request.GET.get("kecamatan", "")
    shown = {v.code for v, _checked in choices}
    options = selectors.district_villages(unit=appointment.unit, district_code=district) if district else []
    context.update(
        form=form or AppointmentVillagesForm(),
        choices=choices,
        districts=selectors.work_area_districts(unit=appointment.unit),
        district=district,
        options=[v for v in options if v.code not in shown],
    )
    return context


@login_required
@require_http_methods(["GET", "POST"])
def appointment_detail(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = or_404(selectors.appointment_get, user=request.user, appointment_id=appointment_id)
    form = None
    status = 200
    if request.method == "POST":
        if not permissions.can_manage_appointments(request.user, appointment.unit):
            raise PermissionDenied
        form = AppointmentVillagesForm(request.POST)
        if form.is_valid():
            try:
                services.appointment_set_villages(
                    actor=request.user,
                    appointment=appointment,
                    village_codes=form.village_codes(),
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The villages of this PIMPASA were saved."))
                return redirect(appointment.get_absolute_url())
        status = 422
    context = _appointment_context(request, appointment, form)
    return render(request, "organization/appointment_detail.html", context, status=status)


@login_required
@require_GET
def appointment_village_options(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Return the checkboxes for one kecamatan's villages (htmx partial of the appointment form)."""
    appointment = or_404(selectors.appointment_get, user=request.user, appointment_id=appointment_id)
    if not permissions.can_manage_appointments(request.user, appointment.unit):
        raise PermissionDenied
    context = _appointment_context(request, appointment, None)
    return render(request, "organization/appointment_detail.html#village-options", context)


@login_required
@require_http_methods(["GET", "POST"])
def appointment_create(request: HttpRequest, code: str) -> HttpResponse:
    unit = or_404(selectors.unit_get, user=request.user, code=code)
    if not permissions.can_manage_appointments(request.user, unit):
        raise PermissionDenied
    form = AppointmentCreateForm(request.POST or None, unit=unit)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                appointment = services.appointment_create(
                    actor=request.user,
                    officer=form.cleaned_data["officer"],
                    unit=unit,
                    decree_number=form.cleaned_data["decree_number"],
                    decree_date=form.cleaned_data["decree_date"],
                    village_codes=form.cleaned_data["codes"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The PIMPASA appointment was recorded."))
                return redirect(appointment.get_absolute_url())
        status = 422
    return render(request, "organization/appointment_form.html", {"form": form, "unit": unit}, status=status)
