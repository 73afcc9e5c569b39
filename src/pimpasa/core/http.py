"""Helpers the apps' views share: domain errors as HTTP answers, and the htmx request type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import Http404, HttpRequest
from django_htmx.middleware import HtmxDetails

from .errors import NotFound

T = TypeVar("T")


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware."""

    htmx: HtmxDetails


def or_404(read: Callable[..., T], **kwargs: Any) -> T:
    """Call a selector; a row that is missing or out of scope becomes the same 404."""
    try:
        return read(**kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc
