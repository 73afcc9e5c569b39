"""Actions on a report's page (POST only): workflow moves, assignment, grading, the public reply,
restriction, links, notes, people and organisations.

Each action reads the report through the scoped selector (404 outside scope), lets the
service decide (403 when the user's role may not act), and returns to the report page
with a message saying what happened or why it was refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pimpasa.core.errors import NotFound, PermissionDenied, ValidationFailed
from pimpasa.core.http import or_404

from .. import permissions
from ..forms.reports import (
    AssignForm,
    GradingForm,
    LinkForm,
    NoteForm,
    OrganizationForm,
    PersonForm,
    PublicReplyForm,
    RestrictForm,
    TransitionForm,
)
from ..models import Report
from ..selectors import reports as selectors
from ..services import reports as services

#: A tracking code as stored (``K7Q4-9XM2-T8R5``): other paths under /reports/ never look like one.
CODE = r"(?P<code>[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})"


def ensure_reader(request: HttpRequest) -> None:
    """Answer 404 to users without a case role: for them reports do not exist."""
    if not permissions.can_read_reports(request.user):
        raise Http404(_("No such page."))


def _report(request: HttpRequest, code: str) -> Report:
    ensure_reader(request)
    return or_404(selectors.report_get, user=request.user, code=code)


def _form_errors(form: forms.Form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _act(
    request: HttpRequest, report: Report, form: forms.Form, call: Callable[[], Any], done: str
) -> HttpResponse:
    """Run ``call`` for a valid form; flash ``done`` or the reason it was refused; back to the report."""
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        try:
            call()
        except PermissionDenied as exc:
            raise HttpPermissionDenied(exc.message) from exc
        except NotFound as exc:
            messages.error(request, exc.message)
        except ValidationFailed as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
    return redirect(report.get_absolute_url())


def _ensure(allowed: bool) -> None:
    if not allowed:
        raise HttpPermissionDenied


@login_required
@require_POST
def transition(request: HttpRequest, code: str) -> HttpResponse:
    report = _report(request, code)
    _ensure(permissions.can_triage(request.user, report))
    form = TransitionForm(request.POST, officers=selectors.assignable_officers(report=report))

    def call() -> None:
        services.report_transition(
            actor=request.user, report=report, to=form.cleaned_data["to"], **form.transition_kwargs()
        )

    return _act(request, report, form, call, _("The status of the report was changed."))


@login_required
@require_POST
def assign(request: HttpRequest, code: str) -> HttpResponse:
    report = _report(request, code)
    _ensure(permissions.can_triage(request.user, report))
    form = AssignForm(request.POST, officers=selectors.assignable_officers(report=report))

    def call() -> None:
        services.report_assign(actor=request.user, report=report, officer=form.cleaned_data["officer"])

    return _act(request, report, form, call, _("The report was assigned."))


@login_required
@require_POST
def grading(request: HttpRequest, code: str) -> HttpResponse:
    report = _report(request, code)
    _ensure(permissions.can_triage(request.user, report))
    form = GradingForm(request.POST)

    def call() -> None:
        services.report_update_grading(actor=request.user, report=report, **form.cleaned_data)

    return _act(request, report, form, call, _("The grading was saved."))


@login_required
@require_POST
def public_reply(request: HttpRequest, code: str) -> HttpResponse:
    report = _report(request, code)
    _ensure(permissions.can_triage(request.user, report))
    form = PublicReplyForm(request.POST)

    def call() -> None:
        services.report_set_public_reply(
            actor=request.user, report=report, text=form.cleaned_data["public_reply"]
        )

    return _act(request, report, form, call, _("The reply to the reporter was saved."))


@login_required
@require_POST
def restrict(request: HttpRequest, code: str) -> HttpResponse:
    report = _report(request, code)
    _ensure(permissions.can_restrict(request.user, report))
    form = RestrictForm(request.POST)
    lift = request.POST.get("action") == "lift"

    def call() -> None:
        if lift:
            services.report_unrestrict(actor=request.user, report=report)
        else:
            services.report_restrict(actor=request.user, report=report, usernames=form.username_list())

    done = _("The restriction was lifted.") if lift else _("The report is restricted.")
    return _act(request, report, form, call, done)


def _other(request: HttpRequest, code: str) -> Report:
    try:
        return selectors.report_get(user=request.user, code=code)
    except NotFound as exc:
        raise NotFound(_("No report %(code)s that you may read.") % {"code": code}) from exc


@login_required
@require_POST
def link(request: HttpRequest, code: str) -> HttpResponse:
    report = _report(request, code)
    _ensure(permissions.can_triage(request.user, report))
    form = LinkForm(request.POST)
    unlink = request.POST.get("action") == "unlink"

    def call() -> None:
        other = _other(request, form.cleaned_data["other"])
        if unlink:
            services.report_unlink(actor=request.user, report=report, other=other)
        else:
            services.report_link(
                actor=request.user, report=report, other=other, kind=form.cleaned_data["kind"]
            )

    done = _("The link was removed.") if unlink else _("The reports were linked.")
    return _act(request, report, form, call, done)


@login_required
@require_POST
def note(request: HttpRequest, code: str) -> HttpResponse:
    report = _report(request, code)
    _ensure(permissions.can_follow_up(request.user, report))
    form = NoteForm(request.POST)

    def call() -> None:
        services.report_add_note(actor=request.user, report=report, text=form.cleaned_data["text"])

    return _act(request, report, form, call, _("The note was added."))


@login_required
@require_POST
def person_add(request: HttpRequest, code: str) -> HttpResponse:
    report = _report(request, code)
    _ensure(permissions.can_follow_up(request.user, report))
    form = PersonForm(request.POST)

    def call() -> None:
        services.report_add_person(actor=request.user, report=report, **form.person_kwargs())

    return _act(request, report, form, call, _("The person was added."))


@login_required
@require_POST
def organization_add(request: HttpRequest, code: str) -> HttpResponse:
    report = _report(request, code)
    _ensure(permissions.can_follow_up(request.user, report))
    form = OrganizationForm(request.POST)

    def call() -> None:
        services.report_add_organization(actor=request.user, report=report, **form.organization_kwargs())

    return _act(request, report, form, call, _("The organisation was added."))


urls: list[URLPattern] = [
    re_path(rf"^{CODE}/transition/$", transition, name="transition"),
    re_path(rf"^{CODE}/assign/$", assign, name="assign"),
    re_path(rf"^{CODE}/grading/$", grading, name="grading"),
    re_path(rf"^{CODE}/reply/$", public_reply, name="public_reply"),
    re_path(rf"^{CODE}/restrict/$", restrict, name="restrict"),
    re_path(rf"^{CODE}/links/$", link, name="link"),
    re_path(rf"^{CODE}/notes/$", note, name="note"),
    re_path(rf"^{CODE}/people/$", person_add, name="person_add"),
    re_path(rf"^{CODE}/organizations/$", organization_add, name="organization_add"),
]
