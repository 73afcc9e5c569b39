"""Readable names of the timeline events the reports app records, and of who recorded them.

Every ``event_type`` a service of this app passes to ``event_record`` has a name here
(a test reads the sources to hold that true). The report page names its own events; the
names of referral and inbox events are here so that any page listing them reads the same.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_lazy

from .models import Channel

EVENT_LABELS = {
    # The report's own timeline.
    "report.received": gettext_lazy("Received"),
    "report.verified": gettext_lazy("Verified"),
    "report.rejected": gettext_lazy("Rejected"),
    "report.in_follow_up": gettext_lazy("Follow-up started"),
    "report.referred": gettext_lazy("Referred"),
    "report.closed": gettext_lazy("Closed"),
    "report.reopened": gettext_lazy("Reopened"),
    "report.assigned": gettext_lazy("Assigned"),
    "report.graded": gettext_lazy("Grading changed"),
    "report.public_reply_set": gettext_lazy("Reply to the reporter changed"),
    "report.reply_sent": gettext_lazy("Reply sent to the reporter"),
    "report.restricted": gettext_lazy("Restricted"),
    "report.unrestricted": gettext_lazy("Restriction lifted"),
    "report.linked": gettext_lazy("Linked"),
    "report.unlinked": gettext_lazy("Unlinked"),
    "report.note_added": gettext_lazy("Note"),
    "report.person_added": gettext_lazy("Person added"),
    "report.organization_added": gettext_lazy("Organisation added"),
    "report.message_attached": gettext_lazy("Message attached"),
    "report.viewed": gettext_lazy("Restricted report opened"),
    "report.reporter_viewed": gettext_lazy("Reporter identity viewed"),
    "report.nik_viewed": gettext_lazy("Full NIK viewed"),
    "report.attachment_added": gettext_lazy("File attached"),
    "report.attachment_viewed": gettext_lazy("File viewed"),
    "report.attachment_downloaded": gettext_lazy("File downloaded"),
    # Referrals (their own timeline, placed at the report's region).
    "referral.sent": gettext_lazy("Referral sent"),
    "referral.accepted": gettext_lazy("Referral accepted"),
    "referral.rejected": gettext_lazy("Referral declined"),
    "referral.done": gettext_lazy("Referral reported done"),
    "referral.revoked": gettext_lazy("Referral withdrawn"),
    "referral.viewed": gettext_lazy("Referral opened by the agency"),
    "referral.link_sent": gettext_lazy("Referral link sent"),
    "referral.link_used": gettext_lazy("Referral link used"),
    "referral.link_refused": gettext_lazy("Referral link refused"),
    # Messages of the inbox.
    "inbound_message.received": gettext_lazy("Message received"),
    "inbound_message.converted": gettext_lazy("Message turned into a report"),
    "inbound_message.dismissed": gettext_lazy("Message dismissed"),
}

#: ``actor_label`` of events recorded without a user and without a channel (jobs, commands).
SYSTEM_LABEL = "system"


def event_label(event_type: str) -> str:
    """Return the readable name of an event type (the type itself when it has none)."""
    return str(EVENT_LABELS.get(event_type, event_type))


def actor_name(event: Any) -> str:
    """Return who recorded a timeline event, for a page: the user's name, else the channel or the system.

    The public form and the message gateway submit without a user; their events keep the
    channel's code as ``actor_label`` (stable for the audit filter and the API) and are named
    here in the reader's language.
    """
    if event.actor_id is not None and event.actor is not None:
        return str(event.actor)
    label = event.actor_label or SYSTEM_LABEL
    if label in Channel.values:
        return str(Channel(label).label)
    if label == SYSTEM_LABEL:
        return gettext("System")
    return str(label)
