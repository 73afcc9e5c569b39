"""The public status page: status and public reply only, the same 404 for every wrong code, rate limits."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pimpasa.reports.tracking import ALPHABET, new_tracking_code, normalize_tracking_code

URL = "public:status"
REPLY = "Terima kasih, petugas kami sedang menindaklanjuti."


@pytest.fixture
def report(regions):
    """A verified report naming a reporter, a recruiter and a village, with a public reply."""
    from pimpasa.reports.services.intake import report_submit
    from pimpasa.reports.services.workflow import report_set_public_reply, report_transition

    submitted = report_submit(
        actor=None,
        channel="public_web",
        category_code="illegal_recruitment",
        description="Pak Darto dari Desa Ngrayun menjanjikan kerja di Malaysia.",
        region_code="35.02.01.2001",
        reporter_mode="confidential",
        reporter_name="Siti Aminah",
        reporter_phone="081234567890",
        people=[{"role": "suspected_recruiter", "full_name": "Darto Wiyono", "phone": "085712345678"}],
        received_at=timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0)),
    )
    report_transition(actor=None, report=submitted, to="verified")
    report_set_public_reply(
        actor=None, report=submitted, text="Terima kasih, petugas kami sedang menindaklanjuti."
    )
    submitted.refresh_from_db()
    return submitted


def look_up(client, code, **extra):
    return client.post(reverse(URL), {"code": code}, **extra)


def strip_csrf(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", html)


def wrong_check_symbol(code: str) -> str:
    symbols = code.replace("-", "")
    last = ALPHABET[(ALPHABET.index(symbols[-1]) + 1) % len(ALPHABET)]
    return symbols[:-1] + last


def test_the_status_page_opens_without_login(regions, client):
    response = client.get(reverse(URL))

    assert response.status_code == 200
    assert 'id="status-form"' in response.content.decode()


def test_a_code_shows_category_status_dates_and_reply_and_nothing_else(report, client):
    response = look_up(client, report.tracking_code.lower().replace("-", " "))

    assert response.status_code == 200
    html = response.content.decode()
    result = re.search(r'<section class="card" id="status-result">(.*?)</section>', html, re.S).group(1)
    assert report.tracking_code in result
    assert report.category.name in result
    assert 'id="plain-status"' in result
    assert REPLY in result
    assert timezone.localtime(report.received_at).strftime("%Y") in result
    for secret in (
        "Siti",
        "Aminah",
        "Darto",
        "Wiyono",
        "0812",
        "6281234567890",
        "0857",
        "Ngrayun",
        "Malaysia",
        report.region.name,
        report.region_id,
    ):
        assert secret not in html


def test_the_last_change_is_the_latest_status_date(report):
    from pimpasa.reports.views.public import public_status

    status = public_status(report.tracking_code)

    assert status is not None
    assert status.status == "verified"
    assert status.received_on == dt.date(2026, 3, 2)
    assert status.changed_on == timezone.localtime(report.verified_at).date()
    assert status.public_reply == report.public_reply


def test_unknown_and_malformed_codes_get_the_same_404(report, client):
    unknown = new_tracking_code()
    while unknown == report.tracking_code:
        unknown = new_tracking_code()

    answers = [
        look_up(client, unknown),
        look_up(client, wrong_check_symbol(report.tracking_code)),
        look_up(client, "HALO-1234"),
        look_up(client, "x" * 30),
    ]

    assert [a.status_code for a in answers] == [404, 404, 404, 404]
    bodies = {strip_csrf(a.content.decode()) for a in answers}
    assert len(bodies) == 1
    body = bodies.pop()
    assert 'id="not-found"' in body
    assert 'id="status-result"' not in body
    assert unknown not in body and "HALO" not in body


def test_a_single_wrong_symbol_is_never_a_valid_code(report):
    assert normalize_tracking_code(wrong_check_symbol(report.tracking_code)) is None


def test_a_burst_of_guesses_from_one_address_is_refused(report, client):
    guesses = [look_up(client, new_tracking_code()).status_code for _ in range(21)]
    then_the_right_code = look_up(client, report.tracking_code)

    assert guesses == [404] * 20 + [429]
    assert then_the_right_code.status_code == 429
    html = then_the_right_code.content.decode()
    assert 'id="rate-limited"' in html
    assert 'id="status-result"' not in html and report.category.name not in html


def test_one_code_tried_from_many_addresses_is_refused_after_its_limit(report, client):
    answers = [
        look_up(client, report.tracking_code, REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(11)
    ]
    other = look_up(client, new_tracking_code(), REMOTE_ADDR="198.51.100.200")

    assert answers == [200] * 10 + [429]
    assert other.status_code == 404


def test_malformed_guesses_count_against_the_same_limits(report, client, settings):
    settings.PIMPASA_PUBLIC_RATE_LIMITS = {"status_code": (2, 3600)}

    answers = [look_up(client, "AAAA-BBBB", REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(3)]

    assert answers == [404, 404, 429]


def test_an_empty_code_is_a_form_error(regions, client):
    response = look_up(client, "")

    assert response.status_code == 422
    assert response.context["form"].errors["code"]


@pytest.mark.parametrize(
    ("status", "transitions"),
    [
        ("received", []),
        ("rejected", [("rejected", {"reason": "unfounded"})]),
        (
            "closed",
            [
                ("verified", {}),
                ("in_follow_up", {"assigned_to": "field_ponorogo"}),
                ("closed", {"outcome": "information_only"}),
            ],
        ),
    ],
)
def test_every_status_has_plain_words(org, status, transitions):
    from pimpasa.reports.services.intake import report_submit
    from pimpasa.reports.services.workflow import report_transition
    from pimpasa.reports.views.public import PLAIN_STATUS, public_status

    report = report_submit(
        actor=None,
        channel="public_web",
        category_code="question",
        description="Bagaimana cara kerja ke Taiwan secara resmi?",
        region_code="35.02.01.2001",
    )
    for to, data in transitions:
        report_transition(actor=None, report=report, to=to, **data)

    found = public_status(report.tracking_code)

    assert found is not None
    assert found.status == status
    assert found.plain_status == str(PLAIN_STATUS[status])


def test_the_rate_counters_keep_no_tracking_code(report, client):
    from pimpasa.core.models import RateCounter

    look_up(client, report.tracking_code)

    keys = list(RateCounter.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert not any(report.tracking_code in key or "127.0.0.1" in key for key in keys)


def test_the_status_page_is_never_cached(report, client):
    response = look_up(client, report.tracking_code)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
