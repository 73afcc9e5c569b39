"""Pages of reports: the list (with CSV/XLSX export), the officer intake form, a report's page,
and the logged reveals of a full NIK and a confidential reporter.

Only case roles reach reports: anyone else gets 404, as does a report outside the
user's scope or a restricted one they are not named on. The actions on a report are in
``report_actions``; its URL patterns are appended to this module's.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, re_path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pimpasa.core.errors import DomainError, NotFound, PermissionDenied
from pimpasa.core.http import or_404

from .. import exports, permissions
from ..countries import country_name
from ..events import actor_name, event_label
from ..filters.reports import ReportFilterForm
from ..forms.reports import (
    AssignForm,
    GradingForm,
    LinkForm,
    NoteForm,
    OrganizationForm,
    OrganizationFormSet,
    PersonForm,
    PersonFormSet,
    PublicReplyForm,
    ReportForm,
    RestrictForm,
    TransitionForm,
)
from ..models import ALLOWED_TRANSITIONS, Channel, ReportAttachment, ReporterMode, ReportStatus
from ..selectors import reports as selectors
from ..services import reports as services
from ..services.attachments import attachments_discard, report_attach
from . import report_actions
from .report_actions import CODE, ensure_reader

PER_PAGE = 50
#: Fields of ``report_submit``'s error details -> fields of the intake form.
FORM_FIELDS = {
    "category_code": "category",
    "description": "description",
    "region_code": "region",
    "occurred_on": "occurred_on",
    "latitude": "latitude",
    "destination_country": "destination_country",
    "urgency": "urgency",
    "reliability": "reliability",
    "credibility": "credibility",
    "reporter_mode": "reporter_mode",
    "reporter_name": "reporter_name",
    "reporter_phone": "reporter_phone",
}
PERSON_FIELDS = {"role", "full_name", "nik", "phone", "birth_date", "sex"}
#: Why a report is suggested as related, by reason code.
RELATED_REASONS = {
    "person": gettext_lazy("same person"),
    "phone": gettext_lazy("same phone number"),
    "place": gettext_lazy("same village and category"),
}
#: Channels an officer records a report from.
OFFICER_CHANNELS = (Channel.FIELD_OFFICER, Channel.WALK_IN, Channel.PARTNER)


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    ensure_reader(request)
    form = ReportFilterForm(request.GET or None)
    filters = form.filters()
    reports = selectors.report_list(user=request.user, filters=filters)
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    counts = selectors.report_status_counts(user=request.user, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "status_counts": [(value, label, counts.get(value, 0)) for value, label in ReportStatus.choices],
        "query": query.urlencode(),
        "can_submit": permissions.can_submit(request.user),
        "now": timezone.now(),
    }
    template = "reports/reports/list.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@login_required
@require_GET
def report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Download the filtered list as CSV or XLSX: no NIK, no reporter identity."""
    ensure_reader(request)
    form = ReportFilterForm(request.GET or None)
    reports = selectors.report_list(user=request.user, filters=form.filters())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        response = HttpResponse(
            exports.xlsx_bytes(reports),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        exports.write_csv(reports, response)
    response["Content-Disposition"] = f'attachment; filename="reports-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _place_errors(form: ReportForm, people: Any, organizations: Any, exc: DomainError) -> None:
    """Put a refused submission on the forms: each detail on its field, the rest on top."""
    details = exc.details if isinstance(exc.details, dict) else {}
    placed = False
    for key, text in details.items():
        if not isinstance(text, str):
            continue
        if key in FORM_FIELDS:
            form.add_error(FORM_FIELDS[key], text)
            placed = True
            continue
        for prefix, formset in (("people", people), ("organizations", organizations)):
            if key.startswith(prefix + "["):
                index, _sep, name = key[len(prefix) + 1 :].partition("].")
                forms = [f for f in formset.forms if f.has_changed()]
                if index.isdigit() and int(index) < len(forms) and name in forms[int(index)].fields:
                    forms[int(index)].add_error(name, text)
                    placed = True
    if not placed:
        form.add_error(None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    """The officer intake form: the report, its people and organisations, files, in one transaction."""
    ensure_reader(request)
    if not permissions.can_submit(request.user):
        raise HttpPermissionDenied
    post = request.POST if request.method == "POST" else None
    form = ReportForm(post, request.FILES or None, user=request.user)
    people = PersonFormSet(post, prefix="people")
    organizations = OrganizationFormSet(post, prefix="orgs")
    channel = request.POST.get("channel", Channel.FIELD_OFFICER)
    status = 200
    if request.method == "POST":
        if channel not in OFFICER_CHANNELS:
            channel = Channel.FIELD_OFFICER
        if form.is_valid() and people.is_valid() and organizations.is_valid():
            stored: list[ReportAttachment] = []
            try:
                with transaction.atomic():
                    report = services.report_submit(
                        actor=request.user,
                        channel=channel,
                        people=[f.person_kwargs() for f in people.forms if f.has_changed()],
                        organizations=[
                            f.organization_kwargs() for f in organizations.forms if f.has_changed()
                        ],
                        **form.submit_kwargs(),
                    )
                    for clean in form.cleaned_data["attachments"]:
                        stored.append(report_attach(actor=request.user, report=report, upload=clean))
            except DomainError as exc:
                attachments_discard(stored)
                _place_errors(form, people, organizations, exc)
            except BaseException:
                attachments_discard(stored)
                raise
            else:
                messages.success(request, _("Report %(code)s was recorded.") % {"code": report.tracking_code})
                return redirect(report.get_absolute_url())
        status = 422
    context = {
        "form": form,
        "people": people,
        "organizations": organizations,
        "channels": [(c.value, c.label) for c in OFFICER_CHANNELS],
        "channel": channel,
    }
    return render(request, "reports/reports/form.html", context, status=status)


def _referral_panel(request: HttpRequest, report: Any) -> dict[str, Any]:
    from ..selectors.referrals import report_referrals
    from ..services.referrals import can_refer

    return {
        "referrals": report_referrals(user=request.user, report=report),
        "can_refer": can_refer(request.user, report),
    }


def detail_context(request: HttpRequest, detail: selectors.ReportDetail) -> dict[str, Any]:
    """Return what the report page shows this user, with the forms of the actions they may take."""
    user = request.user
    report = detail.report
    can_triage = permissions.can_triage(user, report)
    officers = selectors.assignable_officers(report=report) if can_triage else None
    for event in detail.events:
        event.label = event_label(event.event_type)  # type: ignore[attr-defined]
        event.actor_name = actor_name(event)  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "detail": detail,
        "report": report,
        "destination": country_name(report.destination_country),
        "related": [
            {"report": item.report, "reasons": [str(RELATED_REASONS.get(r, r)) for r in item.reasons]}
            for item in detail.related
        ],
        "now": timezone.now(),
        "can_triage": can_triage,
        "can_follow_up": permissions.can_follow_up(user, report),
        "can_restrict": permissions.can_restrict(user, report),
        "can_view_nik": permissions.can_view_full_nik(user),
        "reporter_shown": report.reporter_mode == ReporterMode.IDENTIFIED,
        "reporter_hidden": report.reporter_mode == ReporterMode.CONFIDENTIAL
        and permissions.can_view_reporter(user, report),
        **_referral_panel(request, report),
    }
    if can_triage:
        context["transitions"] = [
            (value, label, TransitionForm(initial={"to": value}, officers=officers, auto_id=f"id_{value}_%s"))
            for value, label in ReportStatus.choices
            if value in ALLOWED_TRANSITIONS[report.status]
        ]
        context["assign_form"] = AssignForm(
            officers=officers,
            initial={"officer": report.assigned_to.username if report.assigned_to else None},
        )
        context["grading_form"] = GradingForm(
            initial={
                "reliability": report.reliability,
                "credibility": report.credibility,
                "urgency": report.urgency,
            }
        )
        context["reply_form"] = PublicReplyForm(initial={"public_reply": report.public_reply})
        context["link_form"] = LinkForm()
    if context["can_follow_up"]:
        context["note_form"] = NoteForm()
        context["person_form"] = PersonForm(auto_id="id_person_%s")
        context["organization_form"] = OrganizationForm(auto_id="id_org_%s")
    if context["can_restrict"]:
        names = ", ".join(sorted(report.restricted_users.values_list("username", flat=True)))
        context["restrict_form"] = RestrictForm(initial={"usernames": names})
    return context


@login_required
@never_cache
@require_GET
def report_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A report's page; opening a restricted report is logged (``report.viewed``)."""
    ensure_reader(request)
    detail = or_404(selectors.report_detail, user=request.user, code=code)
    services.report_view_record(actor=request.user, report=detail.report)
    return render(request, "reports/reports/detail.html", detail_context(request, detail))


def _reveal(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    response = render(
        request, template if getattr(request, "htmx", False) else "reports/reports/reveal.html", context
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def person_nik(request: HttpRequest, code: str, person_id: int) -> HttpResponse:
    """Show one person's full NIK (intelligence roles); the look is logged (``report.nik_viewed``)."""
    ensure_reader(request)
    report = or_404(selectors.report_get, user=request.user, code=code)
    try:
        person = services.report_reveal_nik(actor=request.user, report=report, person_id=person_id)
    except PermissionDenied as exc:
        raise HttpPermissionDenied(exc.message) from exc
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return _reveal(request, "reports/reports/_nik.html", {"report": report, "person": person})


@login_required
@require_POST
def reporter_identity(request: HttpRequest, code: str) -> HttpResponse:
    """Show who made a confidential report (intelligence roles); logged as ``report.reporter_viewed``."""
    ensure_reader(request)
    report = or_404(selectors.report_get, user=request.user, code=code)
    try:
        identity = services.report_reveal_reporter(actor=request.user, report=report)
    except PermissionDenied as exc:
        raise HttpPermissionDenied(exc.message) from exc
    return _reveal(request, "reports/reports/_reporter.html", {"report": report, "identity": identity})


urls: list[URLPattern] = [
    path("", report_list, name="list"),
    path("new/", report_create, name="create"),
    re_path(r"^export/(?P<fmt>csv|xlsx)/$", report_export, name="export"),
    re_path(rf"^{CODE}/$", report_detail, name="detail"),
    re_path(rf"^{CODE}/people/(?P<person_id>[0-9]+)/nik/$", person_nik, name="person_nik"),
    re_path(rf"^{CODE}/reporter/$", reporter_identity, name="reporter"),
    *report_actions.urls,
]
