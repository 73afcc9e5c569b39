"""``pimpasa demo load``: idempotent, consistent with its credentials file, scoped like the real thing."""

from __future__ import annotations

import base64
import stat

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_regions(db):
    from pimpasa.demo.data import PROVINCES
    from pimpasa.regions.services import region_import

    region_import(prefixes=PROVINCES)


@pytest.fixture
def credentials(tmp_path):
    return tmp_path / "var" / "demo-credentials.txt"


def _load(path):
    from pimpasa.demo.services import demo_load

    return demo_load(credentials_path=path)


def _counts():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pimpasa.accounts.models import User
    from pimpasa.core.models import TimelineEvent
    from pimpasa.organization.models import (
        AppointmentVillage,
        PartnerAgency,
        PimpasaAppointment,
        StaffPosting,
        Unit,
        WorkAreaRegion,
    )

    return {
        "units": Unit.objects.count(),
        "work_area": WorkAreaRegion.objects.count(),
        "agencies": PartnerAgency.objects.count(),
        "users": User.objects.count(),
        "postings": StaffPosting.objects.count(),
        "appointments": PimpasaAppointment.objects.count(),
        "villages": AppointmentVillage.objects.count(),
        "devices": TOTPDevice.objects.count(),
        "events": TimelineEvent.objects.filter(target_type__startswith="organization.").count(),
    }


def _can_log_in(client, username, password):
    request = RequestFactory().post("/accounts/login/")
    return client.login(request=request, username=username, password=password)


def test_loading_twice_creates_everything_once(demo_regions, credentials):
    first = _load(credentials)
    counts = _counts()
    text = credentials.read_text()

    second = _load(credentials)

    organisation = ("units", "agencies", "users", "appointments")
    assert {k: first.created[k] for k in organisation} == {
        "units": 15,
        "agencies": 47,
        "users": 40,
        "appointments": 7,
    }
    # The case data: every loader added rows the first time (exact figures are pinned in each app's tests).
    assert all(first.created[k] > 0 for k in first.created if k not in organisation), first.created
    assert set(second.created.values()) == {0}
    assert second.passwords_reset == []
    assert _counts() == counts
    assert counts == {
        "units": 15,
        "work_area": 17,
        "agencies": 47,
        # 40 people and one message-gateway account per immigration office (7).
        "users": 47,
        "postings": 47,
        "appointments": 7,
        "villages": 22,
        "devices": 13,
        "events": 15 + 47 + 47 + 7,
    }
    assert credentials.read_text() == text


def test_every_role_has_a_demo_user_and_privileged_users_have_totp(demo_regions, credentials):
    from pimpasa.accounts.models import User
    from pimpasa.core.roles import Role

    _load(credentials)

    users = list(User.objects.all())
    assert set().union(*(u.roles for u in users)) == set(Role.values)
    with_totp = sorted(u.username for u in users if u.totpdevice_set.filter(confirmed=True).exists())
    privileged = sorted(u.username for u in users if u.needs_second_factor)
    # One regional user is left to enrol at first sign-in, so the enrolment page can be tried.
    assert with_totp == [u for u in privileged if u != "regional_ntt"]
    assert len(with_totp) == 13


def test_the_regional_user_without_an_authenticator_is_sent_to_enrolment(demo_regions, credentials, client):
    from pimpasa.demo.credentials import credentials_read

    _load(credentials)
    password = credentials_read(credentials)["regional_ntt"].password

    signed_in = client.post("/accounts/login/", {"username": "regional_ntt", "password": password})
    home = client.get("/")

    assert signed_in.status_code == 302
    assert home.status_code == 302
    assert home["Location"].startswith("/accounts/otp/enrol/")


