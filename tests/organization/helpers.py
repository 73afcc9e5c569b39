"""Small readers shared by the organisation tests."""

from __future__ import annotations

from typing import Any


def village_codes(appointment: Any) -> list[str]:
    """Return the appointment's village codes as stored now."""
    return sorted(appointment.village_links.values_list("village_id", flat=True))


def events_of(event_type: str) -> list[Any]:
    from pimpasa.core.models import TimelineEvent

    return list(TimelineEvent.objects.filter(event_type=event_type).order_by("id"))


def grow_org(org: Any, *, extra: int = 3) -> None:
    """Add staff with PIMPASA appointments, agencies and a unit to Ponorogo, so lists have more rows.

    Query counts are measured after growing: a count that depends on the rows shows up as a failure.
    """
    import datetime as dt

    from pimpasa.core.roles import Role
    from pimpasa.organization import services
    from pimpasa.organization.models import AgencyKind, UnitKind
    from tests.fixtures import make_user

    ponorogo = org.units["ponorogo"]
    services.unit_create(
        actor=None, code="ukk-trenggalek", name="UKK Trenggalek", kind=UnitKind.UKK, parent=ponorogo
    )
    for i in range(extra):
        officer = make_user(f"extra_field_{i}")
        services.posting_set(actor=None, user=officer, unit=ponorogo, roles=[Role.FIELD_OFFICER])
        services.appointment_create(
            actor=None,
            officer=officer,
            unit=ponorogo,
            decree_number=f"SK-EXTRA-{i}",
            decree_date=dt.date(2025, 3, 1),
            village_codes=[f"35.03.01.200{i + 1}"],
        )
        services.agency_create(actor=None, kind=AgencyKind.MANPOWER, name=f"Disnaker {i}", area_code="35.03")
