"""The region picker: a form field for choosing one region through cascading selects.

Usage::

    from pimpasa.regions.forms import RegionPickerField

    class AgencyForm(forms.Form):
        area = RegionPickerField(label=_("Area"), level=2)             # any kabupaten/kota
        village = RegionPickerField(label=_("Village"), level=4,
                                    within=["35.01", "35.02", "35.03"])  # desa in these kab only

    # Limits that depend on the request: set them on the bound form.
    form = AgencyForm(request.POST or None)
    form.fields["village"].within = lambda: unit.area_codes()

    form.is_valid()
    form.cleaned_data["village"]  # -> Region

With JavaScript the field shows one select per level (provinsi → kabupaten/kota →
kecamatan → desa/kelurahan); each choice loads the next level's options from
``regions:picker_options`` through htmx. Without JavaScript it is a text input
for the code (``35.02.01.2001``). Either way the server checks the code: it must
name a region, at ``level``, inside one of the ``within`` subtrees when given.
The page must load htmx (``base.html`` does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pimpasa.core.scoping import REGION_CODE_RE

from .models import Level, Region
from .selectors import LEVEL_LABELS

Within = Iterable[str] | Callable[[], Iterable[str]] | None

#: A full region code of each level.
CODE_PATTERNS = {
    Level.PROVINCE: r"\d{2}",
    Level.REGENCY: r"\d{2}\.\d{2}",
    Level.DISTRICT: r"\d{2}\.\d{2}\.\d{2}",
    Level.VILLAGE: r"\d{2}\.\d{2}\.\d{2}\.\d{4}",
}
CODE_EXAMPLES = {
    Level.PROVINCE: "35",
    Level.REGENCY: "35.02",
    Level.DISTRICT: "35.02.01",
    Level.VILLAGE: "35.02.01.2001",
}


def resolve_within(within: Within) -> tuple[str, ...]:
    """Return the allowed subtree codes (calling ``within`` when it is a function); () = anywhere."""
    if within is None:
        return ()
    codes = within() if callable(within) else within
    return tuple(dict.fromkeys(str(c) for c in codes))


def lies_within(code: str, within: Iterable[str]) -> bool:
    return any(code == c or code.startswith(c + ".") for c in within)


class RegionPickerWidget(forms.Widget):
    """Cascading selects loaded through htmx, over a text input for the code that works without JS."""

    template_name = "regions/widgets/region_picker.html"

    def __init__(
        self, *, level: int = Level.VILLAGE, within: Within = None, attrs: dict[str, Any] | None = None
    ):
        super().__init__(attrs)
        self.level = Level(level)
        self.within = within

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Region):
            return value.code
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        query = {
            "name": name,
            "id": widget["attrs"].get("id", ""),
            "level": int(self.level),
            "within": ",".join(resolve_within(self.within)),
        }
        url = reverse("regions:picker_options")
        widget["options_url"] = f"{url}?{urlencode({**query, 'value': widget['value'] or ''})}"
        widget["pattern"] = CODE_PATTERNS[self.level]
        widget["example"] = CODE_EXAMPLES[self.level]
        widget["level_label"] = LEVEL_LABELS[self.level]
        return context


class RegionPickerField(forms.Field):
    """A region of one ``level``, optionally inside the subtrees ``within``; cleans to a ``Region``."""

    widget = RegionPickerWidget
    default_error_messages = {
        "invalid": _("Enter a region code such as %(example)s."),
        "unknown": _("No region has the code %(code)s."),
        "level": _("%(region)s is not a %(level)s; choose one."),
        "outside": _("%(region)s lies outside the area you may choose from."),
    }

    def __init__(self, *, level: int = Level.VILLAGE, within: Within = None, **kwargs: Any):
        self.level = Level(level)
        kwargs.setdefault("widget", RegionPickerWidget(level=self.level, within=within))
        super().__init__(**kwargs)
        self.within = within

    @property
    def within(self) -> Within:
        return self._within

    @within.setter
    def within(self, value: Within) -> None:
        self._within = value
        if isinstance(self.widget, RegionPickerWidget):
            self.widget.within = value

    def prepare_value(self, value: Any) -> Any:
        return value.code if isinstance(value, Region) else value

    def to_python(self, value: Any) -> Region | None:
        if isinstance(value, Region):
            return value
        code = "".join(str(value or "").split())
        if not code:
            return None
        if not REGION_CODE_RE.fullmatch(code):
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"example": CODE_EXAMPLES[self.level]}
            )
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise ValidationError(self.error_messages["unknown"], code="unknown", params={"code": code})
        return region

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        if value.level != self.level:
            raise ValidationError(
                self.error_messages["level"],
                code="level",
                params={"region": str(value), "level": LEVEL_LABELS[self.level]},
            )
        within = resolve_within(self.within)
        if within and not lies_within(value.code, within):
            raise ValidationError(
                self.error_messages["outside"], code="outside", params={"region": str(value)}
            )

    def has_changed(self, initial: Any, data: Any) -> bool:
        return (self.prepare_value(initial) or "") != (data or "").strip()
