"""The accounts catalogue is complete: every string has an Indonesian translation, none fuzzy."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

import pimpasa.accounts

CATALOGUE = Path(pimpasa.accounts.__file__).parent / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_and_none_is_fuzzy():
    with CATALOGUE.open("rb") as f:
        catalog = read_po(f)

    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]

    assert (untranslated, fuzzy) == ([], [])
    assert catalog.get("Sign in").string == "Masuk"
