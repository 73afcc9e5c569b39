"""Organisation API: scope decides what exists (404 outside), roles decide who may change PIMPASA villages."""

from __future__ import annotations

import pytest

from tests.organization.helpers import events_of, grow_org, village_codes

pytestmark = pytest.mark.django_db

PONOROGO_VILLAGES = ["35.02.01.2001", "35.02.01.2002"]
ALL_UNITS = ["dit-intel", "ditjen", "kanim-ponorogo", "kanim-cianjur", "kanwil-jabar", "kanwil-jatim"]


def _codes(body):
    return [item["code"] for item in body["items"]]


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("field_ponorogo", ["kanim-ponorogo"]),
        ("head_ponorogo", ["kanim-ponorogo"]),
        ("regional_jatim", ["kanim-ponorogo", "kanwil-jatim"]),
        ("regional_jabar", ["kanim-cianjur", "kanwil-jabar"]),
        ("national", ALL_UNITS),
        ("partner_polres", []),
    ],
)
def test_unit_list_holds_the_units_in_scope(org, login, username, expected):
    client = login(org.users[username])

    response = client.get("/api/v1/units")

    assert response.status_code == 200
    assert _codes(response.json()) == expected
    assert response.json()["count"] == len(expected)


def test_unit_list_shows_work_area_class_and_tpi(org, login):
    client = login(org.users["field_ponorogo"])

    item = client.get("/api/v1/units").json()["items"][0]

    assert item == {
        "code": "kanim-ponorogo",
        "name": "Kantor Imigrasi Kelas II Non TPI Ponorogo",
        "kind": "kanim",
        "kanim_class": "II",
        "has_tpi": False,
        "parent": "kanwil-jatim",
        "province": None,
        "work_area": [
            {"code": "35.01", "name": "Kabupaten Pacitan", "kind": "kabupaten"},
            {"code": "35.02", "name": "Kabupaten Ponorogo", "kind": "kabupaten"},
            {"code": "35.03", "name": "Kabupaten Trenggalek", "kind": "kabupaten"},
        ],
        "active": True,
    }


def test_unit_list_filters_by_kind_region_and_text(org, login):
    client = login(org.users["national"])

    assert _codes(client.get("/api/v1/units?kind=kanim").json()) == ["kanim-ponorogo", "kanim-cianjur"]
    assert _codes(client.get("/api/v1/units?region=35").json()) == ["kanim-ponorogo", "kanwil-jatim"]
    assert _codes(client.get("/api/v1/units?region=32.03.01").json()) == ["kanim-cianjur"]
    assert _codes(client.get("/api/v1/units?q=cianjur").json()) == ["kanim-cianjur"]
    assert client.get("/api/v1/units?kind=embassy").status_code == 422
    assert client.get("/api/v1/units?region=35x").status_code == 422


