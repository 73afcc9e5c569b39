"""Reports API: reports and their workflow, the message gateway, referrals."""

from ninja import Router

from . import messages, referrals, reports

router = Router()
router.add_router("/", reports.router)
router.add_router("/", messages.router)
router.add_router("/", referrals.router)
