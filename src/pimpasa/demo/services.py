"""Load the demo organisation through the organisation services, and help testers past TOTP.

Idempotent: what exists is left alone, what is missing is created. Passwords are
generated per install and kept in the credentials file; the file and the
database stay consistent (see ``demo_load``).
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from pimpasa.accounts.models import User
from pimpasa.core.errors import DomainError
from pimpasa.core.roles import SECOND_FACTOR_ROLES, Role
from pimpasa.organization import services as org
from pimpasa.organization.models import PartnerAgency, PimpasaAppointment, StaffPosting, Unit
from pimpasa.organization.permissions import SYSTEM
from pimpasa.regions.models import Region

from . import data
from .credentials import Credential, credentials_read, credentials_write, password_generate

#: Name of the TOTP device the demo gives each privileged user.
DEVICE_NAME = "demo"


class DemoDataError(DomainError):
    """The demo cannot be loaded here (regions missing, production, unknown user)."""

    status = 409
    code = "demo_unavailable"


@dataclass
class DemoLoadResult:
    """What a load created; ``passwords_reset`` lists users whose password was regenerated."""

    created: dict[str, int] = field(default_factory=dict)
    passwords_reset: list[str] = field(default_factory=list)
    credentials_path: Path | None = None

    @property
    def created_anything(self) -> bool:
        return any(self.created.values())


def credentials_path_default() -> Path:
    """Return where the demo logins are written: ``var/demo-credentials.txt``."""
    return Path(settings.VAR_DIR) / "demo-credentials.txt"


def _ensure_not_production() -> None:
    if settings.PRODUCTION:
        raise DemoDataError(_("Demo data is not available when PIMPASA_PRODUCTION is on."))


def _check_regions() -> None:
    wanted = data.region_codes_used()
    found = dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))
    missing = sorted(wanted - found.keys())
    if missing:
        raise DemoDataError(
            _("Import the regions first (pimpasa regions import); missing: %(codes)s")
            % {"codes": ", ".join(missing)},
            details={"missing": missing},
        )
    wrong = sorted(c for c in wanted if data.REGION_NAMES.get(c) != found[c])
    if wrong:
        raise DemoDataError(
            _("The demo's region names do not match the registry: %(codes)s") % {"codes": ", ".join(wrong)},
            details={"mismatch": wrong},
        )


def _load_units() -> tuple[dict[str, Unit], int]:
    units = {u.code: u for u in Unit.objects.filter(code__in=[s.code for s in data.UNITS])}
    created = 0
    for spec in data.UNITS:  # parents come first in the table
        if spec.code in units:
            continue
        units[spec.code] = org.unit_create(
            actor=SYSTEM,
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            parent=units[spec.parent] if spec.parent else None,
            kanim_class=spec.kanim_class,
            has_tpi=spec.has_tpi,
            province_code=spec.province or None,
            work_area_codes=spec.work_area,
        )
        created += 1
    return units, created


def _load_agencies() -> tuple[dict[str, PartnerAgency], int]:
    existing = {
        (a.name, a.area_id): a for a in PartnerAgency.objects.filter(name__in=[s.name for s in data.AGENCIES])
    }
    agencies: dict[str, PartnerAgency] = {}
    created = 0
    for spec in data.AGENCIES:
        agency = existing.get((spec.name, spec.area))
        if agency is None:
            agency = org.agency_create(actor=SYSTEM, kind=spec.kind, name=spec.name, area_code=spec.area)
            existing[(spec.name, spec.area)] = agency
            created += 1
        agencies[spec.key] = agency
    return agencies, created


def _password_for(user: User | None, previous: Credential | None) -> str:
    """Reuse the file's password when it still passes the validators, else generate one."""
    if previous is not None:
        try:
            validate_password(previous.password, user)
            return previous.password
        except ValidationError:
            pass
    while True:
        password = password_generate()
        try:
            validate_password(password, user)
            return password
        except ValidationError:
            continue


def _totp_device(user: User, secret: str) -> TOTPDevice:
    """Return the user's confirmed demo device, created or re-keyed to ``secret`` (base32) if given."""
    device = TOTPDevice.objects.filter(user=user, name=DEVICE_NAME).first()
    key = base64.b32decode(secret).hex() if secret else ""
    if device is None:
        device = TOTPDevice(user=user, name=DEVICE_NAME, confirmed=True)
        if key:
            device.key = key
        device.save()
    elif key and device.key != key:
        device.key = key
        device.confirmed = True
        device.save(update_fields=["key", "confirmed"])
    return device


