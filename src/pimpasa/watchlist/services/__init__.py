"""Writes to the watchlist: entries, their status, file imports, settings, and reads of a full NIK.

Every function runs in a transaction, re-checks the actor's permission and
records a timeline event. NIKs and phone numbers go on the timeline masked.
"""

from .entries import (
    KEEP,
    entry_create,
    entry_nik_reveal,
    entry_set_status,
    entry_update,
    mask_nik,
    mask_phone,
)
from .imports import ImportResult, WatchlistFileRejected, read_csv, watchlist_import
from .settings import settings_update

__all__ = [
    "KEEP",
    "ImportResult",
    "WatchlistFileRejected",
    "entry_create",
    "entry_nik_reveal",
    "entry_set_status",
    "entry_update",
    "mask_nik",
    "mask_phone",
    "read_csv",
    "settings_update",
    "watchlist_import",
]
