"""Prices and quantities as a Hungarian types them, and the one ambiguous form refused with advice."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from app.formatting import NumberFormatError, parse_decimal


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("2490", D(2490)),
        ("2 490,50", D("2490.50")),
        ("2\u00a0490,50", D("2490.50")),
        ("2.490,50 Ft", D("2490.50")),
        ("2490,5", D("2490.5")),
        ("2490.5", D("2490.5")),
        ("0.25", D("0.25")),
        ("1.234.567", D(1234567)),
        ("1 234 567 Ft", D(1234567)),
        ("-1 000,5", D("-1000.5")),
        ("12,", D(12)),
        ("3", D(3)),
    ],
)
def test_hungarian_numbers(typed: str, value: D) -> None:
    assert parse_decimal(typed) == value


def test_an_ambiguous_thousands_dot_is_refused_with_what_to_type() -> None:
    with pytest.raises(NumberFormatError) as refused:
        parse_decimal("2.490")
    assert "Írja: 2490 vagy 2,49" in str(refused.value)


@pytest.mark.parametrize("typed", ["2 49,5", "24 90", "1,2,3", "abc", "12.34.5", "", "Ft", "1.2345,6"])
def test_what_is_not_a_number_is_refused(typed: str) -> None:
    with pytest.raises(NumberFormatError):
        parse_decimal(typed)
