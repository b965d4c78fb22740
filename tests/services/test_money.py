from decimal import Decimal as D

import pytest

from app.invoice_data.pricing import line_amounts, vat_summary
from app.money import round_money, to_decimal


def test_net_priced_line_from_the_issue() -> None:
    a = line_amounts(D(3), D("1234.57"), D(27), price_is_gross=False)
    assert (a.net, a.vat, a.gross) == (D(3704), D(1000), D(4704))


def test_gross_priced_line_keeps_the_buyers_gross() -> None:
    a = line_amounts(D(2), D(12700), D(27), price_is_gross=True)
    assert (a.net, a.vat, a.gross) == (D(20000), D(5400), D(25400))


def test_gross_priced_line_at_5_percent() -> None:
    a = line_amounts(D(1), D(5000), D(5), price_is_gross=True)
    assert (a.net, a.vat, a.gross) == (D(4762), D(238), D(5000))


def test_exempt_line_has_no_vat() -> None:
    a = line_amounts(D(2), D("999.5"), D(0), price_is_gross=False)
    assert (a.net, a.vat, a.gross) == (D(1999), D(0), D(1999))


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (D("0.5"), "HUF", D(1)),
        (D("-0.5"), "HUF", D(-1)),  # half away from zero, also for discounts
        (D("2.5"), "HUF", D(3)),
        (D("1.005"), "EUR", D("1.01")),
        (D("-1.005"), "EUR", D("-1.01")),
    ],
)
def test_rounding_half_up_away_from_zero(amount: D, currency: str, expected: D) -> None:
    assert round_money(amount, currency) == expected


def test_eur_lines_round_to_cents() -> None:
    a = line_amounts(D(3), D("19.99"), D(27), price_is_gross=True, currency="EUR")
    assert (a.gross, a.net, a.vat) == (D("59.97"), D("47.22"), D("12.75"))


def test_vat_summary_sums_lines_per_rate() -> None:
    lines = [
        ("27%", D(27), line_amounts(D(3), D("1234.57"), D(27), price_is_gross=False)),
        ("5%", D(5), line_amounts(D(1), D(5000), D(5), price_is_gross=True)),
        ("27%", D(27), line_amounts(D(2), D(12700), D(27), price_is_gross=True)),
    ]
    rows = {r.vat_code: r for r in vat_summary(lines)}
    assert (rows["27%"].net, rows["27%"].vat, rows["27%"].gross) == (D(23704), D(6400), D(30104))
    assert (rows["5%"].net, rows["5%"].vat) == (D(4762), D(238))


def test_user_input_never_goes_through_float() -> None:
    assert to_decimal("1 234,57") == D("1234.57")
    with pytest.raises(TypeError):
        to_decimal(0.1)
