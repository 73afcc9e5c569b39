"""The PIMPASA appointment page: villages with their kecamatan, and the form that changes them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.organization.helpers import events_of, village_codes

pytestmark = pytest.mark.django_db

PONOROGO_VILLAGES = ["35.02.01.2001", "35.02.01.2002"]


def _url(appointment):
    return reverse("organization:appointment_detail", args=[appointment.pk])


@pytest.mark.parametrize(
    ("username", "status", "has_form"),
    [
        ("field_ponorogo", 200, False),
        ("passport_ponorogo", 200, False),
        ("regional_jatim", 200, False),
        ("intel_ponorogo", 200, True),
        ("head_ponorogo", 200, True),
        ("national", 200, True),
        ("field_cianjur", 404, False),
        ("regional_jabar", 404, False),
        ("partner_polres", 404, False),
    ],
)
def test_appointment_page_matrix(org, login, username, status, has_form):
    client = login(org.users[username])

    response = client.get(_url(org.appointments["field_ponorogo"]))

    assert response.status_code == status
    assert ('id="villages-form"' in response.content.decode()) is has_form


def test_appointment_page_lists_villages_with_kecamatan(org, login):
    client = login(org.users["field_ponorogo"])

    response = client.get(_url(org.appointments["field_ponorogo"]))

    rows = response.context["rows"]
    assert [(r.village.name, r.district.name, r.regency.name) for r in rows] == [
        ("Tugurejo", "Slahung", "Kabupaten Ponorogo"),
        ("Senepo", "Slahung", "Kabupaten Ponorogo"),
    ]
    html = response.content.decode()
    assert "W15.IMI.IMI.7-GR.01.01-1234" in html
    assert "Slahung" in html


def test_missing_appointment_is_404(org, login):
    client = login(org.users["national"])

    assert client.get(reverse("organization:appointment_detail", args=[999999])).status_code == 404


def test_form_offers_the_kecamatan_of_the_work_area_only(org, login):
    client = login(org.users["head_ponorogo"])

    response = client.get(_url(org.appointments["field_ponorogo"]))

    districts = response.context["districts"]
    assert {d.parent_id for d in districts} == {"35.01", "35.02", "35.03"}
    assert "35.02.01" in [d.code for d in districts]
    assert [v.code for v, checked in response.context["choices"]] == PONOROGO_VILLAGES


def test_village_options_list_a_kecamatan_without_the_assigned_villages(org, login):
    appointment = org.appointments["field_ponorogo"]
    client = login(org.users["intel_ponorogo"])

    response = client.get(
        reverse("organization:appointment_village_options", args=[appointment.pk]),
        {"kecamatan": "35.02.01"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.count('name="villages"') == 20
    assert 'value="35.02.01.2003"' in html
    assert not [code for code in PONOROGO_VILLAGES if f'value="{code}"' in html]


def test_village_options_outside_the_work_area_are_empty(org, login):
    appointment = org.appointments["field_ponorogo"]
    client = login(org.users["intel_ponorogo"])

    response = client.get(
        reverse("organization:appointment_village_options", args=[appointment.pk]), {"kecamatan": "32.03.01"}
    )

    assert response.status_code == 200
    assert 'name="villages"' not in response.content.decode()


def test_the_kecamatan_chooser_works_without_javascript(org, login):
    client = login(org.users["head_ponorogo"])

    response = client.get(_url(org.appointments["field_ponorogo"]), {"kecamatan": "35.02.01"})

    assert len(response.context["options"]) == 20
    assert 'value="35.02.01.2003"' in response.content.decode()


@pytest.mark.parametrize(("username", "status"), [("field_ponorogo", 403), ("field_cianjur", 404)])
def test_village_options_matrix(org, login, username, status):
    client = login(org.users[username])

    response = client.get(
        reverse("organization:appointment_village_options", args=[org.appointments["field_ponorogo"].pk]),
        {"kecamatan": "35.02.01"},
    )

    assert response.status_code == status


@pytest.mark.parametrize("username", ["head_ponorogo", "intel_ponorogo"])
def test_office_staff_change_the_villages(org, login, username):
    appointment = org.appointments["field_ponorogo"]
    client = login(org.users[username])

    response = client.post(
        _url(appointment),
        {"villages": ["35.02.01.2001", "35.02.01.2003"], "codes": "35.03.01.2001", "reason": "Rakor Maret"},
    )

    assert response.status_code == 302
    assert response["Location"] == _url(appointment)
    assert village_codes(appointment) == ["35.02.01.2001", "35.02.01.2003", "35.03.01.2001"]
    (event,) = events_of("appointment.villages_changed")
    assert event.actor_label == username
    assert event.reason == "Rakor Maret"
    assert event.data["new"] == {
        "villages": ["35.02.01.2001 Tugurejo", "35.02.01.2003 Slahung", "35.03.01.2001 Besuki"]
    }


def test_a_village_outside_the_work_area_shows_the_error_and_changes_nothing(org, login):
    appointment = org.appointments["field_ponorogo"]
    client = login(org.users["head_ponorogo"])

    response = client.post(
        _url(appointment),
        {"villages": PONOROGO_VILLAGES, "codes": "32.03.01.2001", "reason": "Salah ketik"},
    )

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "Desa berikut berada di luar wilayah kerja Kantor Imigrasi Kelas II Non TPI Ponorogo: 32.03.01.2001"
    ]
    assert "Desa berikut berada di luar wilayah kerja" in response.content.decode()
    # What was ticked stays ticked, the outside village included, so the officer can fix it.
    assert [v.code for v, checked in response.context["choices"] if checked] == PONOROGO_VILLAGES
    assert village_codes(appointment) == PONOROGO_VILLAGES
    assert events_of("appointment.villages_changed") == []


def test_the_error_is_in_english_for_english_readers(org, login):
    appointment = org.appointments["field_ponorogo"]
    client = login(org.users["head_ponorogo"])
    client.cookies["django_language"] = "en"

    response = client.post(
        _url(appointment),
        {"villages": PONOROGO_VILLAGES, "codes": "32.03.01.2001", "reason": "Typo"},
    )

    assert response.context["form"].non_field_errors() == [
        "These villages lie outside the work area of Kantor Imigrasi Kelas II Non TPI Ponorogo: 32.03.01.2001"
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"villages": ["35.02.01.2003"], "reason": ""}, "reason"),
        ({"villages": ["35.02.01"], "reason": "x"}, "villages"),
        ({"villages": PONOROGO_VILLAGES, "codes": "Slahung", "reason": "x"}, "codes"),
    ],
)
def test_invalid_forms_change_nothing(org, login, data, field):
    appointment = org.appointments["field_ponorogo"]
    client = login(org.users["head_ponorogo"])

    response = client.post(_url(appointment), data)

    assert response.status_code == 422
    assert list(response.context["form"].errors) == [field]
    assert village_codes(appointment) == PONOROGO_VILLAGES


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("field_ponorogo", 403),
        ("passport_ponorogo", 403),
        ("regional_jatim", 403),
        ("field_cianjur", 404),
        ("regional_jabar", 404),
        ("partner_polres", 404),
    ],
)
def test_denied_posts_change_nothing(org, login, username, status):
    appointment = org.appointments["field_ponorogo"]
    client = login(org.users[username])

    response = client.post(_url(appointment), {"villages": ["35.02.01.2003"], "reason": "x"})

    assert response.status_code == status
    assert village_codes(appointment) == PONOROGO_VILLAGES
    assert events_of("appointment.villages_changed") == []


def test_anonymous_post_is_sent_to_sign_in_and_changes_nothing(client, org):
    appointment = org.appointments["field_ponorogo"]

    response = client.post(_url(appointment), {"villages": ["35.02.01.2003"], "reason": "x"})

    assert response.status_code == 302
    assert village_codes(appointment) == PONOROGO_VILLAGES


def test_office_head_appoints_a_pimpasa(org, login):
    client = login(org.users["head_ponorogo"])
    officer = org.users["intel_ponorogo"]

    response = client.post(
        reverse("organization:appointment_create", args=["kanim-ponorogo"]),
        {
            "officer": officer.pk,
            "decree_number": "W15.IMI.IMI.7-GR.01.01-2000",
            "decree_date": "2026-03-02",
            "codes": "35.03.01.2001\n35.03.01.2002",
        },
    )

    appointment = officer.pimpasa_appointments.get()
    assert response.status_code == 302
    assert response["Location"] == _url(appointment)
    assert (appointment.unit.code, appointment.decree_date) == ("kanim-ponorogo", dt.date(2026, 3, 2))
    assert village_codes(appointment) == ["35.03.01.2001", "35.03.01.2002"]
    assert events_of("appointment.created")[-1].actor_label == "head_ponorogo"


def test_appointing_an_officer_twice_is_refused(org, login):
    client = login(org.users["head_ponorogo"])
    officer = org.users["field_ponorogo"]

    response = client.post(
        reverse("organization:appointment_create", args=["kanim-ponorogo"]),
        {"officer": officer.pk, "decree_number": "SK-2", "decree_date": "2026-03-02", "codes": ""},
    )

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "Field Ponorogo sudah memegang penunjukan PIMPASA yang aktif di kantor ini."
    ]
    assert officer.pimpasa_appointments.count() == 1


def test_officers_of_another_office_cannot_be_chosen(org, login):
    client = login(org.users["national"])

    response = client.post(
        reverse("organization:appointment_create", args=["kanim-ponorogo"]),
        {"officer": org.users["field_cianjur"].pk, "decree_number": "SK-3", "decree_date": "2026-03-02"},
    )

    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["officer"]
    assert org.users["field_cianjur"].pimpasa_appointments.count() == 1


@pytest.mark.parametrize(
    ("username", "code", "status"),
    [
        ("head_ponorogo", "kanim-ponorogo", 200),
        ("national", "kanim-cianjur", 200),
        ("field_ponorogo", "kanim-ponorogo", 403),
        ("regional_jatim", "kanim-ponorogo", 403),
        ("head_ponorogo", "kanim-cianjur", 404),
    ],
)
def test_appointment_create_page_matrix(org, login, username, code, status):
    client = login(org.users[username])

    response = client.get(reverse("organization:appointment_create", args=[code]))

    assert response.status_code == status


def test_denied_appointment_create_changes_nothing(org, login):
    client = login(org.users["field_ponorogo"])

    response = client.post(
        reverse("organization:appointment_create", args=["kanim-ponorogo"]),
        {"officer": org.users["intel_ponorogo"].pk, "decree_number": "SK-4", "decree_date": "2026-03-02"},
    )

    assert response.status_code == 403
    assert org.users["intel_ponorogo"].pimpasa_appointments.count() == 0