def test_anonymous_callers_get_401_everywhere(client, org):
    appointment = org.appointments["field_ponorogo"]
    urls = [
        "/api/v1/units",
        "/api/v1/units/kanim-ponorogo",
        "/api/v1/agencies",
        f"/api/v1/agencies/{org.agencies['polres_ponorogo'].pk}",
        "/api/v1/officers",
        "/api/v1/officers/field_ponorogo",
        f"/api/v1/appointments/{appointment.pk}",
    ]

    for url in urls:
        response = client.get(url)
        assert (url, response.status_code, response.json()["code"]) == (url, 401, "unauthenticated")
    response = client.put(
        f"/api/v1/appointments/{appointment.pk}/villages",
        {"villages": ["35.02.01.2003"], "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert village_codes(appointment) == PONOROGO_VILLAGES


@pytest.mark.parametrize(
    ("username", "path", "status"),
    [
        ("field_ponorogo", "/api/v1/units/kanim-ponorogo", 200),
        ("field_ponorogo", "/api/v1/units/kanim-cianjur", 404),
        ("field_ponorogo", "/api/v1/units/kanwil-jatim", 404),
        ("field_ponorogo", "/api/v1/units/no-such-unit", 404),
        ("field_ponorogo", "/api/v1/officers/intel_ponorogo", 200),
        ("field_ponorogo", "/api/v1/officers/field_cianjur", 404),
        ("field_ponorogo", "/api/v1/officers/nobody", 404),
        ("regional_jatim", "/api/v1/units/kanim-ponorogo", 200),
        ("regional_jatim", "/api/v1/units/kanim-cianjur", 404),
        ("regional_jatim", "/api/v1/officers/field_cianjur", 404),
        ("partner_polres", "/api/v1/units/kanim-ponorogo", 404),
        ("partner_polres", "/api/v1/officers/partner_polres", 200),
        ("partner_polres", "/api/v1/officers/field_ponorogo", 404),
        ("national", "/api/v1/units/kanim-cianjur", 200),
        ("national", "/api/v1/units/kanim-ponorogo", 200),
        ("national", "/api/v1/officers/field_cianjur", 200),
        ("national", "/api/v1/officers/field_ponorogo", 200),
    ],
)
def test_detail_endpoints_answer_404_outside_scope(org, login, username, path, status):
    client = login(org.users[username])

    response = client.get(path)

    assert response.status_code == status
    if status == 404:
        body = response.json()
        assert (body["code"], body["details"]) == ("not_found", None)


def test_unit_detail_lists_staff_pimpasa_and_agencies(org, login):
    client = login(org.users["intel_ponorogo"])

    body = client.get("/api/v1/units/kanim-ponorogo").json()

    assert [s["username"] for s in body["staff"]] == [
        "field_ponorogo",
        "head_ponorogo",
        "intel_ponorogo",
        "passport_ponorogo",
    ]
    assert body["staff"][0]["roles"] == ["field_officer"]
    assert [(a["officer"], a["village_count"]) for a in body["appointments"]] == [("field_ponorogo", 2)]
    assert [a["name"] for a in body["agencies"]] == ["Polres Ponorogo"]
    assert body["children"] == []


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

    body = client.get("/api/v1/agencies").json()

    assert [a["name"] for a in body["items"]] == expected


def test_agency_list_filters_and_detail(org, login):
    client = login(org.users["national"])
    ponorogo = org.agencies["polres_ponorogo"]

    assert [a["name"] for a in client.get("/api/v1/agencies?area=35").json()["items"]] == ["Polres Ponorogo"]
    assert client.get("/api/v1/agencies?kind=ngo").json()["items"] == []
    assert client.get(f"/api/v1/agencies/{ponorogo.pk}").json() == {
        "id": ponorogo.pk,
        "kind": "police",
        "name": "Polres Ponorogo",
        "area": {"code": "35.02", "name": "Kabupaten Ponorogo", "kind": "kabupaten"},
        "address": "",
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
        "active": True,
    }


def test_agency_detail_outside_scope_is_404(org, login):
    client = login(org.users["field_ponorogo"])

    assert client.get(f"/api/v1/agencies/{org.agencies['polres_cianjur'].pk}").status_code == 404
    assert client.get(f"/api/v1/agencies/{org.agencies['polres_ponorogo'].pk}").status_code == 200


def test_officer_list_shows_roles_and_appointments(org, login):
    client = login(org.users["regional_jatim"])

    body = client.get("/api/v1/officers").json()

    assert [(o["username"], o["unit"], o["roles"]) for o in body["items"]] == [
        ("field_ponorogo", "kanim-ponorogo", ["field_officer"]),
        ("head_ponorogo", "kanim-ponorogo", ["office_head"]),
        ("intel_ponorogo", "kanim-ponorogo", ["intelligence"]),
        ("passport_ponorogo", "kanim-ponorogo", ["passport_officer"]),
        ("regional_jatim", "kanwil-jatim", ["regional"]),
    ]
    appointment = org.appointments["field_ponorogo"]
    assert body["items"][0]["appointments"] == [
        {
            "id": appointment.pk,
            "officer": "field_ponorogo",
            "unit": "kanim-ponorogo",
            "decree_number": "W15.IMI.IMI.7-GR.01.01-1234",
            "decree_date": "2025-01-15",
            "status": "active",
            "village_count": 2,
        }
    ]


def test_officer_list_filters(org, login):
    client = login(org.users["national"])

    pimpasa = client.get("/api/v1/officers?pimpasa=true").json()["items"]
    heads = client.get("/api/v1/officers?role=office_head").json()["items"]
    cianjur = client.get("/api/v1/officers?unit=kanim-cianjur").json()["items"]

    assert [o["username"] for o in pimpasa] == ["field_cianjur", "field_ponorogo"]
    assert [o["username"] for o in heads] == ["head_ponorogo"]
    assert [o["username"] for o in cianjur] == ["field_cianjur"]


def test_officer_detail_has_posting_and_appointments_with_villages(org, login):
    client = login(org.users["head_ponorogo"])

    body = client.get("/api/v1/officers/field_ponorogo").json()

    assert body["unit"] == "kanim-ponorogo"
    assert body["roles"] == ["field_officer"]
    assert [a["decree_number"] for a in body["appointments"]] == ["W15.IMI.IMI.7-GR.01.01-1234"]
    assert [v["code"] for v in body["appointments"][0]["villages"]] == PONOROGO_VILLAGES


def test_appointment_detail_lists_villages_with_kecamatan(org, login):
    appointment = org.appointments["field_ponorogo"]
    client = login(org.users["field_ponorogo"])

    body = client.get(f"/api/v1/appointments/{appointment.pk}").json()

    assert body["officer"] == "field_ponorogo"
    assert body["unit"] == "kanim-ponorogo"
    assert body["villages"][0] == {
        "code": "35.02.01.2001",
        "name": "Tugurejo",
        "kind": "desa",
        "district": {"code": "35.02.01", "name": "Slahung", "kind": "kecamatan"},
        "regency": {"code": "35.02", "name": "Kabupaten Ponorogo", "kind": "kabupaten"},
    }
    assert [v["name"] for v in body["villages"]] == ["Tugurejo", "Senepo"]


def test_appointment_detail_outside_scope_is_404(org, login):
    client = login(org.users["field_ponorogo"])

    response = client.get(f"/api/v1/appointments/{org.appointments['field_cianjur'].pk}")

    assert response.status_code == 404
    assert client.get("/api/v1/appointments/999999").status_code == 404


def _put(client, appointment, villages, reason="Pemetaan ulang 2026"):
    return client.put(
        f"/api/v1/appointments/{appointment.pk}/villages",
        {"villages": villages, "reason": reason},
        content_type="application/json",
    )


@pytest.mark.parametrize("username", ["head_ponorogo", "intel_ponorogo", "national", "admin"])
def test_allowed_users_replace_the_villages(org, login, username):
    appointment = org.appointments["field_ponorogo"]
    client = login(org.users[username])

    response = _put(client, appointment, ["35.02.01.2003", "35.01.01.2001"])

    assert response.status_code == 200
    assert [v["code"] for v in response.json()["villages"]] == ["35.01.01.2001", "35.02.01.2003"]
    assert village_codes(appointment) == ["35.01.01.2001", "35.02.01.2003"]
    (event,) = events_of("appointment.villages_changed")
    assert event.actor_label == username
    assert event.reason == "Pemetaan ulang 2026"
    assert event.data == {
        "old": {"villages": ["35.02.01.2001 Tugurejo", "35.02.01.2002 Senepo"]},
        "new": {"villages": ["35.01.01.2001 Widoro", "35.02.01.2003 Slahung"]},
    }


@pytest.mark.parametrize(
    ("username", "status", "code"),
    [
        ("field_ponorogo", 403, "permission_denied"),
        ("passport_ponorogo", 403, "permission_denied"),
        ("regional_jatim", 403, "permission_denied"),
        ("field_cianjur", 404, "not_found"),
        ("regional_jabar", 404, "not_found"),
        ("partner_polres", 404, "not_found"),
    ],
)
def test_denied_village_changes_change_nothing(org, login, username, status, code):
    appointment = org.appointments["field_ponorogo"]
    client = login(org.users[username])

    response = _put(client, appointment, ["35.02.01.2003"])

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert village_codes(appointment) == PONOROGO_VILLAGES
    assert events_of("appointment.villages_changed") == []


def test_a_village_outside_the_work_area_is_refused_with_its_code(org, login):
    appointment = org.appointments["field_ponorogo"]
    client = login(org.users["head_ponorogo"])

    response = _put(client, appointment, ["35.02.01.2003", "32.03.01.2001"])

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "village_outside_work_area"
    assert body["details"] == {"villages": ["32.03.01.2001"], "work_area": ["35.01", "35.02", "35.03"]}
    assert "32.03.01.2001" in body["message"]
    assert village_codes(appointment) == PONOROGO_VILLAGES
    assert events_of("appointment.villages_changed") == []


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"villages": ["35.02.01.9999"], "reason": "x"}, "validation_failed"),
        ({"villages": ["35.02.01"], "reason": "x"}, "validation_failed"),
        ({"villages": ["35.02.01.2003"], "reason": ""}, "validation_failed"),
        ({"villages": ["35.02.01.2003"]}, "validation_failed"),
    ],
)
def test_bad_bodies_are_refused_and_change_nothing(org, login, payload, code):
    appointment = org.appointments["field_ponorogo"]
    client = login(org.users["head_ponorogo"])

    response = client.put(
        f"/api/v1/appointments/{appointment.pk}/villages", payload, content_type="application/json"
    )

    assert (response.status_code, response.json()["code"]) == (422, code)
    assert village_codes(appointment) == PONOROGO_VILLAGES


