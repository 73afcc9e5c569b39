"""Put a service's refusal on the form that asked for it."""

from __future__ import annotations

from typing import Any

from pimpasa.core.errors import DomainError


def add_domain_error(form: Any, exc: DomainError, fields: dict[str, str]) -> None:
    """Put a refused service call on the form: each detail on its field (``fields`` maps the
    service's names to the form's), the message on top when no detail found a field."""
    details = exc.details if isinstance(exc.details, dict) else {}
    placed = False
    for key, text in details.items():
        name = fields.get(key)
        if name and name in form.fields and isinstance(text, str):
            form.add_error(name, text)
            placed = True
    if not placed:
        form.add_error(None, exc.message)
