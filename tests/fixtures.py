"""Shared fixtures: a slice of the region registry and a small organisation with a user per role.

The organisation mirrors the demo: Ditjen with the Direktorat Intelijen, Kanwil Jawa Timur,
Kanim Ponorogo (Pacitan 35.01, Ponorogo 35.02, Trenggalek 35.03), Kanwil Jawa Barat and
Kanim Cianjur (32.03), and a police partner agency in Ponorogo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

#: Provinces loaded for tests: Jawa Timur and Jawa Barat (about 11,000 villages).
TEST_PROVINCES = ("35", "32")
PASSWORD = "Uji-Coba#2026-aman"


def load_test_regions() -> None:
    from pimpasa.regions.models import Region
    from pimpasa.regions.services import region_import

    if not Region.objects.filter(code="35.02.01").exists():
        region_import(prefixes=TEST_PROVINCES)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Load the test provinces once per run, committed, so each test's rollback keeps them.

    Transactional tests flush every table afterwards; pytest-django runs them after the
    others, and the ``regions`` fixture reloads what they need.
    """
    with django_db_blocker.unblock():
        load_test_regions()


@pytest.fixture
def regions(db: None) -> None:
    """The regions of Jawa Timur and Jawa Barat."""
    load_test_regions()


@dataclass
class Org:
    units: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    agencies: dict[str, Any] = field(default_factory=dict)
    appointments: dict[str, Any] = field(default_factory=dict)


def make_user(username: str, **extra: Any) -> Any:
    from pimpasa.accounts.models import User

    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        full_name=extra.pop("full_name", username.replace("_", " ").title()),
        **extra,
    )


def build_org() -> Org:
    from pimpasa.core.roles import Role
    from pimpasa.organization import services as org
    from pimpasa.organization.models import AgencyKind, KanimClass, UnitKind

    load_test_regions()
    o = Org()
    u = o.units
    u["ditjen"] = org.unit_create(
        actor=None, code="ditjen", name="Direktorat Jenderal Imigrasi", kind=UnitKind.DITJEN
    )
    u["intel"] = org.unit_create(
        actor=None,
        code="dit-intel",
        name="Direktorat Intelijen Keimigrasian",
        kind=UnitKind.DIRECTORATE,
        parent=u["ditjen"],
    )
    u["kanwil_jatim"] = org.unit_create(
        actor=None,
        code="kanwil-jatim",
        name="Kanwil Jawa Timur",
        kind=UnitKind.KANWIL,
        parent=u["ditjen"],
        province_code="35",
    )
    u["kanwil_jabar"] = org.unit_create(
        actor=None,
        code="kanwil-jabar",
        name="Kanwil Jawa Barat",
        kind=UnitKind.KANWIL,
        parent=u["ditjen"],
        province_code="32",
    )
    u["ponorogo"] = org.unit_create(
        actor=None,
        code="kanim-ponorogo",
        name="Kantor Imigrasi Kelas II Non TPI Ponorogo",
        kind=UnitKind.KANIM,
        parent=u["kanwil_jatim"],
        kanim_class=KanimClass.II,
        work_area_codes=["35.01", "35.02", "35.03"],
    )
    u["cianjur"] = org.unit_create(
        actor=None,
        code="kanim-cianjur",
        name="Kantor Imigrasi Kelas III Non TPI Cianjur",
        kind=UnitKind.KANIM,
        parent=u["kanwil_jabar"],
        kanim_class=KanimClass.III,
        work_area_codes=["32.03"],
    )
    o.agencies["polres_ponorogo"] = org.agency_create(
        actor=None, kind=AgencyKind.POLICE, name="Polres Ponorogo", area_code="35.02"
    )
    o.agencies["polres_cianjur"] = org.agency_create(
        actor=None, kind=AgencyKind.POLICE, name="Polres Cianjur", area_code="32.03"
    )
    postings = {
        "field_ponorogo": (u["ponorogo"], [Role.FIELD_OFFICER]),
        "intel_ponorogo": (u["ponorogo"], [Role.INTELLIGENCE]),
        "head_ponorogo": (u["ponorogo"], [Role.OFFICE_HEAD]),
        "passport_ponorogo": (u["ponorogo"], [Role.PASSPORT_OFFICER]),
        "field_cianjur": (u["cianjur"], [Role.FIELD_OFFICER]),
        "regional_jatim": (u["kanwil_jatim"], [Role.REGIONAL]),
        "regional_jabar": (u["kanwil_jabar"], [Role.REGIONAL]),
        "national": (u["intel"], [Role.NATIONAL]),
        "admin": (u["ditjen"], [Role.ADMINISTRATOR]),
    }
    for username, (unit, roles) in postings.items():
        user = make_user(username)
        org.posting_set(actor=None, user=user, unit=unit, roles=roles)
        o.users[username] = user
    partner = make_user("partner_polres")
    org.posting_set(actor=None, user=partner, agency=o.agencies["polres_ponorogo"], roles=[Role.PARTNER])
    o.users["partner_polres"] = partner
    o.appointments["field_ponorogo"] = org.appointment_create(
        actor=None,
        officer=o.users["field_ponorogo"],
        unit=u["ponorogo"],
        decree_number="W15.IMI.IMI.7-GR.01.01-1234",
        decree_date=dt.date(2025, 1, 15),
        village_codes=["35.02.01.2001", "35.02.01.2002"],
    )
    o.appointments["field_cianjur"] = org.appointment_create(
        actor=None,
        officer=o.users["field_cianjur"],
        unit=u["cianjur"],
        decree_number="W11.IMI.IMI.5-GR.01.01-77",
        decree_date=dt.date(2025, 2, 1),
        village_codes=["32.03.01.2001"],
    )
    return o


@pytest.fixture
def org(regions: None) -> Org:
    """A small organisation with one user per role (password: ``PASSWORD``)."""
    return build_org()


@pytest.fixture
def login(client: Any) -> Any:
    """Return a function that signs ``user`` in on the test client (second factor marked as passed)."""

    def _login(user: Any) -> Any:
        client.force_login(user)
        if getattr(user, "needs_second_factor", False):
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        return client

    return _login


#: Migrations whose ``seed(apps, schema_editor)`` puts reference data in place (categories, SLA
#: policies, indicators and the first weights, the watchlist threshold).
SEED_MIGRATIONS = (
    "pimpasa.reports.migrations.0002_seed_reference",
    "pimpasa.villages.migrations.0002_seed_indicators",
    "pimpasa.watchlist.migrations.0002_seed_settings",
)


def seed_reference_data() -> None:
    """Run the seeding migrations' functions again; each is idempotent."""
    import importlib

    from django.apps import apps

    for module in SEED_MIGRATIONS:
        importlib.import_module(module).seed(apps, None)


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request: Any) -> None:
    """Give tests that commit the reference data the migrations seed.

    A committing test (``transactional_db``, ``live_server``) flushes every table when it ends,
    seeded rows included, so the next one would start without categories or weights.
    """
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        seed_reference_data()
