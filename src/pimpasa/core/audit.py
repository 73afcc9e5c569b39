"""Write and read the audit timeline."""

from __future__ import annotations

from typing import Any

from django.db import models

from .middleware import current_request_id
from .models import TimelineEvent


def target_type_of(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def event_record(
    *,
    actor: Any,
    event_type: str,
    target: models.Model,
    region_code: str | None = None,
    data: dict[str, Any] | None = None,
    reason: str = "",
) -> TimelineEvent:
    """Record one event on the timeline; call it inside the service's transaction."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return TimelineEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=(actor.get_username() if is_user else str(actor or "system"))[:150],
        event_type=event_type,
        target_type=target_type_of(target),
        target_id=str(target.pk),
        target_label=str(target)[:255],
        region_code=region_code or "",
        data=data or {},
        reason=reason,
        request_id=current_request_id() or "",
    )
