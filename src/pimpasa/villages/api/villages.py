"""API: villages."""

from ninja import Router

router = Router(tags=["villages"])
