"""Django admin for the organisation's reference data; PIMPASA villages are shown there, never edited."""

from __future__ import annotations

import pytest

from tests.fixtures import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(org):
    return make_user("root", is_staff=True, is_superuser=True)


def test_admin_lists_and_opens_the_organisation(org, login, superuser):
    client = login(superuser)
    unit = org.units["ponorogo"]
    appointment = org.appointments["field_ponorogo"]
    urls = [
        "/admin/organization/unit/",
        "/admin/organization/unit/add/",
        f"/admin/organization/unit/{unit.pk}/change/",
        "/admin/organization/partneragency/",
        f"/admin/organization/partneragency/{org.agencies['polres_ponorogo'].pk}/change/",
        "/admin/organization/staffposting/",
        "/admin/organization/pimpasaappointment/",
        f"/admin/organization/pimpasaappointment/{appointment.pk}/change/",
    ]

    for url in urls:
        assert (url, client.get(url).status_code) == (url, 200)
    unit_page = client.get(f"/admin/organization/unit/{unit.pk}/change/").content.decode()
    assert 'name="work_area_links-TOTAL_FORMS" value="3"' in unit_page


def test_appointment_villages_are_read_only_in_the_admin(org, login, superuser):
    client = login(superuser)
    appointment = org.appointments["field_ponorogo"]

    page = client.get(f"/admin/organization/pimpasaappointment/{appointment.pk}/change/").content.decode()

    assert "Tugurejo" in page
    assert 'name="village_links-0-village"' not in page


def test_staff_without_admin_rights_are_kept_out(org, login):
    client = login(org.users["national"])

    response = client.get("/admin/organization/unit/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
