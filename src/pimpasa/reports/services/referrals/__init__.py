"""Referrals of reports to partner agencies: refer, answer, revoke, and signed links.

``lifecycle`` holds the referral's workflow, ``links`` the signed links; both are used
through this package.
"""

from .lifecycle import (
    OPEN_STATES,
    STATE_EVENTS,
    STATE_TIMESTAMPS,
    can_refer,
    is_partner_of,
    referral_accept,
    referral_complete,
    referral_create,
    referral_record_view,
    referral_reject,
    referral_revoke,
)
from .links import (
    EMAIL,
    LINK_ACTIONS,
    LINK_CHANNELS,
    LinkRecipient,
    LinkSession,
    link_message,
    link_recipient,
    office_name,
    referral_link_act,
    referral_link_answer,
    referral_link_open,
    referral_link_send,
)

__all__ = [
    "EMAIL",
    "LINK_ACTIONS",
    "LINK_CHANNELS",
    "OPEN_STATES",
    "STATE_EVENTS",
    "STATE_TIMESTAMPS",
    "LinkRecipient",
    "LinkSession",
    "can_refer",
    "is_partner_of",
    "link_message",
    "link_recipient",
    "office_name",
    "referral_accept",
    "referral_complete",
    "referral_create",
    "referral_link_act",
    "referral_link_answer",
    "referral_link_open",
    "referral_link_send",
    "referral_record_view",
    "referral_reject",
    "referral_revoke",
]
