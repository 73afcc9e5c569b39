"""The audit page: administrator and national read everything, regional its province, others get 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pimpasa.core.models import TimelineEvent

pytestmark = pytest.mark.django_db

URL = "/audit/"


def _regions(response):
    return {row.event.region_code for row in response.context["rows"]}


def test_the_url_is_core_audit():
    assert reverse("core:audit") == URL


def test_anonymous_visitors_are_sent_to_sign_in(client, org):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={URL}"


@pytest.mark.parametrize(
    "username", ["field_ponorogo", "intel_ponorogo", "head_ponorogo", "passport_ponorogo", "partner_polres"]
)
def test_users_without_an_audit_role_get_404(org, login, username):
    client = login(org.users[username])

    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("username", ["national", "admin"])
def test_national_and_administrator_read_every_event(org, login, username):
    client = login(org.users[username])

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["page"].paginator.count == TimelineEvent.objects.count()
    assert _regions(response) == {"", "32", "32.03", "35", "35.02"}


def test_regional_reads_its_province_only(org, login):
    client = login(org.users["regional_jatim"])

    response = client.get(URL)

    assert response.status_code == 200
    assert _regions(response) == {"35", "35.02"}
    assert (
        response.context["page"].paginator.count
        == TimelineEvent.objects.filter(region_code__startswith="35").count()
    )
    assert "Polres Cianjur" not in response.content.decode()


def test_regional_cannot_widen_its_view_with_a_filter(org, login):
    client = login(org.users["regional_jatim"])

    response = client.get(URL, {"region": "32"})

    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"event_type": "appointment"}, [("appointment.created", "32.03"), ("appointment.created", "35")]),
        ({"event_type": "appointment.created", "region": "35"}, [("appointment.created", "35")]),
        ({"event_type": "agency.created", "q": "cianjur"}, [("agency.created", "32.03")]),
        ({"target_type": "organization.partneragency", "region": "35.02"}, [("agency.created", "35.02")]),
        ({"event_type": "unit", "region": "32"}, [("unit.created", "32"), ("unit.created", "32.03")]),
    ],
)
def test_filters_narrow_the_trail(org, login, params, expected):
    client = login(org.users["national"])

    response = client.get(URL, params)

    assert sorted((r.event.event_type, r.event.region_code) for r in response.context["rows"]) == expected


def test_actor_and_date_filters(org, login):
    event = TimelineEvent.objects.filter(event_type="agency.created", region_code="35.02").get()
    TimelineEvent.objects.filter(pk=event.pk).update(
        created_at=timezone.make_aware(dt.datetime(2025, 6, 1, 23, 30)), actor_label="head_ponorogo"
    )
    client = login(org.users["national"])

    by_actor = client.get(URL, {"actor": "HEAD_ponorogo"})
    on_the_day = client.get(URL, {"date_from": "2025-06-01", "date_to": "2025-06-01"})
    after = client.get(URL, {"date_from": "2025-06-02", "date_to": "2025-06-30"})
    reversed_range = client.get(URL, {"date_from": "2025-06-02", "date_to": "2025-06-01"})

    assert [r.event.pk for r in by_actor.context["rows"]] == [event.pk]
    assert [r.event.pk for r in on_the_day.context["rows"]] == [event.pk]
    assert after.context["rows"] == []
    assert list(reversed_range.context["form"].errors) == ["date_to"]


def test_pages_hold_fifty_events(org, login):
    TimelineEvent.objects.bulk_create(
        [
            TimelineEvent(event_type="test.bulk", target_type="t", target_id=str(i), region_code="35.02")
            for i in range(60)
        ]
    )
    client = login(org.users["national"])

    first = client.get(URL, {"event_type": "test.bulk"})
    second = client.get(URL, {"event_type": "test.bulk", "page": 2})

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 10
    assert "event_type=test.bulk&amp;page=2" in first.content.decode()


def test_audit_page_keeps_a_fixed_number_of_queries(org, login, django_assert_max_num_queries):
    TimelineEvent.objects.bulk_create(
        [TimelineEvent(event_type="test.bulk", target_type="t", target_id=str(i)) for i in range(60)]
    )
    client = login(org.users["regional_jatim"])

    with django_assert_max_num_queries(6):
        response = client.get(URL)

    assert response.status_code == 200


def test_navigation_links_the_audit_page_for_audit_roles_only(org, login):
    national = login(org.users["national"]).get("/organization/units/").content.decode()
    field = login(org.users["field_ponorogo"]).get("/organization/units/").content.decode()

    assert f'href="{URL}"' in national
    assert f'href="{URL}"' not in field