def test_credentials_file_is_private_and_opens_the_accounts(demo_regions, credentials, client):
    from pimpasa.demo.credentials import credentials_read

    _load(credentials)
    creds = credentials_read(credentials)

    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    assert len(creds) == 40
    assert _can_log_in(client, "field_ponorogo", creds["field_ponorogo"].password)
    assert _can_log_in(client, "partner_bp3mi_jatim", creds["partner_bp3mi_jatim"].password)
    assert not _can_log_in(client, "field_ponorogo", creds["field_cianjur"].password)


def test_totp_secret_in_the_file_matches_the_device_and_otp_prints_a_valid_code(
    demo_regions, credentials, capsys
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pimpasa.demo.credentials import credentials_read

    _load(credentials)
    cred = credentials_read(credentials)["head_ponorogo"]
    device = TOTPDevice.objects.get(user__username="head_ponorogo", confirmed=True)

    call_command("demo", "otp", "head_ponorogo")
    code = capsys.readouterr().out.strip()

    assert base64.b32encode(device.bin_key).decode() == cred.totp_secret
    assert cred.totp_uri.startswith("otpauth://totp/PIMPASA%3Ahead_ponorogo?secret=" + cred.totp_secret)
    assert len(code) == 6
    assert device.verify_token(code)


def test_otp_is_refused_in_production(demo_regions, credentials, settings):
    _load(credentials)
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="PIMPASA_PRODUCTION"):
        call_command("demo", "otp", "head_ponorogo")


def test_lost_file_resets_passwords_keeps_totp_and_the_new_file_works(demo_regions, credentials, client):
    from pimpasa.demo.credentials import credentials_read

    _load(credentials)
    old = credentials_read(credentials)
    credentials.unlink()

    result = _load(credentials)
    new = credentials_read(credentials)

    assert len(result.passwords_reset) == 40
    assert set(new) == set(old)
    # the TOTP key is stored readable, so an enrolled authenticator keeps working
    assert new["head_ponorogo"].totp_secret == old["head_ponorogo"].totp_secret
    assert _can_log_in(client, "intel_cianjur", new["intel_cianjur"].password)
    assert not _can_log_in(client, "intel_cianjur", old["intel_cianjur"].password)


def test_a_kept_file_gives_its_passwords_to_a_fresh_database(demo_regions, credentials, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pimpasa.demo.credentials import Credential, credentials_read, credentials_write

    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    credentials_write(
        credentials,
        [
            Credential("field_ponorogo", "Kept-Demo#2026pass"),
            Credential("head_ponorogo", "Kept-Head#2026pass", totp_secret=secret),
        ],
    )

    result = _load(credentials)

    assert result.passwords_reset == []
    assert _can_log_in(client, "field_ponorogo", "Kept-Demo#2026pass")
    assert TOTPDevice.objects.get(user__username="head_ponorogo").key == base64.b32decode(secret).hex()
    assert credentials_read(credentials)["head_ponorogo"].totp_secret == secret


def test_demo_field_officer_of_ponorogo_reads_its_three_kabupaten(demo_regions, credentials):
    from pimpasa.accounts.models import User

    _load(credentials)
    officer = User.objects.get(username="field_ponorogo")

    scope = officer.get_scope()
    assert scope.region_codes == ("35.01", "35.02", "35.03")
    assert scope.write_village_codes == ("35.01.10.2001", "35.02.15.2001", "35.02.15.2002", "35.03.01.2001")


def test_load_without_the_regions_names_what_is_missing_and_writes_nothing(credentials):
    from pimpasa.organization.models import Unit

    # given only the test provinces (Jawa Barat, Jawa Timur) in the registry
    with pytest.raises(CommandError, match=r": 36, 36\.71, "):
        call_command("demo", "load", "--credentials", str(credentials))

    assert Unit.objects.count() == 0
    assert not credentials.exists()


def test_load_is_refused_in_production(demo_regions, credentials, settings):
    from pimpasa.demo.services import DemoDataError
    from pimpasa.organization.models import Unit

    settings.PRODUCTION = True

    with pytest.raises(DemoDataError):
        _load(credentials)
    assert Unit.objects.count() == 0
