"""Discounts, shipping and handling shared out over the VAT rates of the goods they go with.

Áfa tv. 70. § (2): a discount lowers the tax base of the goods it is given on, and an incidental
cost such as delivery belongs to the tax base of the goods delivered. A webshop sends a basket-wide
coupon or its shipping fee as one line at one rate (usually 27 %); booked that way, a basket of
books (5 %) with a 27 % coupon pays too little VAT. So each such line becomes one line per VAT
rate of the basket's goods, in proportion to their gross value; the amounts add up to the
original line exactly, so the buyer's total does not move.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from app.invoice_data.pricing import HUNDRED, share_out
from app.money import minor_unit, round_money

# Line roles: what a line is, decided when the order is imported (the shop's line ids).
GOODS = "goods"
SERVICE = "service"
DISCOUNT = "discount"
SHIPPING = "shipping"
HANDLING = "handling"
# A redeemed (multi-purpose) voucher: a payment, not a price reduction – it never lowers the tax
# base, so it stays off the invoice's lines and is shown as paid.
VOUCHER = "voucher"
APPORTIONED = (DISCOUNT, SHIPPING, HANDLING)
# Incidental costs: the per-shop option may keep these at the shop's rate.
INCIDENTAL = (SHIPPING, HANDLING)


@dataclass(frozen=True)
class DraftLine:
    """A line of an invoice being prepared (amounts are computed later, per rate)."""

    role: str
    name: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    price_is_gross: bool
    vat_code: str
    vat_percent: Decimal
    product_id: int | None = None
    product_code: str = ""
    stock_item: bool = False
    # The order line this came from (its position), so the split can be shown against the order.
    source_position: int | None = None
    split: bool = False  # one of the per-rate parts of a discount or cost line

    @property
    def value(self) -> Decimal:
        """Quantity × unit price in the line's own pricing (gross or net)."""
        return self.quantity * self.unit_price

    @property
    def gross_value(self) -> Decimal:
        if self.price_is_gross:
            return self.value
        return self.value * (1 + self.vat_percent / HUNDRED)


def rate_label(code: str) -> str:
    return f"{code}-os" if code.endswith("%") else code


def apportion(
    lines: Sequence[DraftLine], currency: str, *, keep_incidental_rate: bool = False
) -> list[DraftLine]:
    """Every discount, shipping and handling line split over the goods' VAT rates.

    The weights are the gross values of the other lines per rate. A basket whose goods all have
    the line's own rate, or no goods at all, leaves the line as it is.
    """
    base: dict[str, tuple[Decimal, Decimal]] = {}  # code → (percent, gross value)
    for line in lines:
        if line.role not in APPORTIONED:
            percent, value = base.get(line.vat_code, (line.vat_percent, Decimal(0)))
            base[line.vat_code] = (percent, value + line.gross_value)
    weights = {code: value for code, (_p, value) in base.items() if value > 0}
    total = sum(weights.values(), Decimal(0))
    out: list[DraftLine] = []
    for line in lines:
        split = line.role in APPORTIONED and not (keep_incidental_rate and line.role in INCIDENTAL)
        if not split or total <= 0 or set(weights) == {line.vat_code}:
            out.append(line)
            continue
        amount = round_money(line.value, currency)
        codes = list(weights)
        shares = share_out(amount, [amount * weights[c] / total for c in codes], minor_unit(currency))
        for code, share in zip(codes, shares, strict=True):
            if share == 0:
                continue
            out.append(
                replace(
                    line,
                    name=f"{line.name} – {rate_label(code)} tételekre",
                    quantity=Decimal(1),
                    unit_price=share,
                    vat_code=code,
                    vat_percent=base[code][0],
                    split=True,
                )
            )
    return out
