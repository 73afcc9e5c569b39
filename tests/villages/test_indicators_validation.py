"""Reading and checking indicator files without a database: layouts, every rule, row numbers."""

from __future__ import annotations

import io

import pytest

from pimpasa.villages.importing import (
    FileUnreadable,
    IndicatorRule,
    check_table,
    detect_layout,
    parse_number,
    read_table,
    value_problem,
)
from tests.villages.test_indicators_support import english  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("english")

REGIONS = {"35": 1, "35.02": 2, "35.02.01": 3, "35.02.01.2001": 4, "35.02.01.2002": 4}
INDICATORS = {
    "poverty_rate": IndicatorRule(1, "poverty_rate", "percent"),
    "border_coast": IndicatorRule(2, "border_coast", "flag"),
    "returned_migrants": IndicatorRule(3, "returned_migrants", "count"),
    "distance_office": IndicatorRule(4, "distance_office", "km"),
    "migrant_workers": IndicatorRule(5, "migrant_workers", "per_thousand"),
    "risk_index": IndicatorRule(6, "risk_index", "index"),
    "old_indicator": IndicatorRule(7, "old_indicator", "count", active=False),
}


def check(text: str):
    table = read_table(io.BytesIO(text.encode()), "values.csv")
    return check_table(table.header, table.rows, regions=REGIONS, indicators=INDICATORS)


def problems(text: str) -> list[tuple[int, str, str, str]]:
    return [(e.row, e.column, e.value, e.reason) for e in check(text).errors]


@pytest.mark.parametrize(
    ("header", "layout"),
    [
        (["code", "indicator", "value"], "long"),
        (["Value", "Code", "Indicator"], "long"),
        (["kode", "indikator", "nilai", "nama"], "long"),
        (["code", "poverty_rate", "border_coast"], "wide"),
        (["code", "name", "poverty_rate"], "wide"),
    ],
)
def test_the_layout_follows_the_header(header, layout):
    assert detect_layout(header) == layout


def test_a_long_file_gives_one_record_per_row():
    checked = check("code,indicator,value\n35.02,poverty_rate,10.5\n35.02.01.2001,border_coast,1\n")

    assert checked.ok
    assert checked.layout == "long"
    assert checked.rows == 2
    assert checked.records == [(1, "35.02", 10.5), (2, "35.02.01.2001", 1.0)]
    assert checked.indicator_codes == {"poverty_rate", "border_coast"}


def test_a_wide_file_skips_empty_cells_and_ignores_the_name_column():
    checked = check(
        "code,name,poverty_rate,border_coast\n"
        "35.02,Kabupaten Ponorogo,10.5,\n"
        "35.02.01.2001,Tugurejo,,0\n"
        "35.02.01.2002,Senepo,  ,1\n"
    )

    assert checked.ok
    assert checked.layout == "wide"
    assert checked.records == [(1, "35.02", 10.5), (2, "35.02.01.2001", 0.0), (2, "35.02.01.2002", 1.0)]


def test_semicolons_and_a_byte_order_mark_are_read():
    table = read_table(io.BytesIO("\ufeffcode;poverty_rate\n35.02;12\n".encode()), "data.csv")

    assert table.header == ["code", "poverty_rate"]
    assert table.rows == [(2, ["35.02", "12"])]


def test_blank_rows_are_skipped_but_keep_the_numbering():
    assert problems("code,indicator,value\n\n35.02,poverty_rate,x\n,,\n35.02,poverty_rate,101\n") == [
        (3, "value", "x", "not a number (use a dot for decimals, no separators)"),
        (5, "value", "101", "a percentage must lie between 0 and 100"),
        (5, "code, indicator", "35.02 poverty_rate", "the same region and indicator as row 3"),
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("35.99,poverty_rate,10", (2, "code", "35.99", "unknown region code")),
        (
            "35,poverty_rate,10",
            (2, "code", "35", "a province: values are imported for kabupaten/kota, kecamatan or villages"),
        ),
        (",poverty_rate,10", (2, "code", "", "the region code is missing")),
        ("35.02,gdp,10", (2, "indicator", "gdp", "unknown indicator code")),
        ("35.02,old_indicator,10", (2, "indicator", "old_indicator", "the indicator is inactive")),
        ("35.02,,10", (2, "indicator", "", "the indicator code is missing")),
        ("35.02,poverty_rate,", (2, "value", "", "the value is missing")),
        (
            "35.02,poverty_rate,ten",
            (2, "value", "ten", "not a number (use a dot for decimals, no separators)"),
        ),
        (
            '35.02,poverty_rate,"12,5"',
            (2, "value", "12,5", "not a number (use a dot for decimals, no separators)"),
        ),
        (
            "35.02,poverty_rate,NaN",
            (2, "value", "NaN", "not a number (use a dot for decimals, no separators)"),
        ),
        ("35.02,poverty_rate,100.01", (2, "value", "100.01", "a percentage must lie between 0 and 100")),
        ("35.02,poverty_rate,-1", (2, "value", "-1", "a percentage must lie between 0 and 100")),
        ("35.02,border_coast,2", (2, "value", "2", "a yes/no indicator takes 1 (yes) or 0 (no)")),
        ("35.02,border_coast,0.5", (2, "value", "0.5", "a yes/no indicator takes 1 (yes) or 0 (no)")),
        ("35.02,returned_migrants,-3", (2, "value", "-3", "this indicator cannot be negative")),
        ("35.02,distance_office,-0.1", (2, "value", "-0.1", "this indicator cannot be negative")),
        ("35.02,migrant_workers,-2", (2, "value", "-2", "this indicator cannot be negative")),
        ("35.02,poverty_rate,10,extra", (2, "column 4", "extra", "a value outside the named columns")),
    ],
)
def test_each_long_form_rule_names_row_column_value_and_reason(row, expected):
    checked = check("code,indicator,value\n" + row + "\n")

    assert [(e.row, e.column, e.value, e.reason) for e in checked.errors] == [expected]
    assert not checked.ok


