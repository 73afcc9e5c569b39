"""Signed links of referrals: send one to an agency without accounts, open it, answer through it.

Sending raises the referral's link version, so only the newest link opens it; the
e-mail goes out from a job deferred in the same transaction, a WhatsApp/SMS message
through the outbound queue. Every use of a link is logged (``referral.link_used`` with
the action and the client address), and every refused one too (``referral.link_refused``)
when the token names a referral.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pimpasa.core.audit import event_record
from pimpasa.core.errors import NotFound, ValidationFailed

from ...identifiers import normalize_phone
from ...models import MessageChannel, Referral, Report
from ...signing import LinkActor, LinkRefused, link_lifetime, link_read, link_token, link_url
from .lifecycle import OPEN_STATES, S, ensure_can_manage, referral_accept, referral_complete, referral_reject

EMAIL = "email"
#: Ways a link can travel: e-mail, or a message through the outbound adapter.
LINK_CHANNELS = (EMAIL, MessageChannel.WHATSAPP.value, MessageChannel.SMS.value)
#: What a link page lets the agency do, and the state each action leads to.
LINK_ACTIONS = {"accept": S.ACCEPTED, "reject": S.REJECTED, "done": S.DONE}


@dataclass(frozen=True)
class LinkRecipient:
    """Where a signed link goes: ``email``, ``whatsapp`` or ``sms``, and the address or number."""

    channel: str
    address: str


def link_recipient(to: str, channel: str = "") -> LinkRecipient:
    """Return where a link goes: an e-mail address, or a phone (WhatsApp unless ``channel`` says SMS)."""
    to = (to or "").strip()
    if not to:
        raise ValidationFailed(_("Give an e-mail address or a phone number."), details={"to": ""})
    if channel and channel not in LINK_CHANNELS:
        raise ValidationFailed(
            _("Unknown channel: %(channel)s") % {"channel": channel}, details={"channel": channel}
        )
    if "@" in to or channel == EMAIL:
        try:
            validate_email(to)
        except DjangoValidationError as exc:
            raise ValidationFailed(_("Enter a valid e-mail address."), details={"to": to}) from exc
        return LinkRecipient(channel=EMAIL, address=to)
    try:
        phone = normalize_phone(to)
    except ValueError as exc:
        raise ValidationFailed(str(exc), details={"to": to}) from exc
    return LinkRecipient(channel=channel or MessageChannel.WHATSAPP.value, address=phone)


def office_name(report: Report) -> str:
    """Return the name of the report's responsible office, as an agency sees it."""
    return report.unit.name if report.unit is not None else _("the immigration office")


def link_message(*, referral: Referral, url: str, expires_at: dt.datetime) -> str:
    """Return the text that carries a link: who sends it, the link and its expiry, and nothing of the case."""
    return _(
        "%(office)s has referred a matter to %(agency)s (referral %(number)s). Open this link to read it "
        "and answer: %(url)s\nThe link is valid until %(expires)s. Do not forward it."
    ) % {
        "office": office_name(referral.report),
        "agency": referral.agency.name,
        "number": referral.pk,
        "url": url,
        "expires": timezone.localtime(expires_at).strftime("%d-%m-%Y %H:%M"),
    }


def referral_link_send(*, actor: Any, referral: Referral, to: str, channel: str = "") -> Referral:
    """Send the agency a signed link to this referral by e-mail or message; older links stop working.

    The e-mail goes out from a job deferred in this transaction; a WhatsApp/SMS message
    goes through the outbound queue. Only the recipient, channel and expiry are recorded,
    never the link itself.
    """
    ensure_can_manage(actor, referral)
    recipient = link_recipient(to, channel)
    with transaction.atomic():
        locked = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("report__unit", "agency")
            .get(pk=referral.pk)
        )
        if locked.status not in OPEN_STATES:
            raise ValidationFailed(
                _("A referral that is %(status)s takes no more links.") % {"status": S(locked.status).label},
                code="referral_closed",
                details={"status": locked.status},
            )
        issued_at = timezone.now().replace(microsecond=0)
        locked.link_version += 1
        locked.link_expires_at = issued_at + link_lifetime()
        locked.link_sent_to = recipient.address
        locked.save(update_fields=["link_version", "link_expires_at", "link_sent_to", "updated_at"])
        data: dict[str, Any] = {
            "report": locked.report.tracking_code,
            "channel": recipient.channel,
            "to": recipient.address,
            "version": locked.link_version,
            "expires_at": locked.link_expires_at.isoformat(),
        }
        if recipient.channel == EMAIL:
            from ...referral_tasks import send_referral_link

            data["job"] = send_referral_link.defer(
                referral_id=locked.pk,
                link_version=locked.link_version,
                issued_at=int(issued_at.timestamp()),
                to=recipient.address,
            )
        else:
            from ...outbound import outbound_queue

            token = link_token(referral_id=locked.pk, version=locked.link_version, issued_at=issued_at)
            text = link_message(referral=locked, url=link_url(token), expires_at=locked.link_expires_at)
            message = outbound_queue(channel=recipient.channel, recipient=recipient.address, text=text)
            data["message"] = message.pk
        event_record(
            actor=actor,
            event_type="referral.link_sent",
            target=locked,
            region_code=locked.report.region_id,
            data=data,
        )
    referral.refresh_from_db()
    return referral


