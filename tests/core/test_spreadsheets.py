"""Export cells never run as spreadsheet formulas."""

from __future__ import annotations

import pytest

from pimpasa.core.spreadsheets import safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+62 812", "'+62 812"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Sukorejo", "Sukorejo"),
        ("", ""),
        (61.13, 61.13),
        (-3, -3),
        (None, None),
    ],
)
def test_text_that_starts_a_formula_gets_a_quote(value: object, expected: object) -> None:
    assert safe_cell(value) == expected
