"""The watchlist filter, shared by the HTML list and the API list."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .matching import normalize_name, phone_key
from .models import Kind, Status, WatchlistEntry, WatchlistName

_NIK_LIKE = re.compile(r"^\d{16}$")


@dataclass(frozen=True)
class WatchlistFilters:
    """Narrow the list by kind, status, or text: a reference, a name or alias, a NIK, a phone number."""

    q: str = ""
    kind: str = ""
    status: str = ""
    unit: str = ""

    def apply(self, entries: QuerySet[WatchlistEntry]) -> QuerySet[WatchlistEntry]:
        if self.kind:
            entries = entries.filter(kind=self.kind)
        if self.status:
            entries = entries.filter(status=self.status)
        if self.unit:
            entries = entries.filter(unit__code=self.unit)
        q = " ".join(self.q.split())
        if q:
            text: Any = Q(ref__iexact=q) | Q(full_name__icontains=q)
            key = normalize_name(q)
            if key:
                # Any name, any order, any spelling: "Djoko" finds "Joko", "Moh. Yusuf" "Muhammad Yusuf".
                words = Q()
                for word in key.split():
                    words &= Q(key__contains=word)
                text |= Exists(WatchlistName.objects.filter(words, entry=OuterRef("pk")))
            digits = re.sub(r"[\s.-]", "", q)
            if _NIK_LIKE.match(digits):
                text |= Q(nik=digits)
            phone = phone_key(q) if re.fullmatch(r"[+\d\s().-]{8,}", q) else None
            if phone:
                text |= Q(phones__contains=[phone])
            entries = entries.filter(text)
        return entries


def _all(label: Any, choices: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class WatchlistFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("A name or alias, a reference, a NIK or a phone number."),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_all(_("All kinds"), Kind.choices))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_all(_("Any status"), Status.choices)
    )

    def filters(self) -> WatchlistFilters:
        """Return the filters of a valid form (none when invalid)."""
        if not self.is_valid():
            return WatchlistFilters()
        return WatchlistFilters(**self.cleaned_data)