def test_an_index_may_be_negative_and_bounds_are_inclusive():
    checked = check(
        "code,indicator,value\n35.02,risk_index,-4.5\n35.02,poverty_rate,0\n35.02.01,poverty_rate,100\n"
        "35.02,border_coast,1\n35.02.01,returned_migrants,0\n35.02,distance_office,1e2\n"
    )

    assert checked.ok
    assert [r[2] for r in checked.records] == [-4.5, 0.0, 100.0, 1.0, 0.0, 100.0]


def test_wide_form_rules():
    assert problems(
        "code,poverty_rate,gdp,old_indicator,poverty_rate\n35.02,10,1,2,3\n35.02.01,150,,,\n35.02,1,,,\n"
    ) == [
        (1, "poverty_rate", "poverty_rate", "the column appears twice"),
        (1, "gdp", "gdp", "unknown indicator code"),
        (1, "old_indicator", "old_indicator", "the indicator is inactive"),
        (3, "poverty_rate", "150", "a percentage must lie between 0 and 100"),
        (4, "code", "35.02", "the region is already on row 2 (one row per region in the wide form)"),
    ]


def test_a_wide_column_without_a_name_is_an_error_only_when_it_holds_values():
    assert check("code,poverty_rate,\n35.02,10,\n").ok
    assert problems("code,poverty_rate,\n35.02,10,\n35.02.01,11,7\n") == [
        (3, "column 3", "7", "a column without a name in the first row holds values"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "region,poverty_rate\n35.02,1\n",
            [(1, "", "", "no “code” column: the first row must name the columns")],
        ),
        (
            "code,value\n35.02,1\n",
            [
                (
                    1,
                    "",
                    "",
                    "the long form needs the columns code, indicator and value (“indicator” is missing)",
                )
            ],
        ),
        (
            "code,indicator,value,period\n35.02,poverty_rate,1,2024\n",
            [(1, "period", "period", "unexpected column in the long form")],
        ),
        (
            "code,name\n35.02,Ponorogo\n",
            [(1, "", "", "no indicator columns: name one column per indicator code")],
        ),
        ("code,poverty_rate\n", [(0, "", "", "the file has no data rows")]),
        ("code,poverty_rate\n35.02,\n", [(0, "", "", "the file holds no values")]),
    ],
)
def test_header_and_file_problems(text, expected):
    assert problems(text) == expected


def test_every_problem_of_a_file_is_reported_at_once():
    checked = check("code,indicator,value\n35.99,gdp,x\n35.02,poverty_rate,5\n")

    assert [str(e) for e in checked.errors] == [
        "row 2, code “35.99”: unknown region code",
        "row 2, indicator “gdp”: unknown indicator code",
        "row 2, value “x”: not a number (use a dot for decimals, no separators)",
    ]
    assert checked.records == [(1, "35.02", 5.0)]


def test_xlsx_cells_keep_their_numbers_and_codes_stored_as_numbers_are_explained():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in (
        ["code", "indicator", "value", None],
        ["35.02", "poverty_rate", 10.25, None],
        [None, None, None, None],
        [35.1, "poverty_rate", 3, None],
        ["35.02.01", "border_coast", True, None],
    ):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    table = read_table(buffer, "Data.XLSX")
    checked = check_table(table.header, table.rows, regions=REGIONS, indicators=INDICATORS)

    assert table.header == ["code", "indicator", "value"]
    assert [row for row, _cells in table.rows] == [2, 4, 5]
    assert [(e.row, e.column, e.value, e.reason) for e in checked.errors] == [
        (4, "code", "35.1", "unknown region code (stored as a number: format the code column as text)"),
        (5, "value", "TRUE", "not a number (use a dot for decimals, no separators)"),
    ]
    assert checked.records == [(1, "35.02", 10.25)]


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (b"code,x\n", "values.txt", "only CSV and XLSX files are read (this one ends in “.txt”)"),
        (b"\xff\xfecode", "values.csv", "the file is not UTF-8 text (save the CSV as UTF-8)"),
        (b"", "values.csv", "the file is empty: the first row must name the columns"),
        (b"not a zip", "values.xlsx", "the file is not an XLSX workbook"),
    ],
)
def test_unreadable_files(content, name, reason):
    with pytest.raises(FileUnreadable) as raised:
        read_table(io.BytesIO(content), name)

    assert raised.value.reason == reason


@pytest.mark.parametrize(
    ("cell", "number"),
    [("12.5", 12.5), (" 3 ", 3.0), ("-0.5", -0.5), (".5", 0.5), ("1e3", 1000.0), (7, 7.0), (2.5, 2.5)],
)
def test_plain_numbers_are_read(cell, number):
    assert parse_number(cell) == number


@pytest.mark.parametrize("cell", ["", "1,5", "1.000,5", "10%", "inf", "nan", "0x10", "1_000", True, None])
def test_other_text_is_not_a_number(cell):
    assert parse_number(cell) is None


@pytest.mark.parametrize(
    ("unit", "value", "fits"),
    [
        ("percent", 0, True),
        ("percent", 100, True),
        ("percent", 100.5, False),
        ("flag", 1, True),
        ("flag", 0.0, True),
        ("flag", 1.5, False),
        ("count", 0, True),
        ("count", -1, False),
        ("km", -0.01, False),
        ("per_thousand", 1500, True),
        ("index", -99, True),
    ],
)
def test_value_fits_unit(unit, value, fits):
    assert (value_problem(unit, value) is None) is fits
