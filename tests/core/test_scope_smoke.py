"""Scope follows the posting: a Ponorogo field officer reads Pacitan, Ponorogo and Trenggalek only."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_field_officer_scope_is_the_work_area(org):
    scope = org.users["field_ponorogo"].get_scope()

    assert scope.region_codes == ("35.01", "35.02", "35.03")
    assert scope.write_village_codes == ("35.02.01.2001", "35.02.01.2002")
    assert scope.covers_region("35.02.01.2010")
    assert not scope.covers_region("32.03.01.2001")


def test_national_sees_everything_and_regional_its_province(org):
    assert org.users["national"].get_scope().everything
    assert org.users["regional_jatim"].get_scope().region_codes == ("35",)


def test_me_api_reports_scope(org, login):
    client = login(org.users["field_ponorogo"])

    body = client.get("/api/v1/me").json()

    assert body["roles"] == ["field_officer"]
    assert body["unit"] == "kanim-ponorogo"
    assert body["scope"]["region_codes"] == ["35.01", "35.02", "35.03"]
    assert body["scope"]["writable_village_count"] == 2


def test_home_page_counts_villages_per_office_in_one_query(org, login, django_assert_max_num_queries):
    from pimpasa.organization.services import unit_create

    unit_create(
        actor=None,
        code="kanim-madiun",
        name="Kantor Imigrasi Kelas II TPI Madiun",
        kind="kanim",
        parent=org.units["kanwil_jatim"],
        work_area_codes=["35.19", "35.77"],
    )
    client = login(org.users["regional_jatim"])

    with django_assert_max_num_queries(10):  # the same with one office or many
        page = client.get("/")

    units = {u.code: u.village_count for u in page.context["summary"]["units_in_scope"]}
    assert units == {"kanim-ponorogo": 636, "kanim-madiun": 206 + 27}


def test_a_field_officer_writes_only_to_assigned_villages_and_staff_write_where_they_read(org):
    field = org.users["field_ponorogo"].get_scope()
    intel = org.users["intel_ponorogo"].get_scope()

    assert field.can_write_village("35.02.01.2001")
    assert not field.can_write_village("35.02.01.2003")  # in the work area, but not assigned
    assert intel.can_write_village("35.02.01.2003")
    assert not intel.can_write_village("32.03.01.2001")
