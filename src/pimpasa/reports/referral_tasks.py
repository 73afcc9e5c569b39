"""Background job that e-mails a partner agency the signed link to a referral (Procrastinate).

Deferred by ``referral_link_send`` in the transaction that raised the link version;
it signs the link itself, so the token is never stored in the job table.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from .models import Referral
from .services.referrals import OPEN_STATES, link_message, office_name
from .signing import link_token, link_url

logger = logging.getLogger(__name__)


@app.task(
    name="reports.send_referral_link",
    queue="mail",
    retry=RetryStrategy(max_attempts=5, exponential_wait=10),
)
def send_referral_link(*, referral_id: int, link_version: int, issued_at: int, to: str) -> str:
    """E-mail link version ``link_version`` of referral ``referral_id`` to ``to``.

    Return ``sent``, or ``superseded`` without sending when a newer link was issued or the
    referral closed meanwhile (a link that would not open anything is not worth sending).
    """
    referral = Referral.objects.select_related("report__unit", "agency").filter(pk=referral_id).first()
    if referral is None or referral.link_version != link_version or referral.status not in OPEN_STATES:
        logger.info("Referral link %s/v%s not sent: superseded", referral_id, link_version)
        return "superseded"
    issued = dt.datetime.fromtimestamp(issued_at, tz=dt.UTC)
    token = link_token(referral_id=referral.pk, version=link_version, issued_at=issued)
    assert referral.link_expires_at is not None
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Referral %(number)s from %(office)s") % {
            "number": referral.pk,
            "office": office_name(referral.report),
        }
        body = link_message(referral=referral, url=link_url(token), expires_at=referral.link_expires_at)
    send_mail(subject, body, None, [to])
    return "sent"
