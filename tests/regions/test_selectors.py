"""Region reads: name search, counts below a region, subtree index use, the picker's steps."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from pimpasa.core.errors import NotFound, ValidationFailed
from pimpasa.regions import selectors
from pimpasa.regions.models import Region
from pimpasa.regions.selectors import DescendantCounts

pytestmark = pytest.mark.django_db
ANON = AnonymousUser()


def codes(regions) -> list[str]:
    return [r.code for r in regions]


@pytest.mark.parametrize("text", ["tugurejo", "TUGUREJO", "Tugurejó", "  tuGURejo ", "urej"])
def test_search_ignores_case_accents_and_finds_parts_of_names(regions, text):
    found = codes(Region.objects.search(text).filter(code__startswith="35.02."))

    assert "35.02.01.2001" in found


def test_search_puts_names_starting_with_the_text_first_then_higher_levels(regions):
    found = codes(Region.objects.search("pono"))

    assert found[:3] == ["35.02", "35.02.17", "35.15.11.2012"]  # Kabupaten Ponorogo, Ponorogo, Ponokawan


def test_search_by_code_prefix_returns_the_subtree_in_code_order(regions):
    found = codes(Region.objects.search("35.02.01.200"))

    assert found == [f"35.02.01.200{i}" for i in range(1, 10)]


def test_search_treats_like_wildcards_as_text(regions):
    assert codes(Region.objects.search("%")) == []
    assert codes(Region.objects.search("_")) == []


def test_region_list_filters_children_and_level(regions):
    children = selectors.region_list(user=ANON, parent="35.02.01")
    districts = selectors.region_list(user=ANON, level=3, q="slahung")

    assert len(children) == 22
    assert codes(children)[:2] == ["35.02.01.2001", "35.02.01.2002"]
    assert codes(districts) == ["35.02.01"]


def test_region_list_refuses_an_unknown_parent(regions):
    with pytest.raises(ValidationFailed):
        selectors.region_list(user=ANON, parent="35.99")


def test_province_list_counts_everything_below_each_province_in_two_queries(
    regions, django_assert_num_queries
):
    with django_assert_num_queries(2):
        provinces = selectors.province_list(user=ANON)

    assert [(p.region.code, p.counts) for p in provinces] == [
        ("32", DescendantCounts(regencies=27, districts=627, villages=5957)),
        ("35", DescendantCounts(regencies=38, districts=666, villages=8494)),
    ]


@pytest.mark.parametrize(
    ("code", "queries", "ancestors", "counts", "children", "first_child_counts"),
    [
        ("35", 4, [], DescendantCounts(38, 666, 8494), 38, DescendantCounts(0, 12, 172)),
        ("35.02", 5, ["35"], DescendantCounts(0, 21, 307), 21, DescendantCounts(0, 0, 22)),
        ("35.02.01", 4, ["35", "35.02"], DescendantCounts(0, 0, 22), 22, DescendantCounts()),
        ("35.02.01.2001", 2, ["35", "35.02", "35.02.01"], DescendantCounts(), 0, None),
    ],
)
def test_region_detail_reads_chain_children_and_counts_in_a_fixed_number_of_queries(
    regions, django_assert_num_queries, code, queries, ancestors, counts, children, first_child_counts
):
    with django_assert_num_queries(queries):
        detail = selectors.region_detail(user=ANON, code=code)

    assert codes(detail.ancestors) == ancestors
    assert detail.counts == counts
    assert len(detail.children) == children
    if first_child_counts is not None:
        assert detail.children[0].counts == first_child_counts


def test_region_detail_of_an_unknown_code_is_not_found(regions):
    with pytest.raises(NotFound):
        selectors.region_detail(user=ANON, code="35.99")


def _plan_nodes(node: dict) -> list[dict]:
    return [node, *(n for child in node.get("Plans", []) for n in _plan_nodes(child))]


def test_subtree_queries_use_an_index_on_the_code(regions):
    # given planner statistics for the loaded provinces (about 15,600 rows), as autovacuum keeps them;
    # the planner is left free to choose: no enable_seqscan = off
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE regions_region")
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'regions_region' AND indexdef LIKE '%(code%'"
        )
        code_indexes = {name for (name,) in cursor.fetchall()}

    # when the subtree of Kabupaten Ponorogo is planned
    plan = json.loads(Region.objects.subtree("35.02").explain(format="json"))
    nodes = _plan_nodes(plan[0]["Plan"] if isinstance(plan, list) else plan["Plan"])

    # then no node reads the whole table, and the rows are found through indexes on the code
    assert not [n for n in nodes if n["Node Type"] == "Seq Scan"]
    used = {n["Index Name"] for n in nodes if "Index Name" in n}
    assert used and used <= code_indexes
    assert Region.objects.subtree("35.02").count() == 1 + 21 + 307


def test_picker_steps_follow_the_chosen_code_down_to_the_level(regions):
    steps, chosen = selectors.region_picker_steps(user=ANON, value="35.02.01.2001", level=4)

    assert [(s.level, s.selected, s.parent_code, len(s.options)) for s in steps] == [
        (1, "35", "", 2),
        (2, "35.02", "35", 38),
        (3, "35.02.01", "35.02", 21),
        (4, "35.02.01.2001", "35.02.01", 22),
    ]
    assert chosen == "35.02.01.2001"


def test_picker_steps_stop_below_the_first_missing_choice(regions):
    steps, chosen = selectors.region_picker_steps(user=ANON, value="35", level=4)

    assert [(s.level, s.selected) for s in steps] == [(1, "35"), (2, "")]
    assert chosen == ""


def test_picker_steps_offer_only_the_allowed_area_and_choose_single_options(regions):
    # given a picker limited to Pacitan and Ponorogo
    steps, chosen = selectors.region_picker_steps(user=ANON, value="", level=4, within=["35.01", "35.02"])

    # then the only province is chosen for the user and two kabupaten are offered
    assert [(s.level, s.selected, codes(s.options)) for s in steps] == [
        (1, "35", ["35"]),
        (2, "", ["35.01", "35.02"]),
    ]
    assert chosen == ""


def test_picker_steps_ignore_a_code_outside_the_allowed_area(regions):
    steps, chosen = selectors.region_picker_steps(user=ANON, value="32.03.01.2001", level=4, within=["35.02"])

    assert [(s.level, s.selected) for s in steps] == [(1, "35"), (2, "35.02"), (3, "")]
    assert chosen == ""


def test_picker_at_a_higher_level_offers_only_regions_inside_the_area(regions):
    # a kecamatan picker limited to one village cannot offer that village's kecamatan: it is not inside
    steps, chosen = selectors.region_picker_steps(user=ANON, value="", level=3, within=["35.02.01.2001"])

    assert [(s.level, s.selected, codes(s.options)) for s in steps] == [
        (1, "35", ["35"]),
        (2, "35.02", ["35.02"]),
        (3, "", []),
    ]
    assert chosen == ""
