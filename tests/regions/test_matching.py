"""Resolving centroid rows to regions by name: table-driven, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pimpasa.regions.matching import NameIndex, SkipReason, match_centroids
from pimpasa.regions.validation import CENTROID_COLUMNS, CentroidRecord, RowError

#: A slice of the Kemendagri registry with the traps of a BPS-keyed file.
REGISTRY = {
    "11": "Aceh",
    "11.01": "Kabupaten Aceh Selatan",
    "11.09": "Kabupaten Simeulue",
    "11.09.03": "Teupah Barat",
    "11.09.04": "Simeulue Timur",
    "11.09.07": "Teupah Selatan",
    "33": "Jawa Tengah",
    "33.12": "Kabupaten Wonogiri",
    "33.12.23": "Karangtengah",
    "33.21": "Kabupaten Demak",
    "33.21.05": "Karangtengah",
    "34": "Daerah Istimewa Yogyakarta",
    "34.71": "Kota Yogyakarta",
    "35": "Jawa Timur",
    "35.02": "Kabupaten Ponorogo",
    "35.02.01": "Slahung",
    "35.02.02": "Ngrayun",
    "35.19": "Kabupaten Madiun",
    "35.77": "Kota Madiun",
    "36": "Banten",
    "36.71": "Kota Tangerang",
    "36.71.12": "Karang Tengah",
    "91": "Papua",
    "91.03": "Kabupaten Jayapura",
    "92": "Papua Barat",
    "92.02": "Kabupaten Manokwari",
    "93": "Papua Selatan",
    "93.01": "Kabupaten Merauke",
    "93.01.04": "Kimaam",
    "96": "Papua Barat Daya",
    "96.01": "Kabupaten Sorong",
}
INDEX = NameIndex(REGISTRY)
HEADER = list(CENTROID_COLUMNS)
#: Province rows of a file, without points, so that only the rows under test are judged by place.
PROVINCES = [["11", "ACEH", "", ""], ["35", "JAWA TIMUR", "", ""], ["33", "JAWA TENGAH", "", ""]]


pytestmark = pytest.mark.usefixtures("english")


def match(*rows: list[str]):
    return match_centroids(HEADER, [*PROVINCES, *rows], index=INDEX)


def outcome(result, row: int) -> str | SkipReason:
    """Return the region a data row (numbered after PROVINCES) resolved to, or why it was left out."""
    number = len(PROVINCES) + row
    for resolved in result.resolved:
        if resolved.row == number:
            return resolved.code
    return next(s.reason for s in result.skipped if s.row == number)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [["11.01", "KABUPATEN SIMEULUE", "2.61667", "96.08333"]],
            ["11.09"],
            id="BPS 11.01 is Kemendagri 11.09 Simeulue",
        ),
        pytest.param(
            [["91", "PAPUA BARAT", "-1.38", "132.90"], ["94", "PAPUA", "-3.98", "138.34"]],
            ["92", "91"],
            id="Papua Barat under 91 is Kemendagri 92, Papua under 94 is 91",
        ),
        pytest.param(
            [
                ["11.01", "KABUPATEN SIMEULUE", "", ""],
                ["11.01.02", "SIMEULUE TIMUR", "2.51438", "96.31197"],
                ["11.01.02", "TEUPAH BARAT", "2.505", "96.21636"],
                ["11.01.02", "TEUPAH SELATAN", "2.38603", "96.42904"],
            ],
            ["11.09", "11.09.04", "11.09.03", "11.09.07"],
            id="one kecamatan code repeated under one kab: each row by its name",
        ),
        pytest.param(
            [
                ["35.02", "KAB. PONOROGO", "", ""],
                ["35.02.01", "NGRAYUN", "", ""],
                ["35.02.02", "SLAHUNG", "", ""],
            ],
            ["35.02", "35.02.02", "35.02.01"],
            id="shifted kecamatan codes, right names",
        ),
        pytest.param(
            [["35.01", "KOTA MADIUN", "", ""], ["35.02", "KABUPATEN MADIUN", "", ""]],
            ["35.77", "35.19"],
            id="Kota and Kabupaten of one name stay apart",
        ),
        pytest.param(
            [["94", "PAPUA", "", ""], ["94.01", "KABUPATEN MERAUKE", "", ""], ["94.01.01", "KIMAAM", "", ""]],
            ["91", "93.01", "93.01.04"],
            id="a kabupaten moved to a new province is found by its unique name",
        ),
        pytest.param(
            [["33.21", "KABUPATEN DEMAK", "", ""], ["33.21.05", "KARANG TENGAH", "", ""]],
            ["33.21", "33.21.05"],
            id="spaces aside: Karang Tengah under Demak is Karangtengah, not Tangerang's",
        ),
        pytest.param(
            [["35.02", "KABUPATEN PONOROGO", "", ""], ["35.02.09", "KARANG TENGAH", "", ""]],
            ["35.02", SkipReason.NOT_FOUND],
            id="a kecamatan is not taken from another province",
        ),
        pytest.param(
            [["33.99", "KABUPATEN ENTAH", "", ""], ["33.99.01", "KARANGTENGAH", "", ""]],
            [SkipReason.NOT_FOUND, SkipReason.AMBIGUOUS],
            id="parent unresolved and two kecamatan of the province bear the name",
        ),
        pytest.param(
            [
                ["35.02", "KABUPATEN PONOROGO", "", ""],
                ["35.02.01", "SLAHUNG", "", ""],
                ["35.02.05", "SLAHUNG", "", ""],
            ],
            ["35.02", SkipReason.SAME_REGION, SkipReason.SAME_REGION],
            id="two rows resolving to one region are both left out",
        ),
        pytest.param(
            [
                ["35.02", "KABUPATEN PONOROGO", "", ""],
                ["35.02", "KABUPATEN MADIUN", "", ""],
                ["35.02.01", "SLAHUNG", "", ""],
            ],
            ["35.02", "35.19", "35.02.01"],
            id="a parent code on two rows points nowhere: the child's name decides in its province",
        ),
        pytest.param(
            [["34", "DI YOGYAKARTA", "7.7956", "110.3695"], ["34.71", "KOTA YOGYAKARTA", "-7.80", "110.37"]],
            [SkipReason.BAD_VALUE, "34.71"],
            id="DIY's lost minus sign fails the row, not its children",
        ),
        pytest.param(
            [["81", "ATLANTIS", "", ""]],
            [SkipReason.NOT_FOUND],
            id="an unknown province",
        ),
    ],
)
def test_rows_resolve_by_name_top_down(rows, expected):
    result = match(*rows)

    assert [outcome(result, n) for n in range(1, len(rows) + 1)] == expected


def test_resolved_rows_carry_the_registry_code_and_the_point():
    result = match(["11.01", "KABUPATEN SIMEULUE", "2.616667", "96.0833333"])

    assert result.records == [
        CentroidRecord("11", None, None),
        CentroidRecord("35", None, None),
        CentroidRecord("33", None, None),
        CentroidRecord("11.09", Decimal("2.616667"), Decimal("96.083333")),
    ]
    assert result.ok


@pytest.mark.parametrize(
    ("rows", "errors"),
    [
        (
            [["34", "DI YOGYAKARTA", "7.7956", "110.3695"]],
            [RowError(4, "latitude", "7.7956 lies outside Indonesia (-11.5 to 6.5)")],
        ),
        (
            [["81.07.02", "LIAN VITU", "7.89172", "98.39"]],  # a namesake in Phuket
            [
                RowError(
                    4,
                    "name",
                    "'LIAN VITU': the parent row 81.07 did not resolve, "
                    "and no kecamatan in Indonesia bears that name",
                ),
                RowError(4, "latitude", "7.89172 lies outside Indonesia (-11.5 to 6.5)"),
            ],
        ),
        (
            [["33.21", "KABUPATEN DEMAK", "", ""], ["33.21.01", "TAMBAK", "", ""]],
            [
                RowError(
                    5,
                    "name",
                    "'TAMBAK': no kecamatan in 33.21 Kabupaten Demak is named so, "
                    "and no kecamatan in 33 Jawa Tengah bears that name",
                )
            ],
        ),
        (
            [["33.99.01", "KARANG TENGAH", "", ""]],
            [
                RowError(
                    4,
                    "name",
                    "'KARANG TENGAH': the parent row 33.99 did not resolve, "
                    "and 2 kecamatan in 33 Jawa Tengah bear that name: 33.12.23, 33.21.05",
                )
            ],
        ),
        (
            [
                ["35.02", "KABUPATEN PONOROGO", "", ""],
                ["35.02.01", "SLAHUNG", "", ""],
                ["35.02.05", "SLAHUNG", "", ""],
            ],
            [
                RowError(5, "name", "rows 5, 6 all resolve to 35.02.01 Slahung"),
                RowError(6, "name", "rows 5, 6 all resolve to 35.02.01 Slahung"),
            ],
        ),
        (
            [["81", "ATLANTIS", "", ""]],
            [RowError(4, "name", "no provinsi is named 'ATLANTIS'")],
        ),
        (
            [["35.02", "KABUPATEN PONOROGO"], ["x.1", "SLAHUNG", "", ""], ["35.02.01", " ", "", ""]],
            [
                RowError(4, "", "expected 4 fields, found 2"),
                RowError(5, "code", "'x.1' is not a region code"),
                RowError(6, "name", "the name is missing"),
            ],
        ),
    ],
)
def test_a_row_left_out_says_why(rows, errors):
    result = match(*rows)

    assert result.errors == errors
    assert not result.ok


def test_a_name_that_fits_two_children_is_not_guessed():
    index = NameIndex(
        {"35": "Jawa Timur", "35.02": "Kabupaten Ponorogo", "35.02.01": "Sambit", "35.02.02": "Sambit"}
    )

    result = match_centroids(
        HEADER,
        [
            ["35", "JAWA TIMUR", "", ""],
            ["35.02", "KABUPATEN PONOROGO", "", ""],
            ["35.02.01", "SAMBITT", "", ""],
        ],
        index=index,
    )

    assert [s.message for s in result.skipped] == [
        "name: 'SAMBITT' fits 2 kecamatan in 35.02 Kabupaten Ponorogo: 35.02.01, 35.02.02"
    ]


def test_a_point_far_from_its_neighbours_is_left_out():
    # given Ponorogo and Slahung, and Ngrayun geocoded to its namesake's place in Banten
    result = match(
        ["35.02", "KABUPATEN PONOROGO", "-7.93", "111.50"],
        ["35.02.01", "SLAHUNG", "-8.04", "111.41"],
        ["35.02.02", "NGRAYUN", "-6.21", "106.71"],
    )

    # then Ngrayun alone is left out, with the figures that show why
    assert [r.code for r in result.resolved] == ["11", "35", "33", "35.02", "35.02.01"]
    assert [(s.row, s.reason, s.message) for s in result.skipped] == [
        (
            6,
            SkipReason.FAR_AWAY,
            "the point lies 553 km from the middle of 35.02 Kabupaten Ponorogo and its 2 kecamatan, "
            "which lie 12 km from it typically (allowed: 50 km)",
        ),
    ]


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ([], "the file is empty"),
        (["code", "name", "latitude"], "missing column(s): longitude"),
    ],
)
def test_a_bad_header_leaves_every_row_unread(header, reason):
    result = match_centroids(header, [["35", "JAWA TIMUR", "", ""]], index=INDEX)

    assert result.header_errors == [RowError(0, "", reason)]
    assert result.resolved == [] and result.skipped == []


def test_a_file_without_rows_is_a_problem_of_the_file():
    result = match_centroids(HEADER, [[""]], index=INDEX)

    assert result.header_errors == [RowError(0, "", "the file has no data rows")]


def test_the_summary_counts_levels_reasons_and_widened_rows():
    result = match(
        ["94", "PAPUA", "", ""],
        ["94.01", "KABUPATEN MERAUKE", "", ""],
        ["94.01.01", "KIMAAM", "", ""],
        ["81", "ATLANTIS", "", ""],
    )

    assert result.resolved_by_level() == {1: 4, 2: 1, 3: 1}
    assert result.skipped_by_reason() == {SkipReason.NOT_FOUND: 1}
    assert [(r.code, r.widened) for r in result.resolved if r.widened] == [("93.01", True)]
