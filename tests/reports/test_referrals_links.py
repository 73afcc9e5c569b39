"""Signed links: an agency without accounts answers one referral; bad links get one neutral 404.

Every use of a link is logged, refused ones too.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest

from tests.reports.test_referrals_helpers import (
    add_agencies,
    event_types,
    events,
    make_report,
    refer,
    snapshot,
)

pytestmark = pytest.mark.django_db

CLIENT_IP = "127.0.0.1"


@pytest.fixture
def report(org):
    add_agencies(org)
    return make_report(org)


@pytest.fixture
def referral(org, report):
    return refer(
        org,
        report,
        agency="bp3mi",
        shared_fields=["description", "recruiters", "victims", "organizations", "attachments"],
        consent_recorded=True,
        consent_note="Persetujuan tertulis korban.",
    )


def _send(org, referral, to="pengaduan@bp3mi-jatim.example"):
    from pimpasa.reports.services.referrals import referral_link_send

    return referral_link_send(actor=org.users["intel_ponorogo"], referral=referral, to=to)


def _path(referral, *, issued_at=None, version=None):
    """Return the link page of the referral's current link (or of another version or issue time)."""
    from pimpasa.reports.signing import link_token, link_url

    token = link_token(referral_id=referral.pk, version=version or referral.link_version, issued_at=issued_at)
    return urlsplit(link_url(token)).path


def _invalid_page(response):
    assert response.status_code == 404
    assert response.templates[0].name == "reports/referrals/link_invalid.html"
    return response.content


@pytest.mark.django_db(transaction=True)
def test_an_off_platform_agency_accepts_through_its_emailed_link_and_reports_back(org, run_jobs, client):
    from django.core import mail
    from django.utils import translation

    add_agencies(org)
    report = make_report(org)
    referral = refer(
        org,
        report,
        agency="bp3mi",
        shared_fields=["description", "victims"],
        consent_recorded=True,
        consent_note="Persetujuan tertulis korban.",
        link_to="pengaduan@bp3mi-jatim.example",
    )
    assert referral.link_sent_to == "pengaduan@bp3mi-jatim.example"
    assert mail.outbox == []

    # when the worker runs the deferred job
    run_jobs(queues=["mail"])

    (message,) = mail.outbox
    assert message.to == ["pengaduan@bp3mi-jatim.example"]
    with translation.override("id"):
        subject = translation.gettext("Referral %(number)s from %(office)s") % {
            "number": referral.pk,
            "office": "Kantor Imigrasi Kelas II Non TPI Ponorogo",
        }
    assert message.subject == subject
    url = next(word for word in message.body.split() if word.startswith("http://127.0.0.1:8000/reports/r/"))
    assert "Dewi" not in message.body and "Calo" not in message.body
    path = urlsplit(url).path

    # the agency opens the link: no login
    page = client.get(path)
    assert page.status_code == 200
    assert "Dewi Lestari" in page.content.decode()
    accepted = client.post(path, {"action": "accept", "name": "Rina Wati / Kasi Perlindungan"})
    assert (accepted.status_code, accepted["Location"]) == (302, path)
    done = client.post(
        path,
        {
            "action": "done",
            "name": "Rina Wati / Kasi Perlindungan",
            "feedback": "Korban didampingi pulang.",
            "outcome": "Korban dipulangkan",
        },
    )

    assert done.status_code == 200
    assert done.templates[0].name == "reports/referrals/link.html"
    referral.refresh_from_db()
    assert (referral.status, referral.feedback, referral.outcome, referral.answered_by_label) == (
        "done",
        "Korban didampingi pulang.",
        "Korban dipulangkan",
        "link: Rina Wati / Kasi Perlindungan",
    )
    assert [(e.data["action"], e.data["ip"]) for e in events("referral.link_used")] == [
        ("view", CLIENT_IP),
        ("accept", CLIENT_IP),
        ("done", CLIENT_IP),
    ]
    accepted_event = events("referral.accepted")[0]
    assert (accepted_event.actor, accepted_event.actor_label) == (None, "link: Rina Wati / Kasi Perlindungan")
    # done: the link opens nothing any more
    assert client.get(path).status_code == 404


def test_the_link_page_shows_only_what_was_shared_and_never_the_reporter(org, report, client):
    referral = refer(org, report, agency="bp3mi", shared_fields=["recruiters"])
    _send(org, referral)
    referral.refresh_from_db()

    response = client.get(_path(referral))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Bambang Calo" in html and "3502********0003" in html
    assert "3502011505800003" not in html
    assert "Kabupaten Ponorogo" in html
    for hidden in (
        "Siti Pelapor",
        "+6281200000001",
        "Dewi Lestari",
        "Saksi Tetangga",
        "PT Maju Jaya",
        "Malaysia tanpa",
    ):
        assert hidden not in html
    assert "<script" not in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert (response["Referrer-Policy"], response["X-Robots-Tag"]) == ("no-referrer", "noindex, nofollow")


