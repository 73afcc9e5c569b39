"""The demo watchlist: plausible, consistent, idempotent, and found by the name check."""

from __future__ import annotations

import pytest

from pimpasa.demo.watchlist_data import WATCHLIST
from pimpasa.watchlist.matching import Person, nik_facts

pytestmark = pytest.mark.django_db


def test_every_demo_nik_is_valid_and_encodes_the_birth_date_and_sex():
    with_nik = [spec for spec in WATCHLIST if spec.nik()]

    assert len(with_nik) >= 20
    for spec in with_nik:
        facts = nik_facts(spec.nik())
        assert facts is not None, spec.ref
        assert spec.born is not None
        assert (facts.day, facts.month, facts.year2, facts.sex) == (
            spec.born.day,
            spec.born.month,
            spec.born.year % 100,
            spec.sex,
        )


def test_load_watchlist_is_idempotent_and_owns_entries_by_the_demo_offices(org):
    from pimpasa.demo.watchlist_data import load_watchlist
    from pimpasa.watchlist.models import Status, WatchlistEntry

    assert load_watchlist(actor=None) == 40
    assert load_watchlist(actor=None) == 0

    assert WatchlistEntry.objects.count() == 40
    assert WatchlistEntry.objects.filter(kind="organization").count() == 7
    assert WatchlistEntry.objects.filter(status=Status.INACTIVE).count() == 2
    owners = dict(
        WatchlistEntry.objects.filter(ref__in=["DEMO-WL-001", "DEMO-WL-013", "DEMO-WL-022"]).values_list(
            "ref", "unit__code"
        )
    )
    # The test organisation has Ponorogo and Cianjur only: the others load as national entries.
    assert owners == {"DEMO-WL-001": "kanim-ponorogo", "DEMO-WL-013": "kanim-cianjur", "DEMO-WL-022": None}


def test_the_demo_entries_are_found_in_their_other_spellings(org):
    from pimpasa.demo.watchlist_data import load_watchlist
    from pimpasa.watchlist.selectors import watchlist_search

    load_watchlist(actor=None)

    def best(name: str) -> str:
        return watchlist_search(user=None, query=Person(name), limit=1)[0].ref

    assert best("Joko Susilo") == "DEMO-WL-001"
    assert best("Cecep Hidayat") == "DEMO-WL-020"
    assert best("Sinar Jaya Abadi Mandiri") == "DEMO-WL-008"
    assert best("M. Yusuf Hasibuan") == "DEMO-WL-022"