@pytest.mark.parametrize(
    ("username", "url", "max_queries"),
    [
        ("head_ponorogo", "/api/v1/units", 9),
        ("head_ponorogo", "/api/v1/agencies", 8),
        ("head_ponorogo", "/api/v1/officers", 9),
        ("national", "/api/v1/units", 7),
        ("national", "/api/v1/agencies", 6),
        ("national", "/api/v1/officers", 7),
    ],
)
def test_list_endpoints_keep_a_fixed_number_of_queries(
    org, login, django_assert_max_num_queries, username, url, max_queries
):
    grow_org(org)
    client = login(org.users[username])

    with django_assert_max_num_queries(max_queries):
        response = client.get(url)

    assert response.status_code == 200
    assert response.json()["count"] > 1


def _token(user):
    from pimpasa.accounts.services import token_create

    _token_row, raw = token_create(actor=None, user=user, name="integration")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_bearer_tokens_follow_the_same_scope_and_rules(client, org):
    appointment = org.appointments["field_ponorogo"]
    field = _token(org.users["field_ponorogo"])
    head = _token(org.users["head_ponorogo"])

    assert client.get("/api/v1/units/kanim-cianjur", **field).status_code == 404
    assert client.get("/api/v1/units/kanim-ponorogo", **field).status_code == 200
    denied = client.put(
        f"/api/v1/appointments/{appointment.pk}/villages",
        {"villages": ["35.02.01.2003"], "reason": "x"},
        content_type="application/json",
        **field,
    )
    assert denied.status_code == 403
    assert village_codes(appointment) == PONOROGO_VILLAGES
    allowed = client.put(
        f"/api/v1/appointments/{appointment.pk}/villages",
        {"villages": ["35.02.01.2003"], "reason": "Sinkron dari sistem loket"},
        content_type="application/json",
        **head,
    )
    assert allowed.status_code == 200
    assert village_codes(appointment) == ["35.02.01.2003"]


def test_openapi_documents_the_organisation_and_audit_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {
        "/api/v1/units",
        "/api/v1/units/{code}",
        "/api/v1/agencies",
        "/api/v1/agencies/{agency_id}",
        "/api/v1/officers",
        "/api/v1/officers/{username}",
        "/api/v1/appointments/{appointment_id}",
        "/api/v1/appointments/{appointment_id}/villages",
        "/api/v1/audit",
    } <= set(paths)
    assert set(paths["/api/v1/appointments/{appointment_id}/villages"]["put"]["responses"]) == {
        "200",
        "401",
        "403",
        "404",
        "422",
    }
