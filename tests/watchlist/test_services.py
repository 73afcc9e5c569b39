"""Watchlist services: permission re-checked inside, timeline events with masked identifiers,
name keys kept in step with the names."""

from __future__ import annotations

import datetime as dt

import pytest

from pimpasa.core.errors import PermissionDenied, ValidationFailed
from tests.watchlist.helpers import entries, events_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize(
    "username", ["field_ponorogo", "passport_ponorogo", "partner_polres", "admin", "regional_jatim"]
)
def test_roles_that_do_not_write_the_watchlist_are_refused_inside_the_service(listed, org, username):
    from pimpasa.watchlist import services

    user = org.users[username]
    with pytest.raises(PermissionDenied):
        services.entry_create(actor=user, ref="WL-100", full_name="Budi")
    with pytest.raises(PermissionDenied):
        services.entry_update(actor=user, entry=listed["joko"], reason="x")
    with pytest.raises(PermissionDenied):
        services.entry_set_status(actor=user, entry=listed["joko"], status="inactive", reason="x")
    with pytest.raises(PermissionDenied):
        services.watchlist_import(actor=user, data=b"", file_name="x.csv")
    with pytest.raises(PermissionDenied):
        services.settings_update(actor=user, match_threshold="0.5")

    assert [e[0] for e in entries()] == ["WL-001", "WL-002", "WL-003"]
    listed["joko"].refresh_from_db()
    assert (listed["joko"].reason, listed["joko"].status) == ("Calo PMI nonprosedural ke Malaysia.", "active")


def test_the_created_event_masks_nik_and_phones(listed):
    event = events_of("watchlist.created")[0]

    assert event.data["new"]["nik"] == "3502********0001"
    assert event.data["new"]["phones"] == ["0812****7890"]
    assert event.region_code == "35"  # placed by the owning office (its work area lies in Jawa Timur)
    assert "3502011201800001" not in str(event.data)


def test_an_update_without_change_records_nothing(listed):
    from pimpasa.watchlist import services

    services.entry_update(actor=None, entry=listed["joko"], full_name="H. Moch. Djoko Soesilo")

    assert events_of("watchlist.updated") == []


def test_only_national_staff_hand_an_entry_to_another_office(listed, org):
    from pimpasa.watchlist import services

    with pytest.raises(ValidationFailed) as raised:
        services.entry_update(
            actor=org.users["intel_ponorogo"], entry=listed["joko"], unit=org.units["cianjur"]
        )
    assert raised.value.code == "unit_change_not_allowed"

    services.entry_update(actor=org.users["national"], entry=listed["joko"], unit=org.units["cianjur"])
    listed["joko"].refresh_from_db()
    assert listed["joko"].unit == org.units["cianjur"]


def test_changing_names_rewrites_the_search_keys_and_the_vocabulary(listed):
    from pimpasa.watchlist import services
    from pimpasa.watchlist.models import WatchlistToken

    services.entry_update(actor=None, entry=listed["siti"], aliases=["Nurul Aini", "Bu Nur"])

    keys = dict(listed["siti"].name_keys.values_list("key", "tokens"))
    assert keys == {
        "abdulah nurhayati siti": ["siti", "nurhayati", "abdulah", "+sitinurhayati", "+nurhayatiabdulah"],
        "aini nurul": ["nurul", "aini", "+nurulaini"],
        "nur": ["nur", "=nur"],
    }
    assert WatchlistToken.objects.filter(token__in=["nurul", "aini", "nur"]).count() == 3
    assert not WatchlistToken.objects.filter(token__startswith="+").exists()


def test_a_sex_that_contradicts_the_nik_is_refused(org):
    from pimpasa.watchlist import services

    with pytest.raises(ValidationFailed) as raised:
        services.entry_create(actor=None, ref="WL-200", full_name="Budi", nik="3502011201800001", sex="P")

    assert raised.value.details == {"sex": ["the NIK is that of a man"]}


def test_updates_are_kept_in_the_database_history(listed):
    from pimpasa.watchlist import services

    services.entry_update(actor=None, entry=listed["joko"], reason="New facts.")

    (event,) = listed["joko"].events.filter(pgh_label="update")
    assert event.reason == "New facts."


@pytest.mark.parametrize("value", ["-0.1", "1.01", "abc"])
def test_the_threshold_stays_between_0_and_1(value):
    from pimpasa.watchlist import services
    from pimpasa.watchlist.selectors import match_threshold

    with pytest.raises(ValidationFailed):
        services.settings_update(actor=None, match_threshold=value)
    assert match_threshold() == 0.75


def test_a_nik_change_that_masks_alike_is_saved_and_recorded(listed):
    from pimpasa.watchlist import services

    services.entry_update(
        actor=None, entry=listed["joko"], nik="3502011301800001", birth_date=dt.date(1980, 1, 13)
    )

    listed["joko"].refresh_from_db()
    assert listed["joko"].nik == "3502011301800001"
    (event,) = events_of("watchlist.updated")
    assert event.data == {
        "old": {"birth_date": "1980-01-12", "nik": "3502********0001"},
        "new": {"birth_date": "1980-01-13", "nik": "3502********0001"},
    }
