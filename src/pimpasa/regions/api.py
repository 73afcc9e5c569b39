"""Regions API (public reference data)."""

from ninja import Router

router = Router(tags=["regions"])
