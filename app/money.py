"""Money arithmetic: Decimal only, HUF in whole forints, others in cents, half-up away from zero."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUF = "HUF"
_WHOLE = Decimal("1")
_CENT = Decimal("0.01")


def minor_unit(currency: str) -> Decimal:
    return _WHOLE if currency.upper() == HUF else _CENT


def round_money(amount: Decimal, currency: str = HUF) -> Decimal:
    """Round an amount to the currency's precision; ROUND_HALF_UP rounds half away from zero."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def to_decimal(value: object) -> Decimal:
    """Turn user or file input into a Decimal without going through float."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        raise TypeError("float is not accepted for money; pass str or Decimal")
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    return Decimal(text)
