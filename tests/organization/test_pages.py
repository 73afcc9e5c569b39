"""Organisation pages: sign-in required, scope decides what exists (404 outside), lists pin query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.organization.helpers import grow_org

pytestmark = pytest.mark.django_db

PONOROGO = "Kantor Imigrasi Kelas II Non TPI Ponorogo"
CIANJUR = "Kantor Imigrasi Kelas III Non TPI Cianjur"


def _pages(org):
    appointment = org.appointments["field_ponorogo"]
    return [
        reverse("organization:unit_list"),
        reverse("organization:unit_detail", args=["kanim-ponorogo"]),
        reverse("organization:agency_list"),
        reverse("organization:agency_detail", args=[org.agencies["polres_ponorogo"].pk]),
        reverse("organization:officer_list"),
        reverse("organization:officer_detail", args=["field_ponorogo"]),
        reverse("organization:appointment_detail", args=[appointment.pk]),
        reverse("organization:appointment_village_options", args=[appointment.pk]),
        reverse("organization:appointment_create", args=["kanim-ponorogo"]),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, org):
    for url in _pages(org):
        response = client.get(url)

        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_unit_list_shows_only_units_in_scope(org, login):
    client = login(org.users["field_ponorogo"])

    response = client.get(reverse("organization:unit_list"))

    assert response.status_code == 200
    assert [u.code for u in response.context["page"]] == ["kanim-ponorogo"]
    html = response.content.decode()
    assert PONOROGO in html
    assert CIANJUR not in html
    assert "Kabupaten Pacitan, Kabupaten Ponorogo, Kabupaten Trenggalek" in html


def test_unit_list_for_national_has_every_unit_and_filters(org, login):
    client = login(org.users["national"])

    everything = client.get(reverse("organization:unit_list"))
    kanim = client.get(reverse("organization:unit_list"), {"kind": "kanim"})
    jabar = client.get(reverse("organization:unit_list"), {"region": "32"})

    assert [u.code for u in everything.context["page"]] == [
        "dit-intel",
        "ditjen",
        "kanim-ponorogo",
        "kanim-cianjur",
        "kanwil-jabar",
        "kanwil-jatim",
    ]
    assert [u.code for u in kanim.context["page"]] == ["kanim-ponorogo", "kanim-cianjur"]
    assert [u.code for u in jabar.context["page"]] == ["kanim-cianjur", "kanwil-jabar"]


def test_partner_sees_no_units(org, login):
    client = login(org.users["partner_polres"])

    response = client.get(reverse("organization:unit_list"))

    assert response.status_code == 200
    assert list(response.context["page"]) == []


@pytest.mark.parametrize(
    ("username", "code", "status"),
    [
        ("field_ponorogo", "kanim-ponorogo", 200),
        ("field_ponorogo", "kanim-cianjur", 404),
        ("field_ponorogo", "kanwil-jatim", 404),
        ("regional_jatim", "kanwil-jatim", 200),
        ("regional_jatim", "kanim-cianjur", 404),
        ("partner_polres", "kanim-ponorogo", 404),
        ("national", "kanim-cianjur", 200),
        ("national", "no-such-unit", 404),
    ],
)
def test_unit_detail_matrix(org, login, username, code, status):
    client = login(org.users[username])

    response = client.get(reverse("organization:unit_detail", args=[code]))

    assert response.status_code == status


def test_unit_detail_shows_work_area_staff_pimpasa_and_agencies(org, login):
    client = login(org.users["field_ponorogo"])

    response = client.get(reverse("organization:unit_detail", args=["kanim-ponorogo"]))

    detail = response.context["detail"]
    assert [r.code for r in detail.work_area] == ["35.01", "35.02", "35.03"]
    assert [p.user.username for p in detail.staff] == [
        "field_ponorogo",
        "head_ponorogo",
        "intel_ponorogo",
        "passport_ponorogo",
    ]
    assert [a.officer.username for a in detail.appointments] == ["field_ponorogo"]
    assert [a.name for a in detail.agencies] == ["Polres Ponorogo"]
    html = response.content.decode()
    assert "Tugurejo, Senepo" in html
    assert "Polres Cianjur" not in html
    # Only those who may appoint see the link.
    assert reverse("organization:appointment_create", args=["kanim-ponorogo"]) not in html


def test_office_head_sees_the_appoint_link(org, login):
    client = login(org.users["head_ponorogo"])

    response = client.get(reverse("organization:unit_detail", args=["kanim-ponorogo"]))

    assert reverse("organization:appointment_create", args=["kanim-ponorogo"]) in response.content.decode()


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("field_ponorogo", ["Polres Ponorogo"]),
        ("regional_jabar", ["Polres Cianjur"]),
        ("national", ["Polres Cianjur", "Polres Ponorogo"]),
        ("partner_polres", ["Polres Ponorogo"]),
    ],
)
def test_agency_list_is_scoped(org, login, username, expected):
    client = login(org.users[username])

    response = client.get(reverse("organization:agency_list"))

    assert [a.name for a in response.context["page"]] == expected


def test_agency_list_filters_by_kind_and_area(org, login):
    client = login(org.users["national"])

    police = client.get(reverse("organization:agency_list"), {"kind": "police", "area": "32.03"})
    ngo = client.get(reverse("organization:agency_list"), {"kind": "ngo"})
    bad = client.get(reverse("organization:agency_list"), {"area": "Ponorogo"})

    assert [a.name for a in police.context["page"]] == ["Polres Cianjur"]
    assert list(ngo.context["page"]) == []
    assert bad.context["form"].errors == {"area": ["Masukkan kode wilayah seperti 35.02 atau 35.02.01."]}


@pytest.mark.parametrize(
    ("username", "agency", "status"),
    [
        ("field_ponorogo", "polres_ponorogo", 200),
        ("field_ponorogo", "polres_cianjur", 404),
        ("partner_polres", "polres_ponorogo", 200),
        ("partner_polres", "polres_cianjur", 404),
        ("national", "polres_cianjur", 200),
    ],
)
def test_agency_detail_matrix(org, login, username, agency, status):
    client = login(org.users[username])

    response = client.get(reverse("organization:agency_detail", args=[org.agencies[agency].pk]))

    assert response.status_code == status


def test_agency_detail_names_the_offices_of_its_area(org, login):
    client = login(org.users["national"])

    response = client.get(reverse("organization:agency_detail", args=[org.agencies["polres_ponorogo"].pk]))

    assert [u.code for u in response.context["units"]] == ["kanim-ponorogo"]


def test_officer_list_shows_roles_and_pimpasa_with_decree(org, login):
    client = login(org.users["head_ponorogo"])

    response = client.get(reverse("organization:officer_list"))

    postings = list(response.context["page"])
    assert [p.user.username for p in postings] == [
        "field_ponorogo",
        "head_ponorogo",
        "intel_ponorogo",
        "passport_ponorogo",
    ]
    assert [(a.decree_number, a.village_count) for a in postings[0].user.visible_appointments] == [
        ("W15.IMI.IMI.7-GR.01.01-1234", 2)
    ]
    html = response.content.decode()
    assert "W15.IMI.IMI.7-GR.01.01-1234" in html
    assert "field_cianjur" not in html


def test_pimpasa_only_lists_officers_with_an_active_appointment_at_their_office(org, login):
    from pimpasa.organization.services import appointment_end

    national = login(org.users["national"])
    url = reverse("organization:officer_list")

    before = [p.user.username for p in national.get(url, {"pimpasa": "on"}).context["page"]]
    appointment_end(actor=None, appointment=org.appointments["field_cianjur"], reason="Mutasi")
    after = [p.user.username for p in national.get(url, {"pimpasa": "on"}).context["page"]]

    assert before == ["field_cianjur", "field_ponorogo"]
    assert after == ["field_ponorogo"]


@pytest.mark.parametrize(
    ("username", "officer", "status"),
    [
        ("field_ponorogo", "intel_ponorogo", 200),
        ("field_ponorogo", "field_cianjur", 404),
        ("regional_jabar", "field_ponorogo", 404),
        ("national", "field_cianjur", 200),
        ("national", "nobody", 404),
    ],
)
def test_officer_detail_matrix(org, login, username, officer, status):
    client = login(org.users[username])

    response = client.get(reverse("organization:officer_detail", args=[officer]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("username", "url_name", "max_queries"),
    [
        ("head_ponorogo", "organization:unit_list", 9),
        ("head_ponorogo", "organization:agency_list", 8),
        ("head_ponorogo", "organization:officer_list", 9),
        ("national", "organization:unit_list", 7),
        ("national", "organization:agency_list", 6),
        ("national", "organization:officer_list", 7),
    ],
)
def test_list_pages_keep_a_fixed_number_of_queries(
    org, login, django_assert_max_num_queries, username, url_name, max_queries
):
    grow_org(org)
    client = login(org.users[username])

    with django_assert_max_num_queries(max_queries):
        response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert response.context["page"].paginator.count > 1


@pytest.mark.parametrize(("username", "max_queries"), [("head_ponorogo", 14), ("national", 12)])
def test_unit_page_keeps_a_fixed_number_of_queries(
    org, login, django_assert_max_num_queries, username, max_queries
):
    grow_org(org)
    client = login(org.users[username])

    with django_assert_max_num_queries(max_queries):
        response = client.get(reverse("organization:unit_detail", args=["kanim-ponorogo"]))

    assert len(response.context["detail"].appointments) == 4
