"""Region browser pages and the picker's options endpoint: sign-in, content, search, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pimpasa.regions.models import Region

pytestmark = pytest.mark.django_db

PAGES = ["/regions/", "/regions/35.02/", "/regions/picker/?name=village&level=4"]


def get(client, url: str, **extra):
    client.cookies["django_language"] = "en"  # the pages speak Indonesian unless asked
    return client.get(url, **extra)


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(regions, client, url):
    response = get(client, url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/regions/")


@pytest.mark.parametrize("who", ["field_ponorogo", "partner_polres", "regional_jabar", "national"])
@pytest.mark.parametrize("url", [*PAGES, "/regions/32.03.01.2001/"])
def test_every_signed_in_role_reads_every_region(org, login, who, url):
    # regions are public reference data: a Ponorogo officer also reads Cianjur (32.03)
    client = login(org.users[who])

    assert get(client, url).status_code == 200


def test_browse_lists_provinces_with_counts_and_totals(org, login):
    client = login(org.users["field_ponorogo"])

    response = get(client, "/regions/")

    rows = [
        (p.region.code, p.counts.regencies, p.counts.districts, p.counts.villages)
        for p in response.context["provinces"]
    ]
    assert rows == [("32", 27, 627, 5957), ("35", 38, 666, 8494)]
    html = response.content.decode()
    assert '<a href="/regions/35/">Jawa Timur</a>' in html
    assert '<td class="num">8,494</td>' in html
    assert '<th class="num">14,451</th>' in html  # villages of both provinces


def test_browse_page_is_in_indonesian_by_default(org, login):
    client = login(org.users["field_ponorogo"])

    html = client.get("/regions/").content.decode()

    assert "Cari menurut nama atau kode" in html
    assert '<td class="num">8.494</td>' in html


def test_detail_shows_breadcrumbs_facts_and_children_with_counts(org, login):
    Region.objects.filter(code="35.02").update(
        population=979008, population_male=486147, population_female=492861
    )
    client = login(org.users["field_ponorogo"])

    response = get(client, "/regions/35.02/")

    html = response.content.decode()
    assert '<a href="/regions/">Indonesia</a>' in html
    assert '› <a href="/regions/35/">Jawa Timur</a>' in html
    assert '<span aria-current="page">Kabupaten Ponorogo</span>' in html
    assert "21 kecamatan · 307 desa/kelurahan" in html
    assert "979,008" in html and "male 486,147, female 492,861" in html
    assert [(child.code, numbers) for child, numbers in response.context["rows"]][:2] == [
        ("35.02.01", [22]),
        ("35.02.02", [11]),
    ]


def test_village_detail_has_no_children_table(org, login):
    client = login(org.users["field_ponorogo"])

    html = get(client, "/regions/35.02.01.2001/").content.decode()

    assert "63463" in html
    assert 'id="children"' not in html


@pytest.mark.parametrize("url", ["/regions/35.99/", "/regions/35.02.01.9999/", "/regions/abc/"])
def test_unknown_region_is_404(org, login, url):
    client = login(org.users["national"])

    assert get(client, url).status_code == 404


def test_search_finds_names_anywhere_and_within_a_region(org, login):
    client = login(org.users["field_ponorogo"])

    everywhere = get(client, "/regions/?q=tugu").context["page"]
    in_ponorogo = get(client, "/regions/35.02/?q=tugu").context["page"]

    assert everywhere.paginator.count > in_ponorogo.paginator.count
    assert {r.code for r in in_ponorogo} == {"35.02.01.2001", "35.02.05.2009", "35.02.08.2001"}


def test_search_through_htmx_returns_only_the_results(org, login):
    client = login(org.users["field_ponorogo"])

    response = get(client, "/regions/?q=slahung", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<html" not in html
    assert 'id="search-results"' in html
    assert "2 regions match “slahung”" in html


def test_browse_and_detail_queries_do_not_grow_with_the_rows_shown(org, login):
    client = login(org.users["field_ponorogo"])
    get(client, "/regions/")  # warm the session and the user's posting

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert get(client, url).status_code == 200
        return len(captured)

    # a province (38 children), a kabupaten (21) and a kecamatan (22 villages) cost the same
    assert queries("/regions/35/") == queries("/regions/35.02/") - 1 == queries("/regions/35.02.01/")
    # sign-in (session, user, posting) + region, counts by level, counts by child, children, ancestors
    assert queries("/regions/35.02/") == 3 + 5


def test_browse_query_count_is_pinned(org, login, django_assert_max_num_queries):
    client = login(org.users["field_ponorogo"])

    # session, user and posting (sign-in and navigation), then one grouped count and the provinces
    with django_assert_max_num_queries(5):
        get(client, "/regions/")


# --- picker options -------------------------------------------------------------------------


def test_picker_options_render_the_cascade_for_a_value(org, login):
    client = login(org.users["field_ponorogo"])

    response = get(
        client, "/regions/picker/?name=village&id=id_village&level=4&within=35.01,35.02&value=35.02.01.2001"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<select") == 4
    assert '<select id="id_village" name="village__pick"' in html
    assert '<option value="35.02.01.2001" selected>Tugurejo</option>' in html
    assert '<option value="35.03"' not in html  # Trenggalek lies outside the allowed area
    assert '<input type="hidden" name="village" value="35.02.01.2001">' in html
    # changing a select reloads the cascade without the old value
    assert (
        'hx-get="/regions/picker/?name=village&amp;id=id_village&amp;level=4&amp;within=35.01%2C35.02"'
        in html
    )


def test_picker_options_follow_the_select_that_changed(org, login):
    client = login(org.users["field_ponorogo"])

    response = get(client, "/regions/picker/?name=village&level=4&village__pick=35.02")

    html = response.content.decode()
    assert html.count("<select") == 3
    assert '<option value="35.02" selected>Kabupaten Ponorogo</option>' in html
    assert '<input type="hidden" name="village" value="">' in html


@pytest.mark.parametrize(
    "query",
    ["name=&level=4", "name=a%22b&level=4", "name=v&level=9", "name=v&level=x", "name=v&within=35;drop"],
)
def test_picker_options_refuse_bad_parameters(org, login, query):
    client = login(org.users["field_ponorogo"])

    assert get(client, f"/regions/picker/?{query}").status_code == 400
