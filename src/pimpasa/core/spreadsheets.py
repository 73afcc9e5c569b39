"""Cells for CSV and XLSX exports that a spreadsheet will show, never run."""

from __future__ import annotations

from typing import Any

#: A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Return ``value`` with a quote before text a spreadsheet would run as a formula; other values as is."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value
