"""The issue's checks on scope and audit, end to end through the pages and the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.organization.helpers import village_codes

pytestmark = pytest.mark.django_db


def test_a_ponorogo_field_officer_sees_only_ponorogo_trenggalek_and_pacitan(org, login):
    client = login(org.users["field_ponorogo"])

    home = client.get("/")
    me = client.get("/api/v1/me").json()
    units = client.get(reverse("organization:unit_list"))

    assert home.status_code == 200
    assert [r.code for r in home.context["summary"]["scope_regions"]] == ["35.01", "35.02", "35.03"]
    assert me["scope"]["region_codes"] == ["35.01", "35.02", "35.03"]
    assert me["scope"]["everything"] is False
    html = units.content.decode()
    assert "Kantor Imigrasi Kelas II Non TPI Ponorogo" in html
    assert "Kantor Imigrasi Kelas III Non TPI Cianjur" not in html


@pytest.mark.parametrize(("username", "status"), [("field_ponorogo", 404), ("national", 200)])
def test_cianjur_unit_and_officer_exist_only_for_those_who_may_see_them(org, login, username, status):
    client = login(org.users[username])

    assert client.get("/api/v1/units/kanim-cianjur").status_code == status
    assert client.get("/api/v1/officers/field_cianjur").status_code == status


@pytest.mark.parametrize("editor", ["head_ponorogo", "intel_ponorogo"])
def test_a_village_change_in_the_ui_shows_on_the_audit_page(org, login, editor):
    appointment = org.appointments["field_ponorogo"]
    client = login(org.users[editor])

    saved = client.post(
        reverse("organization:appointment_detail", args=[appointment.pk]),
        {"villages": ["35.02.01.2002", "35.02.01.2003"], "reason": "Hasil rakor TIMPORA"},
    )
    assert saved.status_code == 302
    assert village_codes(appointment) == ["35.02.01.2002", "35.02.01.2003"]

    for reader in ("national", "regional_jatim"):
        page = login(org.users[reader]).get("/audit/", {"event_type": "appointment.villages_changed"})
        (row,) = page.context["rows"]
        assert row.event.actor_label == editor
        assert row.event.reason == "Hasil rakor TIMPORA"
        (change,) = row.changes
        assert (change.field, change.removed, change.added) == (
            "villages",
            ["35.02.01.2001 Tugurejo"],
            ["35.02.01.2003 Slahung"],
        )
        html = page.content.decode()
        assert editor in html
        assert "35.02.01.2001 Tugurejo\n35.02.01.2002 Senepo" in html
        assert "35.02.01.2002 Senepo\n35.02.01.2003 Slahung" in html
        assert "Hasil rakor TIMPORA" in html

    other_province = login(org.users["regional_jabar"]).get(
        "/audit/", {"event_type": "appointment.villages_changed"}
    )
    assert other_province.status_code == 200
    assert other_province.context["rows"] == []
