"""The pure checks of population/area and centroid files: table-driven, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pimpasa.regions.validation import (
    CENTROID_COLUMNS,
    STATS_COLUMNS,
    CentroidRecord,
    RowError,
    StatsRecord,
    check_centroids,
    check_stats,
    names_match,
)

REGISTRY = {
    "35": "Jawa Timur",
    "35.02": "Kabupaten Ponorogo",
    "35.77": "Kota Madiun",
    "35.19": "Kabupaten Madiun",
    "35.02.01": "Slahung",
    "31": "Daerah Khusus Ibukota Jakarta",
}
STATS_HEADER = list(STATS_COLUMNS)
CENTROID_HEADER = list(CENTROID_COLUMNS)


pytestmark = pytest.mark.usefixtures("english")


def stats(*rows: list[str], header: list[str] = STATS_HEADER):
    return check_stats(header, list(rows), registry=REGISTRY)


def centroids(*rows: list[str], header: list[str] = CENTROID_HEADER):
    return check_centroids(header, list(rows), registry=REGISTRY)


def test_valid_stats_rows_become_records():
    # given two good rows, one with an unknown area
    result = stats(
        ["35.02", "Kabupaten Ponorogo", "486147", "492861", "979008", "1418.618"],
        ["35", "Jawa Timur", "20894359", "21025547", "41919906", ""],
    )

    # then both are records and nothing is wrong
    assert result.ok
    assert result.records == [
        StatsRecord("35.02", 486147, 492861, 979008, Decimal("1418.618")),
        StatsRecord("35", 20894359, 21025547, 41919906, None),
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            ["99.99", "Nowhere", "1", "1", "2", "1"],
            RowError(1, "code", "unknown region code 99.99"),
        ),
        (
            ["", "Nowhere", "1", "1", "2", "1"],
            RowError(1, "code", "the code is missing"),
        ),
        (
            ["35.02", "Kabupaten Ponorogo", "1.5", "1", "2", "1"],
            RowError(1, "population_male", "'1.5' is not a whole number of 0 or more"),
        ),
        (
            ["35.02", "Kabupaten Ponorogo", "1", "-1", "2", "1"],
            RowError(1, "population_female", "'-1' is not a whole number of 0 or more"),
        ),
        (
            ["35.02", "Kabupaten Ponorogo", "1", "1", "9999999999", "1"],
            RowError(1, "population_total", "9999999999 is too large"),
        ),
        (
            ["35.02", "Kabupaten Ponorogo", "1", "1", "3", "1"],
            RowError(1, "population_total", "3 is not male + female (1 + 1 = 2)"),
        ),
        (
            ["35.02", "Kabupaten Ponorogo", "1", "1", "2", "1418,6"],
            RowError(1, "area_km2", "'1418,6' is not a number (use a dot for decimals)"),
        ),
        (
            ["35.02", "Kabupaten Ponorogo", "1", "1", "2", "-3"],
            RowError(1, "area_km2", "-3.000 is not an area in km²"),
        ),
        (
            ["35.02", "Kabupaten Madiun", "1", "1", "2", "1"],
            RowError(
                1,
                "name",
                "'Kabupaten Madiun' does not match 35.02 'Kabupaten Ponorogo' in the region registry",
            ),
        ),
        (
            ["35.02", "Kabupaten Ponorogo", "1", "1", "2"],
            RowError(1, "", "expected 6 fields, found 5"),
        ),
    ],
)
def test_a_bad_stats_row_is_named_with_its_reason(row, expected):
    result = stats(row)

    assert result.errors == [expected]
    assert result.records == []


def test_every_problem_of_a_file_is_reported_with_its_row():
    # given a good row, an unknown code on row 2 and a repeated code on row 3
    result = stats(
        ["35.02", "Kabupaten Ponorogo", "1", "1", "2", "1"],
        ["99.99", "Nowhere", "1", "1", "2", "1"],
        ["35.02", "Kabupaten Ponorogo", "1", "1", "2", "1"],
    )

    assert [str(e) for e in result.errors] == [
        "row 2 (line 3), code: unknown region code 99.99",
        "row 3 (line 4), code: code 35.02 already appears on row 1",
    ]
    assert not result.ok


def test_unknown_values_are_none_and_counts_are_checked_only_when_complete():
    result = stats(["35.02", "Kabupaten Ponorogo", "NULL", "", "979008", "null"])

    assert result.ok
    assert result.records == [StatsRecord("35.02", None, None, 979008, None)]


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ([], "the file is empty"),
        (
            ["code", "name", "population_male", "population_female", "area_km2"],
            "missing column(s): population_total",
        ),
        ([*STATS_HEADER, "code"], "repeated column(s): code"),
    ],
)
def test_a_bad_header_rejects_the_file_before_any_row(header, reason):
    result = stats(["35.02", "Kabupaten Ponorogo", "1", "1", "2", "1"], header=header)

    assert result.errors == [RowError(0, "", reason)]
    assert str(result.errors[0]) == f"header: {reason}"


def test_header_names_ignore_case_order_and_extra_columns():
    header = ["Name", "CODE", "area_km2", "population_total", "population_female", "population_male", "note"]

    result = stats(["Kabupaten Ponorogo", "35.02", "1.5", "3", "2", "1", "x"], header=header)

    assert result.records == [StatsRecord("35.02", 1, 2, 3, Decimal("1.500"))]


def test_a_file_without_data_rows_is_rejected():
    result = stats(["", ""], [])

    assert result.errors == [RowError(0, "", "the file has no data rows")]


def test_valid_centroids_are_rounded_to_six_decimals():
    result = centroids(
        ["35.02", "KABUPATEN PONOROGO", "-7.8651234", "111.4696"], ["35", "JAWA TIMUR", "NULL", "NULL"]
    )

    assert result.ok
    assert result.records == [
        CentroidRecord("35.02", Decimal("-7.865123"), Decimal("111.469600")),
        CentroidRecord("35", None, None),
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            ["34", "DI Yogyakarta", "7.7956", "110.3695"],
            [
                RowError(1, "code", "unknown region code 34"),
                RowError(1, "latitude", "7.7956 lies outside Indonesia (-11.5 to 6.5)"),
            ],
        ),
        (
            ["35", "Jawa Timur", "7.7956", "110.3695"],
            [RowError(1, "latitude", "7.7956 lies outside Indonesia (-11.5 to 6.5)")],
        ),
        (
            ["35", "Jawa Timur", "110.3695", "-7.7956"],
            [
                RowError(1, "latitude", "110.3695 lies outside Indonesia (-11.5 to 6.5)"),
                RowError(1, "longitude", "-7.7956 lies outside Indonesia (94.5 to 141.5)"),
            ],
        ),
        (
            ["35", "Jawa Timur", "-7.5", "NULL"],
            [RowError(1, "", "give both latitude and longitude, or neither")],
        ),
        (
            ["35", "Jawa Timur", "-7,5", "112"],
            [RowError(1, "latitude", "'-7,5' is not a number (use a dot for decimals)")],
        ),
    ],
)
def test_a_bad_centroid_row_is_named_with_its_reason(row, expected):
    result = centroids(row)

    assert result.errors == expected


def test_names_can_be_skipped_when_the_codes_are_trusted():
    result = check_centroids(
        CENTROID_HEADER,
        [["35.02", "KABUPATEN SIMEULUE", "-7.8", "111.4"]],
        registry=REGISTRY,
        check_names=False,
    )

    assert result.ok


@pytest.mark.parametrize(
    ("file_name", "registry_name", "expected"),
    [
        ("KABUPATEN PONOROGO", "Kabupaten Ponorogo", True),
        ("Kab Timor Tengah Selatan", "Kabupaten Timor Tengah Selatan", True),
        ("DKI JAKARTA", "Daerah Khusus Ibukota Jakarta", True),
        ("DI YOGYAKARTA", "Daerah Istimewa Yogyakarta", True),
        ("Papua Barat Oaya", "Papua Barat Daya", True),
        ("ILIR BARAT I", "Ilir Barat Satu", True),
        ("KABUPATEN KEPULAUAN SERIBU", "Kabupaten Administrasi Kepulauan Seribu", True),
        ("Bu Nuapu'u", "Bu Nuapu’u", True),
        ("POLOMBANGKENG SELATAN", "Polongbangkeng Selatan", True),
        ("KOTA MADIUN", "Kabupaten Madiun", False),
        ("PADANGSIDIMPUAN TENGGARA", "Padangsidimpuan Utara", False),
        ("GALESONG", "Galesong Selatan", False),
        ("KABUPATEN SIMEULUE", "Kabupaten Aceh Selatan", False),
        ("CIBITUNG", "Cibaliung", False),
    ],
)
def test_names_match_spelling_variants_but_not_neighbours(file_name, registry_name, expected):
    assert names_match(file_name, registry_name) is expected
