"""Villages API: villages with scores, indicators and weights, score runs, DBI designations."""

from ninja import Router

from . import designations, indicators, scoring, villages

router = Router()
router.add_router("/", villages.router)
router.add_router("/", indicators.router)
router.add_router("/", scoring.router)
router.add_router("/", designations.router)
