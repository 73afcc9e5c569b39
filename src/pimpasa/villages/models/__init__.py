"""Villages: indicators and their values, the vulnerability index, and the DBI designation lifecycle."""

from .designation import (
    ALLOWED_TRANSITIONS,
    Designation,
    DesignationAttachment,
    DesignationEvaluation,
    DesignationStatus,
    VillageContact,
)
from .indicators import Direction, ImportBatch, Indicator, IndicatorUnit, IndicatorValue
from .scoring import Band, Comparison, RunStatus, ScoreRun, VillageScore, Weight, WeightSet

__all__ = [
    "ALLOWED_TRANSITIONS",
    "Band",
    "Comparison",
    "Designation",
    "DesignationAttachment",
    "DesignationEvaluation",
    "DesignationStatus",
    "Direction",
    "ImportBatch",
    "Indicator",
    "IndicatorUnit",
    "IndicatorValue",
    "RunStatus",
    "ScoreRun",
    "VillageContact",
    "VillageScore",
    "Weight",
    "WeightSet",
]
