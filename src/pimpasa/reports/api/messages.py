"""API: messages."""

from ninja import Router

router = Router(tags=["reports"])
