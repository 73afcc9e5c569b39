"""API: scoring."""

from ninja import Router

router = Router(tags=["villages"])
