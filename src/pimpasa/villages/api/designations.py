"""API: designations."""

from ninja import Router

router = Router(tags=["villages"])
