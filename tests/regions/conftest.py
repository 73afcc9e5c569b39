"""Fixtures shared by the region tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture
def english() -> Iterator[None]:
    """Read messages in English: the tests compare them with the English msgids."""
    with translation.override("en"):
        yield
