"""Public pages without login (``/lapor/``): send a tip or question, follow it by tracking code.

Safety of the reporter comes first: name and number are optional, the status page shows
only the category, the status in plain words, its dates and the office's public reply,
and an unknown code looks exactly like a mistyped one. Both pages are rate-limited per
client address (``REMOTE_ADDR``; ``X-Forwarded-For`` only with
``PIMPASA_TRUST_X_FORWARDED_FOR``) and the status page per code too.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from pimpasa.core.errors import DomainError
from pimpasa.core.ratelimit import rate_hit
from pimpasa.regions import views as region_views

from ..forms.errors import add_domain_error
from ..forms.public import PublicReportForm, StatusForm
from ..models import Channel, Report, ReportAttachment, ReportStatus
from ..services.attachments import attachments_discard, report_attach
from ..services.intake import report_submit
from ..tracking import normalize_tracking_code

#: (uses, seconds) per limit; the setting ``PIMPASA_PUBLIC_RATE_LIMITS`` overrides any of them.
DEFAULT_RATE_LIMITS: dict[str, tuple[int, int]] = {
    "report_attempt_ip": (30, 3600),  # form posts, valid or not
    "report_ip": (5, 3600),  # reports stored
    "status_ip": (20, 600),
    "status_code": (10, 3600),
}
SESSION_CODE = "public_report_code"
#: The workflow's timestamps (``<state>_at``); the latest is the "last change" the public sees.
STATE_FIELDS = ("received", "verified", "rejected", "follow_up", "referred", "closed", "reopened")

#: The status in words a villager understands.
PLAIN_STATUS = {
    ReportStatus.RECEIVED: _("Received. An officer will check it soon."),
    ReportStatus.VERIFIED: _("Checked by an officer; it is being looked into."),
    ReportStatus.IN_FOLLOW_UP: _("Being followed up by the officers."),
    ReportStatus.REFERRED: _("Passed on to a partner agency for follow-up."),
    ReportStatus.CLOSED: _("Finished."),
    ReportStatus.REJECTED: _("Closed without follow-up."),
}
#: Fields of ``report_submit``'s error details -> fields of the public form.
FORM_FIELDS = {
    "category_code": "category",
    "description": "description",
    "region_code": "region",
    "occurred_on": "occurred_on",
    "reporter_name": "name",
    "reporter_phone": "phone",
    "reporter_mode": "name",
}


def rate_limit(name: str) -> tuple[int, int]:
    """Return (uses, seconds) of public limit ``name``, with the setting's override if any."""
    overrides = getattr(settings, "PIMPASA_PUBLIC_RATE_LIMITS", None) or {}
    limit, window = overrides.get(name, DEFAULT_RATE_LIMITS[name])
    return int(limit), int(window)


def client_address(request: HttpRequest) -> str:
    """Return the client's IP address as the audit trail records it ("unknown" if it is none).

    ``REMOTE_ADDR`` is what the server saw: a reverse proxy in front must pass the real
    address (e.g. gunicorn's ``--forwarded-allow-ips`` or the proxy protocol). With the
    setting ``PIMPASA_TRUST_X_FORWARDED_FOR`` the last address in ``X-Forwarded-For``
    (the one the trusted proxy appended) is used instead.
    """
    raw = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "PIMPASA_TRUST_X_FORWARDED_FOR", False):
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        raw = forwarded[-1] if forwarded else raw
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return "unknown"


def client_ip(request: HttpRequest) -> str:
    """Return the client's address as a rate-limit key; an IPv6 client counts by its /64 network.

    The address is ``client_address``'s.
    """
    raw = client_address(request)
    if raw == "unknown":
        return raw
    address = ipaddress.ip_address(raw)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _hit(name: str, key: str) -> bool:
    limit, window = rate_limit(name)
    # The counter table keeps a keyed hash, not the address or code: a row whose window matches
    # an anonymous report's receipt must not hand its reader the reporter's address.
    digest = salted_hmac("pimpasa.reports.public-rate", key).hexdigest()[:32]
    return rate_hit(f"public:{name}:{digest}", limit=limit, window=window)


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/public/limited.html", status=429)


