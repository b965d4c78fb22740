"""Hungarian number formats: groups of three digits joined by a non-breaking space."""

from __future__ import annotations

from decimal import Decimal as D

from app.formatting import NBSP, format_count, format_money


def test_counts_and_money_are_grouped_as_hungarian_text_groups_them() -> None:
    assert format_count(5) == "5"
    assert format_count(999) == "999"
    assert format_count(92329) == f"92{NBSP}329"  # the start page's count of 100,000 invoices
    assert format_count(1234567) == f"1{NBSP}234{NBSP}567"
    assert format_money(D("-1234567.5"), "EUR") == f"-1{NBSP}234{NBSP}567,50"
