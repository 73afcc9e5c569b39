"""The region picker field: server-side checks of the code, and its widget with and without JavaScript."""

from __future__ import annotations

import pytest
from django import forms

from pimpasa.regions.forms import RegionPickerField
from pimpasa.regions.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


class VillageForm(forms.Form):
    village = RegionPickerField(label="Desa", level=4, within=["35.01", "35.02"])


class AnyRegencyForm(forms.Form):
    regency = RegionPickerField(label="Kabupaten", level=2, required=False)


def test_a_village_inside_the_area_cleans_to_the_region(regions):
    form = VillageForm({"village": " 35.02.01.2001 "})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["village"] == Region.objects.get(code="35.02.01.2001")


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("", "This field is required."),
        ("35-02", "Enter a region code such as 35.02.01.2001."),
        ("35.02.01.9999", "No region has the code 35.02.01.9999."),
        ("35.02.01", "Slahung (35.02.01) is not a Desa/kelurahan; choose one."),
        ("35.03.01.2001", "Besuki (35.03.01.2001) lies outside the area you may choose from."),
        ("32.03.01.1006", "Pamoyanan (32.03.01.1006) lies outside the area you may choose from."),
    ],
)
def test_a_wrong_choice_is_refused_with_a_reason(regions, value, error):
    form = VillageForm({"village": value})

    assert not form.is_valid()
    assert form.errors["village"] == [error]


def test_within_may_be_set_per_form_and_computed_when_used(regions):
    # given a form whose area comes from the request (here: Trenggalek)
    form = VillageForm({"village": "35.03.01.2001"})
    form.fields["village"].within = lambda: ["35.03"]

    assert form.is_valid(), form.errors
    # and the class's own field keeps its area
    assert VillageForm.base_fields["village"].within == ["35.01", "35.02"]


def test_an_optional_picker_accepts_nothing(regions):
    form = AnyRegencyForm({"regency": ""})

    assert form.is_valid()
    assert form.cleaned_data["regency"] is None


def test_the_widget_is_a_code_input_that_htmx_replaces_with_selects(regions):
    html = str(VillageForm(initial={"village": Region.objects.get(code="35.02.01.2001")})["village"])

    # without JavaScript: a text input for the code, under the field's own name
    assert '<input type="text" name="village" value="35.02.01.2001"' in html
    assert 'id="id_village"' in html
    assert 'pattern="\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{4}"' in html
    # with htmx: the cascade loads at once, limited to the area, starting from the value
    assert 'hx-trigger="load"' in html
    assert (
        'hx-get="/regions/picker/?name=village&amp;id=id_village&amp;level=4&amp;within=35.01%2C35.02'
        '&amp;value=35.02.01.2001"' in html
    )


def test_a_bound_form_shows_what_was_typed_again(regions):
    form = VillageForm({"village": "35.99"})
    form.is_valid()

    assert 'value="35.99"' in str(form["village"])
