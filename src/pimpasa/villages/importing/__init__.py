"""Indicator files: read CSV or XLSX (``reading``) and check every row (``validation``), without the ORM.

``merge`` writes checked values in bulk; the service that runs an import (permission,
transaction, batch, timeline) is ``pimpasa.villages.services.indicators``.
"""

from .reading import EXTENSIONS, Cell, FileUnreadable, Table, read_table
from .validation import (
    LONG,
    RESERVED_CODES,
    WIDE,
    CheckedFile,
    IndicatorRule,
    RowError,
    check_table,
    detect_layout,
    parse_number,
    region_codes,
    value_problem,
)

__all__ = [
    "EXTENSIONS",
    "LONG",
    "RESERVED_CODES",
    "WIDE",
    "Cell",
    "CheckedFile",
    "FileUnreadable",
    "IndicatorRule",
    "RowError",
    "Table",
    "check_table",
    "detect_layout",
    "parse_number",
    "read_table",
    "region_codes",
    "value_problem",
]
