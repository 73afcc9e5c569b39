"""Reads about users: token lookup and scope summaries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from pimpasa.core.errors import NotFound
from pimpasa.core.scoping import region_q
from pimpasa.organization.models import PartnerAgency, Unit
from pimpasa.regions.models import Region

from .models import ApiToken, User

#: How stale a token's "last used" time may get before a request refreshes it.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def user_for_token(*, raw: str) -> User | None:
    """Return the active user owning the usable token ``raw``, recording its use; else None."""
    if not raw.startswith(ApiToken.PREFIX):
        return None
    token = ApiToken.objects.usable().select_related("user").filter(key_hash=ApiToken.hash(raw)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # "Last used" to the minute is enough; writing it on every call costs a write per request.
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def token_list(*, user: Any) -> QuerySet[ApiToken]:
    """Return the API tokens ``user`` owns, newest first, revoked and expired ones included."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_get(*, user: Any, token_id: int) -> ApiToken:
    """Return one of ``user``'s own tokens; raise ``NotFound`` for any other token."""
    token = token_list(user=user).select_related("user").filter(pk=token_id).first()
    if token is None:
        raise NotFound(_("No such token."))
    return token


def token_list_all(*, username: str | None = None) -> QuerySet[ApiToken]:
    """Return every token (for administrators and the command line), optionally of one user."""
    tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created_at", "-pk")
    return tokens.filter(user__username=username) if username else tokens


def token_find(*, ref: str) -> ApiToken | None:
    """Return the token whose id or display prefix is ``ref``; None when none or several match."""
    tokens = ApiToken.objects.select_related("user")
    matches = list(tokens.filter(pk=int(ref))) if ref.isdecimal() else list(tokens.filter(key_prefix=ref)[:2])
    return matches[0] if len(matches) == 1 else None


def second_factor_status(*, user: Any) -> dict[str, Any]:
    """Return whether ``user`` must use TOTP, has a confirmed authenticator and passed it in this session."""
    is_verified = getattr(user, "is_verified", None)
    return {
        "required": bool(user.needs_second_factor),
        "enrolled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "verified": bool(is_verified and is_verified()),
    }


def role_labels(*, user: Any) -> list[str]:
    """Return the translated names of the user's roles, in the order of ``Role`` (as on every page)."""
    posting = user.posting
    return posting.role_labels if posting is not None else []


def scope_village_count(*, user: Any) -> int:
    """Return how many villages the user's scope covers."""
    scope = user.get_scope()
    villages = Region.objects.villages()
    if scope.everything:
        return villages.count()
    if not scope.region_codes:
        return 0
    return villages.filter(region_q("code", scope.region_codes)).count()


def me_summary(*, user: Any) -> dict[str, Any]:
    """Return the user, their roles and a summary of their scope."""
    scope = user.get_scope()
    posting = user.posting
    return {
        "username": user.username,
        "full_name": user.full_name,
        "roles": sorted(user.roles),
        "unit": posting.unit.code if posting and posting.unit else None,
        "agency": posting.agency.name if posting and posting.agency else None,
        "scope": {
            "everything": scope.everything,
            "region_codes": list(scope.region_codes),
            "units": sorted(Unit.objects.filter(pk__in=scope.unit_ids).values_list("code", flat=True)),
            "agencies": sorted(
                PartnerAgency.objects.filter(pk__in=scope.agency_ids).values_list("name", flat=True)
            ),
            "village_count": scope_village_count(user=user),
            "writable_village_count": (
                len(scope.write_village_codes) if scope.write_village_codes is not None else None
            ),
        },
    }


def villages_per_regency(*, codes: set[str]) -> dict[str, int]:
    """Return the number of villages under each kabupaten/kota code, in one grouped query."""
    if not codes:
        return {}
    return dict(
        Region.objects.villages()
        .filter(region_q("code", sorted(codes)))
        .annotate(regency=Substr("code", 1, 5))
        .values_list("regency")
        .annotate(n=Count("code"))
        .values_list("regency", "n")
    )


def home_summary(*, user: Any) -> dict[str, Any]:
    """Return what the home page shows: roles, unit, the regions of the scope and its units with counts."""
    summary = me_summary(user=user)
    scope = user.get_scope()
    posting = user.posting
    summary["role_labels"] = role_labels(user=user)
    summary["unit_obj"] = posting.unit if posting else None
    summary["scope_regions"] = list(Region.objects.filter(code__in=scope.region_codes).order_by("code"))
    units = Unit.objects.visible_to(user).offices().filter(active=True).order_by("name")
    if scope.everything:
        units = units.none()  # the national list lives on the units page
    counted = list(units.prefetch_related("work_area")[:50])
    per_regency = villages_per_regency(codes={r.code for u in counted for r in u.work_area.all()})
    for unit in counted:
        codes = [r.code for r in unit.work_area.all()]
        unit.village_count = (  # type: ignore[attr-defined, unused-ignore]
            sum(per_regency.get(c, 0) for c in codes) if codes else None
        )
    summary["units_in_scope"] = counted
    return summary
