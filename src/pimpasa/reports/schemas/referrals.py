"""API shapes of referrals: the list query, what goes out to staff and agencies, and what comes in."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from ..filters.referrals import ReferralFilters
from ..models import ReferralStatus, SharedField

LinkChannel = Literal["", "email", "whatsapp", "sms"]


class ReferralQuery(Schema):
    status: ReferralStatus | None = None
    agency: int | None = Field(None, description="Partner agency id")
    date_from: dt.date | None = Field(None, description="Sent on or after this day")
    date_to: dt.date | None = Field(None, description="Sent on or before this day")

    def filters(self) -> ReferralFilters:
        return ReferralFilters(
            status=self.status.value if self.status else "",
            agency=self.agency,
            date_from=self.date_from,
            date_to=self.date_to,
        )


class AgencyRef(Schema):
    id: int
    name: str


def _for_partner(context: Any) -> bool:
    from ..selectors.referrals import is_partner_user

    request = (context or {}).get("request")
    return request is None or is_partner_user(request.user)


class ReferralOut(Schema):
    """A referral; ``report``, consent and link details are for the referring side (null for agencies)."""

    id: int
    report: str | None
    agency: AgencyRef
    reason: str
    shared_fields: list[str]
    status: str
    sent_at: dt.datetime
    accepted_at: dt.datetime | None
    rejected_at: dt.datetime | None
    done_at: dt.datetime | None
    revoked_at: dt.datetime | None
    reject_reason: str
    feedback: str
    outcome: str
    answered_by: str
    consent_recorded: bool | None
    override_reason: str | None
    link_sent_to: str | None
    link_expires_at: dt.datetime | None

    @staticmethod
    def resolve_reason(referral: Any, context: Any) -> str:
        """The office's reason; an agency the referral was withdrawn from no longer reads it."""
        from ..selectors.referrals import withdrawn_from

        request = (context or {}).get("request")
        if request is not None and withdrawn_from(user=request.user, referral=referral):
            return ""
        return str(referral.reason)

    @staticmethod
    def resolve_report(referral: Any, context: Any) -> str | None:
        return None if _for_partner(context) else str(referral.report.tracking_code)

    @staticmethod
    def resolve_answered_by(referral: Any) -> str:
        return str(referral.answered_by_label)

    @staticmethod
    def resolve_consent_recorded(referral: Any, context: Any) -> bool | None:
        return None if _for_partner(context) else bool(referral.consent_recorded)

    @staticmethod
    def resolve_override_reason(referral: Any, context: Any) -> str | None:
        return None if _for_partner(context) else str(referral.override_reason)

    @staticmethod
    def resolve_link_sent_to(referral: Any, context: Any) -> str | None:
        return None if _for_partner(context) else str(referral.link_sent_to)

    @staticmethod
    def resolve_link_expires_at(referral: Any, context: Any) -> dt.datetime | None:
        return None if _for_partner(context) else referral.link_expires_at


class SharedPersonOut(Schema):
    full_name: str
    aliases: list[str]
    nik_masked: str
    phone: str
    birth_date: dt.date | None
    sex: str
    home_region: str


class SharedOrganizationOut(Schema):
    name: str
    licensed_p3mi: bool | None


class SharedAttachmentOut(Schema):
    name: str
    content_type: str
    size: int


class SharedViewOut(Schema):
    """What the agency may see; a part that was not shared is null."""

    office: str
    category: str
    place: str
    occurred_on: dt.date | None
    received_on: dt.date
    description: str | None
    recruiters: list[SharedPersonOut] | None
    victims: list[SharedPersonOut] | None
    organizations: list[SharedOrganizationOut] | None
    attachments: list[SharedAttachmentOut] | None
    withdrawn: bool = Field(False, description="Withdrawn from the calling agency: only the summary is left")


class ReferralDetailOut(ReferralOut):
    shared: SharedViewOut

    @staticmethod
    def resolve_shared(referral: Any, context: Any) -> Any:
        """What the caller reads of the shared parts (``referral_view_for``)."""
        from ..selectors.referrals import referral_view, referral_view_for

        request = (context or {}).get("request")
        if request is None:
            return referral_view(referral=referral)
        return referral_view_for(user=request.user, referral=referral)


class ReferralCreateIn(Schema):
    agency: int = Field(..., description="Partner agency id")
    reason: str = Field(..., min_length=1, max_length=2000)
    shared_fields: list[SharedField] = Field(
        default_factory=lambda: [SharedField.SUMMARY],
        description="Parts the agency may see (the summary always); `victims` needs consent or an override.",
    )
    consent_recorded: bool = False
    consent_note: str = Field("", max_length=1000)
    override_reason: str = Field(
        "", max_length=1000, description="Office head only: share victims' data without consent"
    )
    link_to: str = Field("", max_length=200, description="E-mail or phone to send a signed link to at once")
    link_channel: LinkChannel = ""


class ReferralTransitionIn(Schema):
    to: Literal["accepted", "rejected", "done", "revoked"]
    reason: str = Field("", max_length=2000, description="Why it is rejected or revoked")
    feedback: str = Field("", max_length=4000, description="What the agency did (done)")
    outcome: str = Field("", max_length=200, description="The outcome (done)")


class ReferralLinkIn(Schema):
    to: str = Field(..., min_length=1, max_length=200, description="E-mail address or phone number")
    channel: LinkChannel = ""
