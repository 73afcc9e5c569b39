"""Reads of villages with their current score: the ranked list, the candidate list, one village, the map.

``Region`` is public reference data, so these selectors scope villages themselves: a user
reads the villages inside the region codes of their scope (the Ditjen reads all 83,762),
and administrators and partner users read none (``NotFound``, an HTTP 404). Scores are
those of the current run (the latest finished ``ScoreRun``); the DBI status is that of the
village's open designation.
"""

from .detail import (
    ExplanationItem,
    VillageDetail,
    explanation_items,
    village_appointments,
    village_detail,
    village_get,
)
from .lists import (
    TOP_FACTORS,
    Factor,
    VillageRow,
    annotate_villages,
    candidate_list,
    current_run,
    factors_of,
    indicator_names,
    iter_village_rows,
    scoped_villages,
    village_list,
    village_rows,
)
from .map import (
    AGG_MAX,
    AGG_MEAN,
    LEVEL_DISTRICT,
    LEVEL_REGENCY,
    MapData,
    MapPoint,
    MapVillage,
    band_ranges,
    default_map_level,
    village_map,
)

__all__ = [
    "AGG_MAX",
    "AGG_MEAN",
    "LEVEL_DISTRICT",
    "LEVEL_REGENCY",
    "TOP_FACTORS",
    "ExplanationItem",
    "Factor",
    "MapData",
    "MapPoint",
    "MapVillage",
    "VillageDetail",
    "VillageRow",
    "annotate_villages",
    "band_ranges",
    "candidate_list",
    "current_run",
    "default_map_level",
    "explanation_items",
    "factors_of",
    "indicator_names",
    "iter_village_rows",
    "scoped_villages",
    "village_appointments",
    "village_detail",
    "village_get",
    "village_list",
    "village_map",
    "village_rows",
]
