"""Filters of the village list: one dataclass for the HTML lists, the API, the exports and the map.

``VillageFilters.apply`` narrows a queryset that ``selectors.villages`` has annotated with
``score``, ``band`` and ``dbi_status`` (the current run's score and the open designation's
status); the form below and the API's query schema both build the same dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pimpasa.core.scoping import REGION_CODE_RE, region_q
from pimpasa.regions.models import Region
from pimpasa.villages.models import Band, DesignationStatus
from pimpasa.villages.models.designation import DBI_STATES

#: ``dbi`` values besides a single designation status.
DBI_NONE = "none"  # not a DBI: no designation in a DBI state (candidates and villages never proposed)
DBI_ANY = "any"  # a DBI: designated, active or evaluated

SORT_SCORE = "score"
SORT_NAME = "name"
SORT_CODE = "code"
SORTS = (SORT_SCORE, SORT_NAME, SORT_CODE)

#: Statuses of an open designation (a revoked one is not the village's status any more).
OPEN_STATUS_CHOICES: list[tuple[str, Any]] = [
    (s.value, s.label) for s in DesignationStatus if s != DesignationStatus.REVOKED
]
DBI_CHOICES: list[tuple[str, Any]] = [(DBI_NONE, _("Not DBI")), (DBI_ANY, _("Any DBI")), *OPEN_STATUS_CHOICES]
SORT_CHOICES: list[tuple[str, Any]] = [
    (SORT_SCORE, _("Score, highest first")),
    (SORT_NAME, _("Name")),
    (SORT_CODE, _("Code")),
]
DBI_VALUES = frozenset(value for value, _label in DBI_CHOICES)


def dbi_q(dbi: str) -> Q:
    """Return the Q that keeps villages of DBI status ``dbi`` (on the ``dbi_status`` annotation)."""
    if dbi == DBI_NONE:
        return Q(dbi_status__isnull=True) | ~Q(dbi_status__in=sorted(DBI_STATES))
    if dbi == DBI_ANY:
        return Q(dbi_status__in=sorted(DBI_STATES))
    return Q(dbi_status=dbi)


@dataclass(frozen=True)
class VillageFilters:
    """Narrow and order villages by name/code text, region, band, DBI status and minimum score.

    ``dbi`` is ``"none"`` (not DBI), ``"any"`` (any DBI state) or one designation status;
    ``sort`` is ``"score"`` (highest first, the default), ``"name"`` or ``"code"``.
    """

    q: str = ""
    region: str = ""
    band: str = ""
    dbi: str = ""
    min_score: float | None = None
    sort: str = SORT_SCORE

    def narrow(self, villages: QuerySet[Region]) -> QuerySet[Region]:
        """Return ``villages`` filtered (order untouched)."""
        if self.q:
            q = " ".join(self.q.split())
            villages = villages.filter(Q(name__icontains=q) | Q(code__startswith=q))
        if self.region:
            villages = villages.filter(region_q("code", [self.region]))
        if self.band:
            villages = villages.filter(Q(band=self.band))
        if self.dbi:
            villages = villages.filter(dbi_q(self.dbi))
        if self.min_score is not None:
            villages = villages.filter(Q(score__gte=self.min_score))
        return villages

    def apply(self, villages: QuerySet[Region]) -> QuerySet[Region]:
        """Return ``villages`` filtered and ordered; ties and unscored villages fall back to the code."""
        villages = self.narrow(villages)
        if self.sort == SORT_NAME:
            return villages.order_by("name", "code")
        if self.sort == SORT_CODE:
            return villages.order_by("code")
        return villages.order_by(F("score").desc(nulls_last=True), "code")


def clean_region_code(value: str) -> str:
    value = (value or "").strip()
    if value and not REGION_CODE_RE.match(value):
        raise forms.ValidationError(_("Enter a region code such as 35.02 or 35.02.01."))
    return value


def _all(label: Any, choices: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class VillageFilterForm(forms.Form):
    q = forms.CharField(label=_("Village name or code"), required=False, max_length=100)
    region = forms.CharField(
        label=_("Region code"),
        required=False,
        max_length=13,
        widget=forms.TextInput(attrs={"placeholder": "35.02"}),
    )
    band = forms.ChoiceField(label=_("Band"), required=False, choices=_all(_("All bands"), Band.choices))
    dbi = forms.ChoiceField(label=_("DBI status"), required=False, choices=_all(_("Any status"), DBI_CHOICES))
    min_score = forms.FloatField(label=_("Minimum score"), required=False, min_value=0, max_value=100)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, candidates: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if candidates:
            # The candidate list is "not DBI" by definition; only the steps before a DBI remain.
            dbi = self.fields["dbi"]
            assert isinstance(dbi, forms.ChoiceField)
            dbi.choices = _all(
                _("Any status"),
                [(value, label) for value, label in OPEN_STATUS_CHOICES if value not in DBI_STATES],
            )

    def clean_region(self) -> str:
        return clean_region_code(self.cleaned_data.get("region", ""))

    def filters(self) -> VillageFilters:
        """Return the filters of a valid form (none when invalid)."""
        if not self.is_valid():
            return VillageFilters()
        data = self.cleaned_data
        return VillageFilters(
            q=data.get("q") or "",
            region=data.get("region") or "",
            band=data.get("band") or "",
            dbi=data.get("dbi") or "",
            min_score=data.get("min_score"),
            sort=data.get("sort") or SORT_SCORE,
        )
