"""Database-trigger history (django-pghistory) settings shared by the tracked models."""

from __future__ import annotations

import pghistory


def track_all() -> tuple[pghistory.Tracker, ...]:
    """Return trackers for inserts, updates and deletes (fresh instances: trackers bind to one model).

    Deletes are tracked too, so a removed row (a village taken off a PIMPASA) stays visible.
    """
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