def _secret_of(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def _load_users(
    units: dict[str, Unit], agencies: dict[str, PartnerAgency], previous: dict[str, Credential]
) -> tuple[dict[str, User], list[Credential], int, list[str]]:
    users = {u.username: u for u in User.objects.filter(username__in=[s.username for s in data.USERS])}
    posted = set(
        StaffPosting.objects.filter(user__in=users.values(), active=True).values_list(
            "user__username", flat=True
        )
    )
    written: list[Credential] = []
    created = 0
    reset: list[str] = []
    for spec in data.USERS:
        user = users.get(spec.username)
        cred = previous.get(spec.username)
        if user is None:
            password = _password_for(None, cred)
            user = User.objects.create_user(
                username=spec.username,
                password=password,
                email=f"{spec.username}@demo.pimpasa.invalid",
                full_name=spec.full_name,
                is_staff=spec.superuser,
                is_superuser=spec.superuser,
            )
            users[spec.username] = user
            created += 1
        elif cred is None:
            # The file was lost: the only way to hand the password out again is a new one.
            password = _password_for(user, None)
            user.set_password(password)
            user.save(update_fields=["password"])
            reset.append(spec.username)
        else:
            password = cred.password
        if spec.username not in posted:
            org.posting_set(
                actor=SYSTEM,
                user=user,
                roles=spec.roles,
                unit=units[spec.unit] if spec.unit else None,
                agency=agencies[spec.agency] if spec.agency else None,
                position=spec.position,
            )
        secret = uri = ""
        if spec.enrolled and (spec.superuser or set(spec.roles) & SECOND_FACTOR_ROLES):
            device = _totp_device(user, cred.totp_secret if cred is not None else "")
            secret, uri = _secret_of(device), device.config_url
        with translation.override("en"):
            role = ", ".join(str(Role(r).label) for r in spec.roles)
        place = units[spec.unit].name if spec.unit else agencies[spec.agency].name
        written.append(Credential(spec.username, password, role, place, secret, uri))
    return users, written, created, reset


def _load_appointments(units: dict[str, Unit], users: dict[str, User]) -> int:
    created = 0
    for spec in data.APPOINTMENTS:
        officer, unit = users[spec.officer], units[spec.unit]
        if PimpasaAppointment.objects.filter(officer=officer, unit=unit).exists():
            continue
        org.appointment_create(
            actor=SYSTEM,
            officer=officer,
            unit=unit,
            decree_number=spec.decree_number,
            decree_date=spec.decree_date,
            village_codes=spec.villages,
        )
        created += 1
    return created


def demo_load(*, credentials_path: Path | None = None) -> DemoLoadResult:
    """Create whatever of the demo organisation is missing and write the demo logins.

    Users listed in the credentials file keep their password. A demo user who exists
    but is missing from the file (the file was deleted) gets a new password, since
    only its hash is stored; TOTP secrets are read back from the devices. So the
    file always opens every account.
    """
    _ensure_not_production()
    _check_regions()
    path = credentials_path or credentials_path_default()
    previous = credentials_read(path)
    with transaction.atomic():
        units, units_created = _load_units()
        agencies, agencies_created = _load_agencies()
        users, written, users_created, reset = _load_users(units, agencies, previous)
        appointments_created = _load_appointments(units, users)
        # Inside the transaction: a failed write leaves the database as it was.
        credentials_write(path, written)
    created = {
        "units": units_created,
        "agencies": agencies_created,
        "users": users_created,
        "appointments": appointments_created,
    }
    created.update(_load_cases())
    return DemoLoadResult(
        created=created,
        passwords_reset=reset,
        credentials_path=path,
    )


def _load_cases() -> dict[str, int]:
    """Load the demo's watchlist, indicator values and scores, DBI designations and reports.

    Each loader is idempotent and runs through the services of its app. Scores are computed
    when values were added or no run exists yet, before the designations that rank by them.
    """
    from pimpasa.villages.models import ScoreRun
    from pimpasa.villages.services.scoring import score_run_now

    from .designations_data import load_designations
    from .reports_data import load_reports
    from .villages_data import load_indicator_values
    from .watchlist_data import load_watchlist

    created = {"watchlist entries": load_watchlist(actor=SYSTEM)}
    created["indicator values"] = load_indicator_values(actor=SYSTEM)
    if created["indicator values"] or ScoreRun.objects.current() is None:
        score_run_now(actor=SYSTEM, trigger="demo")
    created["designations"] = load_designations(actor=SYSTEM)
    created.update(load_reports())
    return created


def demo_otp_code(*, username: str, at: float | None = None) -> str:
    """Return the current TOTP code of a demo user's confirmed device (never in production)."""
    _ensure_not_production()
    devices: Any = TOTPDevice.objects.filter(user__username=username, confirmed=True)
    device = devices.filter(name=DEVICE_NAME).first() or devices.order_by("id").first()
    if device is None:
        raise DemoDataError(
            _("%(username)s has no confirmed TOTP device.") % {"username": username}, code="no_device"
        )
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"
