"""API: indicators."""

from ninja import Router

router = Router(tags=["villages"])