@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest) -> HttpResponse:
    """The public form: a tip or question, stored with its files in one transaction."""
    if request.method != "POST":
        return render(request, "reports/public/form.html", {"form": PublicReportForm()})
    ip = client_ip(request)
    if not _hit("report_attempt_ip", ip):
        return _too_many(request)
    form = PublicReportForm(request.POST, request.FILES)
    if form.is_valid():
        if not _hit("report_ip", ip):
            return _too_many(request)
        stored: list[ReportAttachment] = []
        try:
            with transaction.atomic():
                report = report_submit(actor=None, channel=Channel.PUBLIC_WEB, **form.submit_kwargs())
                for clean in form.cleaned_data["attachments"]:
                    stored.append(report_attach(actor=None, report=report, upload=clean))
        except DomainError as exc:
            attachments_discard(stored)
            add_domain_error(form, exc, FORM_FIELDS)
        except BaseException:
            attachments_discard(stored)
            raise
        else:
            request.session[SESSION_CODE] = report.tracking_code
            return redirect("public:done")
    return render(request, "reports/public/form.html", {"form": form}, status=422)


@never_cache
@require_GET
def report_done(request: HttpRequest) -> HttpResponse:
    """Show the tracking code of the report just sent, once (the session forgets it)."""
    code = request.session.pop(SESSION_CODE, None)
    if not code:
        return redirect("public:report")
    return render(request, "reports/public/done.html", {"code": code})


@dataclass(frozen=True)
class PublicStatus:
    """All the status page may show of a report: no names, places, people or internal notes."""

    category: str
    status: str
    plain_status: str
    received_on: dt.date
    changed_on: dt.date
    public_reply: str


def public_status(code: str) -> PublicStatus | None:
    """Return what the public may see of the report with tracking ``code`` (normalised), or None."""
    report = (
        Report.objects.filter(tracking_code=code)
        .select_related("category")
        .only(
            "status",
            "public_reply",
            "category__name_id",
            "category__name_en",
            *(f"{state}_at" for state in STATE_FIELDS),
        )
        .first()
    )
    if report is None:
        return None
    moments = [getattr(report, f"{state}_at") for state in STATE_FIELDS]
    changed = max(m for m in moments if m is not None)
    return PublicStatus(
        category=report.category.name,
        status=report.status,
        plain_status=str(PLAIN_STATUS[ReportStatus(report.status)]),
        received_on=_local_date(report.received_at),
        changed_on=_local_date(changed),
        public_reply=report.public_reply,
    )


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


@never_cache
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """Look a report up by tracking code; unknown and malformed codes get the same 404 answer."""
    if request.method != "POST":
        return render(request, "reports/public/status.html", {"form": StatusForm()})
    if not _hit("status_ip", client_ip(request)):
        return _too_many(request)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return render(request, "reports/public/status.html", {"form": form}, status=422)
    typed = form.cleaned_data["code"]
    code = normalize_tracking_code(typed)
    # Counted per code even when malformed, so both kinds of guess meet the same limit.
    key = code or "".join(typed.upper().split())[:30]
    if not _hit("status_code", key):
        return _too_many(request)
    found = public_status(code) if code else None
    if found is None:
        context: dict[str, Any] = {"form": StatusForm(), "not_found": True}
        return render(request, "reports/public/status.html", context, status=404)
    return render(request, "reports/public/status.html", {"form": StatusForm(), "found": found, "code": code})


@require_GET
def region_options(request: HttpRequest) -> HttpResponse:
    """The region picker's options for the public form: the regions' own view, without login."""
    view = getattr(region_views.picker_options, "__wrapped__", region_views.picker_options)
    response: HttpResponse = view(request)
    return response


urls: list[URLPattern] = [
    path("", report_form, name="report"),
    path("terkirim/", report_done, name="done"),
    path("status/", status, name="status"),
    path("wilayah/", region_options, name="region_options"),
]