def test_the_link_page_lists_victims_shared_with_consent_but_no_files(org, referral, client):
    client.cookies["django_language"] = "en"
    _send(org, referral)
    referral.refresh_from_db()

    html = client.get(_path(referral)).content.decode()

    assert "Dewi Lestari" in html and "+6281400000003" in html and "3502********0001" in html
    assert "PT Maju Jaya" in html
    assert "foto-calo.jpg" not in html
    assert "1 file was shared; ask the office for it." in html


def test_expired_altered_and_revoked_links_get_the_same_neutral_404_and_are_logged(org, referral, client):
    from pimpasa.reports.services.referrals import referral_revoke
    from pimpasa.reports.signing import link_days

    _send(org, referral)
    referral.refresh_from_db()
    current = _path(referral)
    expired = _path(
        referral, issued_at=dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=link_days(), seconds=5)
    )
    signature = current.rstrip("/").rsplit(":", 1)[1]
    altered = current.replace(signature, ("A" if signature[0] != "A" else "B") + signature[1:])

    expired_page = _invalid_page(client.get(expired))
    altered_page = _invalid_page(client.get(altered))
    referral_revoke(actor=org.users["intel_ponorogo"], referral=referral, reason="Salah alamat.")
    revoked_page = _invalid_page(client.get(current))

    assert expired_page == altered_page == revoked_page
    assert [(e.data["why"], e.data["action"], e.data["ip"]) for e in events("referral.link_refused")] == [
        ("expired", "view", CLIENT_IP),
        ("bad_signature", "view", CLIENT_IP),
        ("superseded", "view", CLIENT_IP),
    ]
    assert {e.target_id for e in events("referral.link_refused")} == {str(referral.pk)}
    assert events("referral.link_used") == []


def test_a_link_just_inside_its_lifetime_still_opens(org, referral, client):
    from pimpasa.reports.signing import link_days

    _send(org, referral)
    referral.refresh_from_db()

    path = _path(
        referral,
        issued_at=dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=link_days()) + dt.timedelta(minutes=5),
    )

    assert client.get(path).status_code == 200


def test_an_expired_link_cannot_act_and_changes_nothing(org, referral, client):
    from pimpasa.reports.signing import link_days

    _send(org, referral)
    referral.refresh_from_db()
    before = snapshot(referral)
    expired = _path(referral, issued_at=dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=link_days() + 1))

    response = client.post(expired, {"action": "accept", "name": "Rina"})

    _invalid_page(response)
    assert snapshot(referral) == before
    assert [e.data["action"] for e in events("referral.link_refused")] == ["accept"]


def test_a_new_link_supersedes_the_earlier_one(org, referral, client):
    _send(org, referral)
    referral.refresh_from_db()
    first = _path(referral)

    _send(org, referral, to="0812-3456-7890")
    referral.refresh_from_db()

    _invalid_page(client.get(first))
    assert client.get(_path(referral)).status_code == 200
    assert [e.data["why"] for e in events("referral.link_refused")] == ["superseded"]


def test_a_garbage_token_is_refused_without_a_trail(org, referral, client):
    _invalid_page(client.get("/reports/r/not-a-token/"))
    _invalid_page(client.get("/reports/r/eyJyIjo5OTk5OTksInYiOjF9:1abc:xyz/"))

    assert events("referral.link_refused") == []


def test_a_link_of_another_purpose_signed_with_the_same_key_is_refused(org, referral, client):
    from django.core import signing

    _send(org, referral)
    referral.refresh_from_db()
    forged = signing.dumps({"r": referral.pk, "v": referral.link_version})

    _invalid_page(client.get(f"/reports/r/{forged}/"))

    assert [e.data["why"] for e in events("referral.link_refused")] == ["bad_signature"]


def test_rejecting_through_a_link_needs_a_reason_and_a_name(org, referral, client):
    _send(org, referral)
    referral.refresh_from_db()
    path = _path(referral)
    before = snapshot(referral)

    no_reason = client.post(path, {"action": "reject", "name": "Rina"})
    no_name = client.post(path, {"action": "reject", "reason": "Bukan kewenangan kami."})

    assert (no_reason.status_code, no_name.status_code) == (422, 422)
    assert snapshot(referral) == before
    client.post(path, {"action": "reject", "name": "Rina", "reason": "Bukan kewenangan kami."})
    referral.refresh_from_db()
    assert (referral.status, referral.reject_reason, referral.answered_by_label) == (
        "rejected",
        "Bukan kewenangan kami.",
        "link: Rina",
    )
    assert [e.data["action"] for e in events("referral.link_used")] == ["reject", "reject", "reject"]


