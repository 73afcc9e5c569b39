"""Database-trigger history (django-pghistory) carries the actor of requests and of commands."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_village_change_through_a_request_is_recorded_with_the_signed_in_user(org, login):
    from pimpasa.organization.models import AppointmentVillage

    appointment = org.appointments["field_ponorogo"]
    editor = org.users["head_ponorogo"]
    history = AppointmentVillage.pgh_event_model  # type: ignore[attr-defined]

    login(editor).post(
        reverse("organization:appointment_detail", args=[appointment.pk]),
        {"villages": ["35.02.01.2002", "35.02.01.2003"], "reason": "Hasil rakor"},
    )

    events = history.objects.filter(appointment_id=appointment.pk).exclude(pgh_context=None)
    removed = events.get(pgh_label="delete")
    added = events.get(pgh_label="insert", village_id="35.02.01.2003")
    assert removed.village_id == "35.02.01.2001"
    for event in (removed, added):
        assert event.pgh_context.metadata["user"] == editor.pk
        assert event.pgh_context.metadata["url"] == reverse(
            "organization:appointment_detail", args=[appointment.pk]
        )


def test_a_command_attaches_its_name_and_the_operator_to_the_history(regions, monkeypatch, tmp_path):
    from pimpasa.regions.models import Region

    monkeypatch.setenv("PIMPASA_ACTOR", "operator-budi")
    stats = tmp_path / "stats.csv"
    stats.write_text(
        "code,name,population_male,population_female,population_total,area_km2\n"
        "35.02,Kabupaten Ponorogo,486147,492861,979008,1418.618\n"
    )

    call_command("regions", "import-stats", str(stats))

    event = Region.pgh_event_model.objects.get(pgh_obj_id="35.02", pgh_label="region.updated")  # type: ignore[attr-defined]
    assert event.population == 979008
    assert event.pgh_context.metadata == {"command": "regions", "actor": "operator-budi"}
