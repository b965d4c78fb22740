"""Amounts per VAT rate: rounded once per rate, shared out so the lines add up exactly."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from app.invoice_data.pricing import PricedLine, forint_amounts, line_amounts, price_lines, share_out


def test_a_single_line() -> None:
    a = line_amounts(D(2), D(12700), D(27), price_is_gross=True)
    assert (a.net, a.vat, a.gross) == (D(20000), D(5400), D(25400))
    b = line_amounts(D(3), D("1234.57"), D(27), price_is_gross=False)
    assert (b.net, b.vat, b.gross) == (D(3704), D(1000), D(4704))


def test_many_cheap_lines_keep_the_rates_vat_within_a_forint() -> None:
    """Rounded line by line, 40 lines of 5 Ft gross give VAT 40 (1 each); the rate's is 43."""
    lines = [PricedLine("27%", D(27), D(1), D(5), True) for _ in range(40)]
    amounts = price_lines(lines)
    net = sum(a.net for a in amounts)
    vat = sum(a.vat for a in amounts)
    assert (net + vat, net) == (D(200), D(157)) and abs(vat - net * D("0.27")) <= D("0.64")


@given(
    st.lists(
        st.integers(min_value=-10_000, max_value=10_000).map(lambda c: D(c) / 100), min_size=1, max_size=12
    )
)
def test_share_out_adds_up_and_stays_within_one_unit(ideals: list[D]) -> None:
    total = sum(ideals, D(0)).quantize(D(1))
    shares = share_out(total, ideals, D(1))
    assert sum(shares, D(0)) == total
    assert all(abs(s - i) < 1 for s, i in zip(shares, ideals, strict=True))


def test_forint_amounts_add_up_to_the_rates_forints() -> None:
    lines = [PricedLine("27%", D(27), D(1), D("0.99"), True) for _ in range(9)]
    amounts = price_lines(lines, "EUR")
    huf = forint_amounts(["27%"] * 9, amounts, "EUR", D("391.37"))
    net_total = sum((a.net for a in amounts), D(0))
    assert sum(h.net for h in huf) == (net_total * D("391.37")).quantize(D(1))
    assert all(h.gross == h.net + h.vat for h in huf)
