"""API shapes of the vulnerability index: weight set versions in and out, score runs out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from ..filters.scoring import RunFilters
from ..models import Comparison, Direction, RunStatus


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


class WeightOut(Schema):
    indicator: str = Field(examples=["poverty_rate"])
    name: str = Field(description="The indicator's name in the language of the request.")
    direction: Direction
    weight: float = Field(description="The raw weight.")
    share: float = Field(description="The weight as a share of all weights above zero (0–1).")


class WeightSetOut(Schema):
    version: int
    note: str
    comparison: Comparison
    band_cuts: list[float] = Field(description="Scores where medium, high and very high begin.")
    created_by: str | None
    created_at: dt.datetime
    weights: list[WeightOut] = Field(description="Indicators with a weight above zero, largest first.")


class WeightsOut(Schema):
    current: WeightSetOut | None = Field(description="The version new runs use.")
    versions: list[WeightSetOut] = Field(description="Every version, newest first.")


class WeightSetIn(Schema):
    weights: dict[str, float] = Field(
        description="Weight per active indicator code (≥ 0, at least one above 0); codes left out weigh 0.",
        examples=[{"poverty_rate": 20, "migrant_workers": 25, "tppo_cases_3y": 15}],
    )
    comparison: Comparison = Comparison.NATIONAL
    band_cuts: list[float] = Field(
        default_factory=lambda: [25.0, 50.0, 75.0],
        description="Three scores, strictly increasing within 0–100.",
    )
    note: str = Field("", max_length=2000, description="What changed and why.")


class BandCountsOut(Schema):
    low: int
    medium: int
    high: int
    very_high: int
    none: int = Field(description="Villages without any indicator value (no score).")


class RunOut(Schema):
    id: int
    weight_set: int = Field(description="The version of the weights used.")
    comparison: Comparison
    status: RunStatus
    trigger: str
    requested_by: str
    requested_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    seconds: float | None = Field(description="From start to finish.")
    villages: int = Field(description="Villages written (every village of the registry).")
    bands: BandCountsOut = Field(description="Villages per band, within the caller's scope.")
    error: str


class RunBandMove(Schema):
    old: str
    new: str
    count: int


class RunChangesOut(Schema):
    previous_run: int
    compared: int = Field(description="Villages in both runs (within the caller's scope).")
    changed: int = Field(description="Villages whose band changed.")
    up: int
    down: int
    mean_change: float | None = Field(description="Mean absolute score change.")
    moves: list[RunBandMove]


class RunDetailOut(RunOut):
    inputs: dict[str, Any] = Field(description="Indicators (code, weight, direction) and settings used.")
    changes: RunChangesOut | None = Field(description="Compared with the run finished before it.")


class RunQuery(Schema):
    status: RunStatus | None = None
    version: int | None = Field(None, ge=1, description="Runs of this weights version only.")

    def filters(self) -> RunFilters:
        return RunFilters(status=self.status or "", version=self.version)
