"""Tracking codes: unguessable, grouped, and a check symbol that catches typing mistakes."""

from __future__ import annotations

import pytest

from pimpasa.reports.tracking import (
    ALPHABET,
    check_symbol,
    format_tracking_code,
    is_valid_tracking_code,
    new_tracking_code,
    normalize_tracking_code,
)

#: A code built by hand: body "K7Q49XM2T8R" and its check symbol.
BODY = "K7Q49XM2T8R"


def _valid() -> str:
    check = check_symbol(BODY)
    assert check is not None
    return format_tracking_code(BODY + check)


def test_a_new_code_has_twelve_symbols_in_three_groups_and_validates():
    code = new_tracking_code()

    assert len(code) == 14
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4]
    assert all(ch in ALPHABET for ch in "".join(groups))
    assert is_valid_tracking_code(code)


def test_new_codes_differ():
    codes = {new_tracking_code() for _ in range(500)}

    assert len(codes) == 500


def test_the_check_symbol_is_the_base32_value_modulo_37():
    value = 0
    for ch in BODY:
        value = value * 32 + ALPHABET.index(ch)

    assert check_symbol(BODY) == (ALPHABET[value % 37] if value % 37 < 32 else None)


@pytest.mark.parametrize(
    "typed",
    [
        "{code}",
        "{lower}",
        "{plain}",
        "{spaced}",
    ],
)
def test_lower_case_spaces_and_missing_hyphens_are_read(typed):
    code = _valid()
    text = typed.format(
        code=code, lower=code.lower(), plain=code.replace("-", ""), spaced=code.replace("-", " ")
    )

    assert normalize_tracking_code(text) == code


def test_letters_read_as_digits_follow_crockford():
    body = "0I1L" + "ABCDEFG"
    canonical = "0111ABCDEFG"
    check = check_symbol(canonical)
    assert check is not None

    assert normalize_tracking_code("OIIL" + "ABCDEFG" + check) == format_tracking_code(canonical + check)
    assert normalize_tracking_code(body + check) == format_tracking_code(canonical + check)


def test_every_single_wrong_symbol_is_caught():
    code = _valid().replace("-", "")

    for position in range(len(code)):
        for symbol in ALPHABET:
            if symbol == code[position]:
                continue
            typo = code[:position] + symbol + code[position + 1 :]
            assert not is_valid_tracking_code(typo), typo


def test_every_swap_of_neighbouring_symbols_is_caught():
    code = _valid().replace("-", "")

    for position in range(len(code) - 1):
        a, b = code[position], code[position + 1]
        if a == b:
            continue
        swapped = code[:position] + b + a + code[position + 2 :]
        assert not is_valid_tracking_code(swapped), swapped


@pytest.mark.parametrize("text", ["", "ABC", "K7Q4-9XM2-T8R", "K7Q4-9XM2-T8R5-X", "K7Q4-9XM2-T8R!", "U" * 12])
def test_malformed_codes_are_refused(text):
    assert normalize_tracking_code(text) is None
    assert not is_valid_tracking_code(text)
