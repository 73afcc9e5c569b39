"""Input shape of the weights page: a new version of the index's weights; the service applies the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Comparison, Indicator, WeightSet

#: The form field of an indicator's weight.
WEIGHT_PREFIX = "weight_"


class WeightSetForm(forms.Form):
    """One weight per active indicator, the comparison set, the three band cut points and a note.

    Prefilled with ``current``'s values; saving creates the next version.
    """

    comparison = forms.ChoiceField(label=_("Compare each village with"), choices=Comparison.choices)
    cut_medium = forms.FloatField(label=_("Medium from score"), min_value=0, max_value=100)
    cut_high = forms.FloatField(label=_("High from score"), min_value=0, max_value=100)
    cut_very_high = forms.FloatField(label=_("Very high from score"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("What changed and why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the new version and on the audit trail."),
    )

    def __init__(self, *args: Any, indicators: list[Indicator], current: WeightSet | None, **kwargs: Any):
        weights = {w.indicator_id: w.weight for w in current.weights.all()} if current else {}
        initial = kwargs.setdefault("initial", {})
        if current is not None:
            initial.setdefault("comparison", current.comparison)
            for name, cut in zip(("cut_medium", "cut_high", "cut_very_high"), current.band_cuts, strict=True):
                initial.setdefault(name, cut)
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            name = WEIGHT_PREFIX + indicator.code
            self.fields[name] = forms.FloatField(
                label=indicator.name,
                min_value=0,
                required=False,
                help_text=indicator.get_direction_display(),
                widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            )
            self.initial.setdefault(name, weights.get(indicator.pk, 0.0))
        # Weights first, as the page reads.
        order = [WEIGHT_PREFIX + i.code for i in indicators]
        self.order_fields(order)

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[WEIGHT_PREFIX + i.code] for i in self.indicators]

    def setting_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("comparison", "cut_medium", "cut_high", "cut_very_high", "note")]

    def service_arguments(self) -> dict[str, Any]:
        """Return ``weight_set_create``'s arguments from the cleaned data (empty weights count 0)."""
        data = self.cleaned_data
        return {
            "weights": {i.code: data.get(WEIGHT_PREFIX + i.code) or 0.0 for i in self.indicators},
            "comparison": data["comparison"],
            "band_cuts": [data["cut_medium"], data["cut_high"], data["cut_very_high"]],
            "note": data["note"],
        }
