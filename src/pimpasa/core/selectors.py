"""Reads of the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .diffs import Change, changes_of
from .errors import NotFound
from .filters import TimelineFilters
from .models import TimelineEvent
from .permissions import audit_scope, can_read_audit


def timeline_visible(*, user: Any) -> QuerySet[TimelineEvent]:
    """Return the events ``user`` may read; raise ``NotFound`` for users without an audit role."""
    if not can_read_audit(user):
        raise NotFound(_("Not found."))
    return TimelineEvent.objects.within(audit_scope(user))


def timeline_list(*, user: Any, filters: TimelineFilters | None = None) -> QuerySet[TimelineEvent]:
    """Return the events ``user`` may read, newest first, narrowed by ``filters``."""
    events = timeline_visible(user=user).order_by("-created_at", "-id")
    return (filters or TimelineFilters()).apply(events)


@dataclass
class EventRow:
    """An event with its old/new values turned into readable changes."""

    event: TimelineEvent
    changes: list[Change]


def event_rows(events: list[TimelineEvent]) -> list[EventRow]:
    """Return ``events`` with their changes, ready for the audit page."""
    return [EventRow(event=event, changes=changes_of(event.data)) for event in events]