def test_a_link_cannot_jump_to_done_before_accepting(org, referral, client):
    _send(org, referral)
    referral.refresh_from_db()
    before = snapshot(referral)

    response = client.post(_path(referral), {"action": "done", "name": "Rina", "feedback": "Selesai."})

    assert response.status_code == 422
    assert snapshot(referral) == before


def test_the_link_page_is_rate_limited_per_address(org, referral, client, monkeypatch):
    from pimpasa.reports.views import referrals as views

    monkeypatch.setattr(views, "LINK_USES_PER_HOUR", 2)
    _send(org, referral)
    referral.refresh_from_db()
    path = _path(referral)

    statuses = [client.get(path).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert len(events("referral.link_used")) == 2


def test_a_link_by_whatsapp_goes_through_the_outbound_queue_and_is_not_on_the_trail(org, report, referral):
    from pimpasa.reports.models import OutboundMessage
    from pimpasa.reports.signing import link_lifetime

    _send(org, referral, to="0812-3456-7890")

    referral.refresh_from_db()
    (message,) = OutboundMessage.objects.all()
    assert (message.channel, message.recipient, message.report) == ("whatsapp", "+6281234567890", None)
    assert _path(referral, issued_at=referral.link_expires_at - link_lifetime()) in message.text
    (sent,) = events("referral.link_sent")
    assert sent.data == {
        "report": report.tracking_code,
        "channel": "whatsapp",
        "to": "+6281234567890",
        "version": 2,
        "expires_at": referral.link_expires_at.isoformat(),
        "message": message.pk,
    }
    assert "/reports/r/" not in str(sent.data)


def test_sending_a_link_checks_the_address_and_the_sender(org, referral):
    from pimpasa.core.errors import PermissionDenied, ValidationFailed
    from pimpasa.reports.services.referrals import referral_link_send

    before = snapshot(referral)

    with pytest.raises(ValidationFailed):
        referral_link_send(actor=org.users["intel_ponorogo"], referral=referral, to="bukan email@")
    with pytest.raises(ValidationFailed):
        referral_link_send(actor=org.users["intel_ponorogo"], referral=referral, to="12")
    with pytest.raises(PermissionDenied):
        referral_link_send(actor=org.users["field_ponorogo"], referral=referral, to="a@b.example")

    assert snapshot(referral) == before
    assert event_types() == ["referral.sent"]


def test_no_link_is_sent_for_a_closed_referral(org, referral):
    from pimpasa.core.errors import ValidationFailed
    from pimpasa.reports.services.referrals import referral_link_send, referral_revoke

    referral_revoke(actor=org.users["intel_ponorogo"], referral=referral, reason="Salah alamat.")

    with pytest.raises(ValidationFailed) as exc:
        referral_link_send(actor=org.users["intel_ponorogo"], referral=referral, to="a@b.example")

    assert exc.value.code == "referral_closed"


def test_behind_a_trusted_proxy_the_agencys_address_is_logged_and_limited(
    org, referral, client, settings, monkeypatch
):
    from pimpasa.reports.views import referrals as views

    settings.PIMPASA_TRUST_X_FORWARDED_FOR = True
    monkeypatch.setattr(views, "LINK_USES_PER_HOUR", 1)
    _send(org, referral)
    referral.refresh_from_db()
    path = _path(referral)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    first = client.get(path, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    other_agency_office = client.get(path, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    again = client.get(path, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)

    assert (first.status_code, other_agency_office.status_code, again.status_code) == (200, 200, 429)
    assert [e.data["ip"] for e in events("referral.link_used")] == ["203.0.113.9", "198.51.100.7"]


def test_a_revoked_link_cannot_post_an_answer_nor_finish_one_opened_before(org, referral, client):
    from pimpasa.core.errors import NotFound
    from pimpasa.reports.services.referrals import (
        referral_link_answer,
        referral_link_open,
        referral_revoke,
    )
    from pimpasa.reports.signing import link_token

    _send(org, referral)
    referral.refresh_from_db()
    path = _path(referral)
    token = link_token(referral_id=referral.pk, version=referral.link_version)
    session = referral_link_open(token=token, client_ip=CLIENT_IP, action="accept", name="Rina")
    referral_revoke(actor=org.users["intel_ponorogo"], referral=referral, reason="Salah alamat.")
    before = snapshot(referral)

    replayed = client.post(path, {"action": "accept", "name": "Rina"})
    with pytest.raises(NotFound):
        referral_link_answer(session=session, action="accept", name="Rina")

    _invalid_page(replayed)
    assert snapshot(referral) == before
    assert before["status"] == "revoked"
