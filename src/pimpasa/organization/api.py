"""Organisation API: units, partner agencies, officers, PIMPASA appointments."""

from ninja import Router

router = Router(tags=["organization"])
