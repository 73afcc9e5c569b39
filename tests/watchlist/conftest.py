"""Fixtures shared by the watchlist tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture
def english() -> Iterator[None]:
    """Read messages in English: the tests compare them with the English msgids."""
    with translation.override("en"):
        yield


@pytest.fixture
def listed(org: Any) -> dict[str, Any]:
    """Three entries: a recruiter owned by Kanim Ponorogo, a national one, and an agency."""
    from pimpasa.watchlist import services

    return {
        "joko": services.entry_create(
            actor=None,
            ref="WL-001",
            full_name="H. Moch. Djoko Soesilo",
            aliases=["Pak Joko", "Joko Kumis"],
            birth_date=dt.date(1980, 1, 12),
            nik="3502011201800001",
            phones=["0812-3456-7890"],
            reason="Calo PMI nonprosedural ke Malaysia.",
            unit=org.units["ponorogo"],
        ),
        "siti": services.entry_create(
            actor=None,
            ref="WL-002",
            full_name="Siti Nurhayati binti Abdullah",
            aliases=["Nur Hayati"],
            birth_date=dt.date(1990, 5, 3),
            phones=["+62 857 1234 5678"],
        ),
        "pt": services.entry_create(
            actor=None,
            ref="WL-003",
            kind="organization",
            full_name="PT Maju Djaja Abadi",
            aliases=["Maju Jaya"],
            phones=["0813-1111-2222"],
            unit=org.units["cianjur"],
        ),
    }
