"""Line and document amounts, exactly as a Hungarian invoice computes them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from app.money import round_money

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class LineAmounts:
    net: Decimal
    vat: Decimal
    gross: Decimal


def line_amounts(
    quantity: Decimal,
    unit_price: Decimal,
    vat_percent: Decimal,
    *,
    price_is_gross: bool,
    currency: str = "HUF",
) -> LineAmounts:
    """Amounts of one line.

    Net-priced: net = round(qty × unit net), VAT = round(net × rate), gross = net + VAT.
    Gross-priced (webshop and retail prices): gross = round(qty × unit gross),
    net = round(gross / (1 + rate)), VAT = gross − net, so the buyer pays exactly the gross shown.
    Exempt and out-of-scope codes have a 0 percent and give VAT 0.
    """
    rate = vat_percent / HUNDRED
    if price_is_gross:
        gross = round_money(quantity * unit_price, currency)
        net = round_money(gross / (1 + rate), currency)
        return LineAmounts(net=net, vat=gross - net, gross=gross)
    net = round_money(quantity * unit_price, currency)
    vat = round_money(net * rate, currency)
    return LineAmounts(net=net, vat=vat, gross=net + vat)


@dataclass(frozen=True)
class VatSummaryRow:
    vat_code: str
    vat_percent: Decimal
    net: Decimal
    vat: Decimal
    gross: Decimal


def vat_summary(lines: Iterable[tuple[str, Decimal, LineAmounts]]) -> list[VatSummaryRow]:
    """Per-rate sums of the lines (code, percent, amounts), in order of first appearance."""
    sums: dict[str, list[Decimal]] = {}
    percents: dict[str, Decimal] = {}
    for code, percent, amounts in lines:
        row = sums.setdefault(code, [Decimal(0), Decimal(0), Decimal(0)])
        percents[code] = percent
        row[0] += amounts.net
        row[1] += amounts.vat
        row[2] += amounts.gross
    return [VatSummaryRow(code, percents[code], n, v, g) for code, (n, v, g) in sums.items()]
