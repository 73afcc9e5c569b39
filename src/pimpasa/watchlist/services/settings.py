"""Change the watchlist settings (national staff)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pimpasa.core.audit import event_record
from pimpasa.core.errors import ValidationFailed

from .. import permissions
from ..models import WatchlistSettings


def settings_update(
    *, actor: Any, match_threshold: Decimal | float | str, reason: str = ""
) -> WatchlistSettings:
    """Set the score (0-1) from which candidates count as matches."""
    permissions.ensure_can_configure(actor)
    try:
        value = Decimal(str(match_threshold)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationFailed(
            _("The threshold is a number between 0 and 1."),
            details={"match_threshold": [str(match_threshold)]},
        ) from exc
    if not Decimal("0") <= value <= Decimal("1"):
        raise ValidationFailed(
            _("The threshold is a number between 0 and 1."), details={"match_threshold": [str(value)]}
        )
    with transaction.atomic():
        row, _created = WatchlistSettings.objects.select_for_update().get_or_create(id=1)
        old = row.match_threshold
        if old == value:
            return row
        row.match_threshold = value
        row.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        row.save()
        event_record(
            actor=actor,
            event_type="watchlist.settings_changed",
            target=row,
            data={"old": {"match_threshold": str(old)}, "new": {"match_threshold": str(value)}},
            reason=reason.strip(),
        )
    return row
