"""Hungarian display formats: 1 234 567,89 Ft, 2026.11.23., Igen/Nem."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from app.timeutil import to_local

NBSP = "\u00a0"


def format_decimal(value: Decimal | None, decimals: int | None = None) -> str:
    if value is None:
        return ""
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals))
    sign = "-" if value < 0 else ""
    text = f"{abs(value):f}"
    whole, _, frac = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + NBSP.join(groups)
    return f"{out},{frac}" if frac else out


def format_quantity(value: Decimal | None) -> str:
    """Quantities without trailing zeros: 3, 2,5, 0,125."""
    if value is None:
        return ""
    normal = value.normalize()
    if normal == normal.to_integral():
        return format_decimal(normal.quantize(Decimal(1)))
    return format_decimal(normal)


def format_money(value: Decimal | None, currency: str = "HUF") -> str:
    if value is None:
        return ""
    decimals = 0 if currency == "HUF" else 2
    return format_decimal(value, decimals)


def format_price(value: Decimal | None) -> str:
    """Unit prices in lists: whole forints when whole, otherwise 2 decimals (net prices derived
    from gross ones carry 4 decimals in the database, which nobody wants to read)."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return format_decimal(value, 0)
    return format_decimal(value, 2)


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return to_local(value).strftime("%Y.%m.%d. %H:%M")
    return value.strftime("%Y.%m.%d.")


def format_bool(value: bool | None) -> str:
    return "Igen" if value else "Nem"


def parse_decimal(text: str) -> Decimal:
    """Read a number typed the Hungarian way (1 234,5) or the English way (1234.5)."""
    from app.money import to_decimal

    return to_decimal(text)
