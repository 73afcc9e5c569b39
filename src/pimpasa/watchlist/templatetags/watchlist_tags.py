"""Template helpers of the watchlist: match reasons in words, scores as percentages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from pimpasa.watchlist.services import mask_nik as _mask_nik

register = template.Library()


def _labels() -> dict[str, str]:
    return {
        "via:alias": _("matched an alias"),
        "birth_date:match": _("same birth date"),
        "birth_date:near": _("birth date one typing error apart"),
        "birth_date:conflict": _("different birth date"),
        "nik_birth_date:match": _("the NIK encodes the same birth date"),
        "nik_birth_date:conflict": _("the NIK encodes another birth date"),
        "nik:match": _("same NIK"),
        "nik:differs": _("another NIK with the same birth date and sex"),
        "nik:conflict": _("another NIK"),
        "sex:conflict": _("different sex"),
        "phone:match": _("shared phone number"),
        "patronymic:conflict": _("different father's name (bin/binti)"),
    }


@register.filter
def reason_label(code: str) -> str:
    """Return a match reason code ("birth_date:conflict", "name:0.93") in words."""
    if code.startswith("name:"):
        try:
            share = float(code.split(":", 1)[1])
        except ValueError:
            return code
        return _("name %(percent)d%% alike") % {"percent": round(share * 100)}
    return _labels().get(code, code)


@register.filter
def reason_tone(code: str) -> str:
    """Return the badge style of a reason: ok (supports the match), bad (speaks against it), or plain."""
    if code.endswith(":conflict") or code == "nik:differs":
        return "bad"
    if code.endswith(":match"):
        return "ok"
    return ""


@register.filter
def percent(value: float) -> str:
    return f"{round(float(value) * 100)}%"


@register.filter
def mask_nik(nik: str) -> str:
    """Return a NIK as lists show it: ``3502********0001``."""
    return _mask_nik(nik or "")
