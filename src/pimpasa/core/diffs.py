"""Turn an event's ``{"old": {...}, "new": {...}}`` data into rows a person can read. Pure: no ORM."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

#: Readable names of the keys services write into event data (the keys stay stable English).
FIELD_LABELS = {
    "agency": _("partner agency"),
    "area": _("area"),
    "decree_date": _("decree date"),
    "decree_number": _("decree (SK) number"),
    "expires_at": _("expires"),
    "kind": _("kind"),
    "name": _("name"),
    "officer": _("officer"),
    "prefix": _("token prefix"),
    "province": _("province"),
    "revoked_at": _("revoked"),
    "roles": _("roles"),
    "status": _("status"),
    "unit": _("unit"),
    "user": _("user"),
    "villages": _("villages"),
    "work_area": _("work area"),
}


@dataclass(frozen=True)
class Change:
    """One changed field: its old and new value as text, and for lists what was added and removed."""

    field: str
    old: str
    new: str
    added: list[str] = dataclasses.field(default_factory=list)
    removed: list[str] = dataclasses.field(default_factory=list)

    @property
    def label(self) -> str:
        """Return the field's readable name in the active language (the key itself when unknown)."""
        return str(FIELD_LABELS.get(self.field, self.field.replace("_", " ")))


def as_text(value: Any) -> str:
    """Render a stored value: lists one item per line, dicts as ``key: value`` lines, None as a dash."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list | tuple):
        return "\n".join(as_text(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {as_text(v)}" for k, v in value.items())
    return str(value)


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[str]:
    return [as_text(v) for v in value] if isinstance(value, list) else []


def changes_of(data: Any) -> list[Change]:
    """Return the fields of ``data["old"]``/``data["new"]`` that differ, in the order they first appear."""
    if not isinstance(data, dict):
        return []
    old, new = _as_dict(data.get("old")), _as_dict(data.get("new"))
    keys = list(dict.fromkeys([*old, *new]))
    rows = []
    for key in keys:
        before, after = old.get(key), new.get(key)
        if as_text(before) == as_text(after):
            continue  # nothing to show: an empty field on creation, or a value kept
        added: list[str] = []
        removed: list[str] = []
        # Added/removed only say something when a list was replaced by another list.
        if isinstance(before, list) and isinstance(after, list):
            before_items, after_items = _items(before), _items(after)
            added = [v for v in after_items if v not in before_items]
            removed = [v for v in before_items if v not in after_items]
        rows.append(
            Change(field=str(key), old=as_text(before), new=as_text(after), added=added, removed=removed)
        )
    return rows