def _log_refused(*, referral_id: int | None, reason: str, action: str, client_ip: str) -> None:
    referral = (
        Referral.objects.select_related("report").filter(pk=referral_id).first()
        if referral_id is not None
        else None
    )
    if referral is None:
        return
    with transaction.atomic():
        event_record(
            actor="link",
            event_type="referral.link_refused",
            target=referral,
            region_code=referral.report.region_id,
            data={"action": action, "ip": client_ip, "why": reason},
        )


def _link_open(*, token: str, action: str, client_ip: str) -> tuple[Referral, int]:
    """Return the referral a token opens and its link version, or log the refusal and raise ``NotFound``."""
    try:
        claim = link_read(token)
    except LinkRefused as exc:
        _log_refused(referral_id=exc.referral_id, reason=exc.reason, action=action, client_ip=client_ip)
        raise NotFound(_("This link is not valid.")) from exc
    referral = Referral.objects.select_related("report__unit", "agency").filter(pk=claim.referral_id).first()
    why = ""
    if referral is None:
        why = "unknown_referral"
    elif claim.version != referral.link_version:
        why = "superseded"
    elif referral.status not in OPEN_STATES:
        why = "closed"
    if why:
        _log_refused(referral_id=claim.referral_id, reason=why, action=action, client_ip=client_ip)
        raise NotFound(_("This link is not valid."))
    assert referral is not None
    return referral, claim.version


def _log_used(*, referral: Referral, action: str, client_ip: str, label: str) -> None:
    with transaction.atomic():
        event_record(
            actor=label,
            event_type="referral.link_used",
            target=referral,
            region_code=referral.report.region_id,
            data={"action": action, "ip": client_ip, "version": referral.link_version},
        )


@dataclass(frozen=True)
class LinkSession:
    """A referral opened through a verified signed link: what ``referral_link_answer`` needs."""

    referral: Referral
    version: int
    client_ip: str


def referral_link_open(*, token: str, client_ip: str, action: str = "view", name: str = "") -> LinkSession:
    """Open the referral a signed link names, logging the use (``referral.link_used`` with action and IP).

    An expired, altered or superseded token, or one of a referral no longer open, raises
    the same ``NotFound``; the refusal is logged (``referral.link_refused``) when the token
    names a referral.
    """
    action = action if action in LINK_ACTIONS else "view"
    referral, version = _link_open(token=token, action=action, client_ip=client_ip)
    name = " ".join((name or "").split())[:150]
    _log_used(
        referral=referral, action=action, client_ip=client_ip, label=f"link: {name}" if name else "link"
    )
    return LinkSession(referral=referral, version=version, client_ip=client_ip)


def referral_link_answer(
    *,
    session: LinkSession,
    action: str,
    name: str,
    reason: str = "",
    feedback: str = "",
    outcome: str = "",
) -> Referral:
    """Answer for the agency through an opened link: ``accept``, ``reject`` (reason) or ``done`` (feedback).

    ``name`` is who answers ("name / position"), recorded as ``link: <name>``. The link
    must still be the referral's current one when the answer is written.
    """
    if action not in LINK_ACTIONS:
        raise ValidationFailed(
            _("Unknown action: %(action)s") % {"action": action}, details={"action": action}
        )
    name = " ".join((name or "").split())[:150]
    if not name:
        raise ValidationFailed(_("Give your name and position."), details={"name": ""})
    actor = LinkActor(
        referral_id=session.referral.pk, version=session.version, name=name, client_ip=session.client_ip
    )
    referral = session.referral
    match action:
        case "accept":
            return referral_accept(actor=actor, referral=referral)
        case "reject":
            return referral_reject(actor=actor, referral=referral, reason=reason)
        case _:
            return referral_complete(actor=actor, referral=referral, feedback=feedback, outcome=outcome)


def referral_link_act(
    *,
    token: str,
    action: str,
    name: str,
    client_ip: str,
    reason: str = "",
    feedback: str = "",
    outcome: str = "",
) -> Referral:
    """Open a signed link and answer through it (the use is logged before the answer is checked)."""
    session = referral_link_open(token=token, client_ip=client_ip, action=action, name=name)
    return referral_link_answer(
        session=session, action=action, name=name, reason=reason, feedback=feedback, outcome=outcome
    )
