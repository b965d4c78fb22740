"""Line and document amounts, computed per VAT rate so that NAV's tolerances always hold.

Rounding each line's net from its gross on its own lets the errors add up: on a small invoice of
many cheap lines the VAT of a rate then misses "net × rate" by more than NAV's tolerance (1 %, at
least 1 Ft). So the rate is the unit: the gross (or net) total of a rate is converted once, and
the rounded total is shared out over its lines by the largest-remainder rule — every line stays
within one minor unit of its exact value and the lines add up to the rate's total exactly.

Gross-priced lines (webshop, retail) keep their gross to the fillér the buyer was shown;
net-priced lines keep their net. Forint figures of a foreign-currency invoice are made the same
way: per rate from the rate's totals, then shared out over the lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from app.money import HUF, minor_unit, round_money

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class LineAmounts:
    net: Decimal
    vat: Decimal
    gross: Decimal


@dataclass(frozen=True)
class PricedLine:
    """What a line's amounts are computed from; ``fixed`` keeps given amounts (a storno's copies)."""

    vat_code: str
    vat_percent: Decimal
    quantity: Decimal
    unit_price: Decimal
    price_is_gross: bool
    fixed: LineAmounts | None = None


def share_out(total: Decimal, ideals: Sequence[Decimal], unit: Decimal) -> list[Decimal]:
    """``ideals`` rounded to ``unit`` so that they add up to ``total`` exactly (largest remainder).

    Each result is within one ``unit`` of its ideal value. Works for negative values too.
    """
    if not ideals:
        return []
    floors = [(x / unit).to_integral_value(rounding=ROUND_FLOOR) * unit for x in ideals]
    missing = int(((total - sum(floors, Decimal(0))) / unit).to_integral_value())
    # Units go to the largest remainders first; ties keep the lines' order (stable sort).
    order = sorted(range(len(ideals)), key=lambda i: -(ideals[i] - floors[i]))
    out = list(floors)
    if missing >= 0:
        for k in range(missing):
            out[order[k % len(order)]] += unit
    else:
        for k in range(-missing):
            out[order[-1 - (k % len(order))]] -= unit
    return out


def price_lines(lines: Sequence[PricedLine], currency: str = HUF) -> list[LineAmounts]:
    """The amounts of every line, computed per VAT rate (see the module's docstring)."""
    unit = minor_unit(currency)
    out: list[LineAmounts | None] = [line.fixed for line in lines]
    groups: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if line.fixed is None:
            groups.setdefault(line.vat_code, []).append(index)
    for members in groups.values():
        rate = lines[members[0]].vat_percent / HUNDRED
        if all(lines[i].price_is_gross for i in members):
            gross = [round_money(lines[i].quantity * lines[i].unit_price, currency) for i in members]
            net_total = round_money(sum(gross, Decimal(0)) / (1 + rate), currency)
            nets = share_out(net_total, [g / (1 + rate) for g in gross], unit)
            for i, g, n in zip(members, gross, nets, strict=True):
                out[i] = LineAmounts(n, g - n, g)
            continue
        # Net-priced (a gross-priced line among them counts with its exact net).
        exact = [
            lines[i].quantity * lines[i].unit_price / ((1 + rate) if lines[i].price_is_gross else 1)
            for i in members
        ]
        nets = [round_money(x, currency) for x in exact]
        vat_total = round_money(sum(nets, Decimal(0)) * rate, currency)
        vats = share_out(vat_total, [n * rate for n in nets], unit)
        for i, n, v in zip(members, nets, vats, strict=True):
            out[i] = LineAmounts(n, v, n + v)
    return [a for a in out if a is not None]


def line_amounts(
    quantity: Decimal,
    unit_price: Decimal,
    vat_percent: Decimal,
    *,
    price_is_gross: bool,
    currency: str = HUF,
) -> LineAmounts:
    """The amounts of a line on its own (a document of one line at this rate)."""
    [amounts] = price_lines([PricedLine("", vat_percent, quantity, unit_price, price_is_gross)], currency)
    return amounts


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


def forint_amounts(
    codes: Sequence[str], amounts: Sequence[LineAmounts], currency: str, rate: Decimal
) -> list[LineAmounts]:
    """Each line in forints: per VAT rate from the rate's totals, shared out over its lines.

    The gross is net + VAT, so every HUF figure of the invoice adds up exactly.
    """
    if currency == HUF:
        return list(amounts)
    unit = Decimal(1)
    out: list[LineAmounts | None] = [None] * len(amounts)
    groups: dict[str, list[int]] = {}
    for index, code in enumerate(codes):
        groups.setdefault(code, []).append(index)
    for members in groups.values():
        net_total = round_money(sum((amounts[i].net for i in members), Decimal(0)) * rate, HUF)
        vat_total = round_money(sum((amounts[i].vat for i in members), Decimal(0)) * rate, HUF)
        nets = share_out(net_total, [amounts[i].net * rate for i in members], unit)
        vats = share_out(vat_total, [amounts[i].vat * rate for i in members], unit)
        for i, n, v in zip(members, nets, vats, strict=True):
            out[i] = LineAmounts(n, v, n + v)
    return [a for a in out if a is not None]
