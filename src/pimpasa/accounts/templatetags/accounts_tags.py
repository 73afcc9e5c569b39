"""Template filters for the account pages."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil

register = template.Library()


@register.filter
def duration(delta: dt.timedelta | None) -> str:
    """Render a time span in words in the active language ("1 jam", "30 minutes")."""
    if not delta:
        return ""
    now = timezone.now()
    return timeuntil(now + delta, now)
