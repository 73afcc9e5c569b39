"""Pages of the DBI lifecycle: list, detail with the next step's form, start, attachments, documents."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pimpasa.core import errors
from pimpasa.core.http import or_404

from .. import documents, permissions
from ..filters.designations import DesignationFilterForm
from ..forms.designations import STEP_FORMS, AttachForm, StartForm, StepForm
from ..models import Designation
from ..selectors import designations as selectors
from ..services import designations as services

PER_PAGE = 50
STATUS_BADGES = {
    "designated": "ok",
    "active": "ok",
    "evaluated": "ok",
    "revoked": "bad",
}


@login_required
@require_GET
def designation_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_read_villages(request.user):
        raise Http404
    form = DesignationFilterForm(request.GET or None)
    filters = form.filters()
    designations = selectors.designation_list(user=request.user, filters=filters)
    page = Paginator(designations, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "villages/designations/list.html",
        {
            "form": form,
            "page": page,
            "counts": selectors.designation_counts(user=request.user, filters=filters),
            "status": filters.status,
            "badges": STATUS_BADGES,
        },
    )


def _detail_context(
    request: HttpRequest,
    designation_id: int,
    *,
    bound: StepForm | None = None,
    attach_form: AttachForm | None = None,
    error: str = "",
) -> dict[str, Any]:
    detail = or_404(selectors.designation_detail, user=request.user, designation_id=designation_id)
    designation = detail.designation
    actions = services.next_actions(request.user, designation)
    step_forms = []
    for to in actions:
        if bound is not None and bound.step == to:
            step_forms.append(bound)
        else:
            step_forms.append(STEP_FORMS[to](designation=designation, user=request.user))
    can_attach = designation.status != "revoked" and permissions.can_propose(request.user, designation.unit)
    return {
        "detail": detail,
        "designation": designation,
        "village": designation.village,
        "step_forms": step_forms,
        "waiting_for": [s for s in detail.next_states if s not in actions],
        "can_act": services.can_act(request.user, designation),
        "attach_form": (attach_form or AttachForm(initial={"stage": designation.status}))
        if can_attach
        else None,
        "error": error,
        "badges": STATUS_BADGES,
        "stamps": _stamps(designation),
    }


def _stamps(designation: Designation) -> list[tuple[str, Any]]:
    """Return (state label, timestamp) for each state of the lifecycle."""
    fields = ["candidate", "proposed", "meeting_held", "designated", "active", "evaluated", "revoked"]
    labels = dict(Designation._meta.get_field("status").choices or [])
    return [(str(labels[f]), getattr(designation, f"{f}_at")) for f in fields]


@login_required
@require_GET
def designation_detail(request: HttpRequest, designation_id: int) -> HttpResponse:
    return render(request, "villages/designations/detail.html", _detail_context(request, designation_id))


def _render_detail(request: HttpRequest, context: dict[str, Any], status: int) -> HttpResponse:
    if getattr(request, "htmx", False):
        # htmx does not swap error answers; the partial carries the message instead.
        return render(request, "villages/designations/detail.html#designation-main", context)
    return render(request, "villages/designations/detail.html", context, status=status)


@login_required
@require_POST
def designation_transition(request: HttpRequest, designation_id: int) -> HttpResponse:
    designation = or_404(selectors.designation_get, user=request.user, designation_id=designation_id)
    if not services.can_act(request.user, designation):
        raise PermissionDenied
    to = request.POST.get("to", "")
    form_class = STEP_FORMS.get(to)
    if form_class is None:
        error = services.invalid_transition(designation.status, to).message
        return _render_detail(request, _detail_context(request, designation_id, error=error), 422)
    form = form_class(request.POST, request.FILES, designation=designation, user=request.user)
    status = 422
    if form.is_valid():
        try:
            services.designation_transition(
                actor=request.user, designation=designation, to=to, **form.step_data()
            )
        except errors.PermissionDenied as exc:
            form.add_error(None, exc.message)
            status = 403
        except errors.DomainError as exc:
            form.add_error(None, exc.message)
        else:
            notice = _("The designation moved to “%(status)s”.") % {
                "status": designation.get_status_display()
            }
            if getattr(request, "htmx", False):
                context = _detail_context(request, designation_id)
                context["notice"] = notice
                return render(request, "villages/designations/detail.html#designation-main", context)
            messages.success(request, notice)
            return redirect(designation.get_absolute_url())
    # A step refused because the state moved on shows the message above the current forms.
    context = _detail_context(request, designation_id, bound=form)
    if form.non_field_errors() and form.step not in [f.step for f in context["step_forms"]]:
        context["error"] = " ".join(str(e) for e in form.non_field_errors())
    return _render_detail(request, context, status)


@login_required
@require_POST
def designation_attach(request: HttpRequest, designation_id: int) -> HttpResponse:
    designation = or_404(selectors.designation_get, user=request.user, designation_id=designation_id)
    if not permissions.can_propose(request.user, designation.unit):
        raise PermissionDenied
    form = AttachForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.designation_attach(
                actor=request.user,
                designation=designation,
                stage=form.cleaned_data["stage"],
                file=form.cleaned_data["file"],
            )
        except errors.DomainError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("The document was attached."))
            return redirect(designation.get_absolute_url() + "#attachments")
    context = _detail_context(request, designation_id, attach_form=form)
    return render(request, "villages/designations/detail.html", context, status=422)


@login_required
@require_GET
def attachment_download(request: HttpRequest, designation_id: int, attachment_id: int) -> FileResponse:
    designation = or_404(selectors.designation_get, user=request.user, designation_id=designation_id)
    attachment = or_404(
        selectors.attachment_get, user=request.user, designation=designation, attachment_id=attachment_id
    )
    services.designation_attachment_read(actor=request.user, attachment=attachment)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def designation_start(request: HttpRequest) -> HttpResponse:
    if not permissions.can_read_villages(request.user):
        raise Http404
    data = request.POST if request.method == "POST" else (request.GET if "village" in request.GET else None)
    form = StartForm(data)
    context: dict[str, Any] = {"form": form, "village": None, "existing": None, "can_start": False}
    status = 200
    if form.is_valid():
        village = or_404(selectors.village_for_start, user=request.user, code=form.cleaned_data["village"])
        existing = selectors.village_designation(user=request.user, village=village)
        own = getattr(request.user, "unit", None)
        unit = own.area_unit() if own is not None else None
        can_start = services.can_start(request.user, unit) if unit is not None else False
        context.update(village=village, existing=existing, can_start=can_start)
        if request.method == "POST":
            if not can_start:
                raise PermissionDenied
            try:
                designation = services.designation_start(actor=request.user, village_code=village.code)
            except errors.PermissionDenied as exc:
                form.add_error(None, exc.message)
                status = 403
            except errors.DomainError as exc:
                form.add_error(None, exc.message)
                status = 422
            else:
                messages.success(
                    request, _("%(village)s is now a DBI candidate.") % {"village": village.name}
                )
                return redirect(designation.get_absolute_url())
    elif form.is_bound:
        status = 422
    return render(request, "villages/designations/start.html", context, status=status)


@login_required
@require_GET
def designation_certificate(request: HttpRequest, designation_id: int) -> HttpResponse:
    designation = or_404(selectors.designation_get, user=request.user, designation_id=designation_id)
    if not designation.is_dbi:
        raise Http404(_("Only a designated village has a certificate."))
    pdf = documents.certificate_pdf(
        designation=designation, head=selectors.certificate_signer(designation=designation)
    )
    return _download(pdf, "application/pdf", f"piagam-dbi-{designation.village_id}.pdf")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def designation_report(request: HttpRequest) -> HttpResponse:
    if not permissions.can_read_villages(request.user):
        raise Http404
    form = DesignationFilterForm(request.GET or None)
    filters = form.filters()
    units = selectors.report_units(user=request.user)
    unit_code = filters.unit or (units[0].code if len(units) == 1 else "")
    report = None
    if unit_code and (not form.is_bound or form.is_valid()):
        unit = or_404(selectors.report_unit, user=request.user, code=unit_code)
        report = selectors.designation_report(user=request.user, unit=unit, filters=filters)
        kind = request.GET.get("format", "")
        stamp = timezone.localdate().isoformat()
        if kind == "pdf":
            return _download(documents.report_pdf(report), "application/pdf", f"dbi-{unit.code}-{stamp}.pdf")
        if kind == "xlsx":
            return _download(
                documents.report_xlsx(report),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                f"dbi-{unit.code}-{stamp}.xlsx",
            )
    return render(
        request,
        "villages/designations/report.html",
        {"form": form, "units": units, "unit_code": unit_code, "report": report, "badges": STATUS_BADGES},
    )


urls: list[URLPattern] = [
    path("designations/", designation_list, name="designation_list"),
    path("designations/start/", designation_start, name="designation_start"),
    path("designations/report/", designation_report, name="designation_report"),
    path("designations/<int:designation_id>/", designation_detail, name="designation_detail"),
    path(
        "designations/<int:designation_id>/transition/", designation_transition, name="designation_transition"
    ),
    path("designations/<int:designation_id>/attachments/", designation_attach, name="designation_attach"),
    path(
        "designations/<int:designation_id>/attachments/<int:attachment_id>/",
        attachment_download,
        name="designation_attachment",
    ),
    path(
        "designations/<int:designation_id>/certificate.pdf",
        designation_certificate,
        name="designation_certificate",
    ),
]
