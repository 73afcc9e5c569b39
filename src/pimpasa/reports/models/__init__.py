"""Reports: community tips and questions, their handling, messages from the gateway, referrals."""

from .matches import PersonMatch
from .messages import InboundMessage, InboundStatus, MessageChannel, OutboundMessage, OutboundStatus
from .reference import Category, SlaPolicy, Urgency
from .referral import Referral, ReferralStatus, SharedField
from .report import (
    ALLOWED_TRANSITIONS,
    Channel,
    Credibility,
    LinkKind,
    Outcome,
    PersonRole,
    RejectReason,
    Reliability,
    Report,
    ReportAttachment,
    ReporterMode,
    ReportLink,
    ReportOrganization,
    ReportPerson,
    ReportStatus,
    Sex,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "Category",
    "Channel",
    "Credibility",
    "InboundMessage",
    "InboundStatus",
    "LinkKind",
    "MessageChannel",
    "OutboundMessage",
    "OutboundStatus",
    "Outcome",
    "PersonMatch",
    "PersonRole",
    "Referral",
    "ReferralStatus",
    "RejectReason",
    "Reliability",
    "Report",
    "ReportAttachment",
    "ReportLink",
    "ReportOrganization",
    "ReportPerson",
    "ReportStatus",
    "ReporterMode",
    "Sex",
    "SharedField",
    "SlaPolicy",
    "Urgency",
]
