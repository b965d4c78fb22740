"""Hungarian display formats: 1 234 567,89 Ft, 2026.11.23., Igen/Nem."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

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


def format_count(value: int) -> str:
    """A count as Hungarian text groups it: 92 329 (a non-breaking space between the groups)."""
    return format_decimal(Decimal(value))


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


class NumberFormatError(ValueError):
    """A number as typed that cannot be read, or could be read two ways; the text says which."""


_GROUPED = re.compile(r"\d{1,3}(?:[ .]\d{3})+")
_CURRENCY = re.compile(r"\s*(?:ft|huf|eur|€)\.?\s*$", re.IGNORECASE)


def parse_decimal(text: str) -> Decimal:
    """A number typed the Hungarian way: "," is the decimal separator; a space or "." groups
    thousands only in groups of exactly three digits ("2 490,50", "2.490,50 Ft", "1.234.567"); a lone
    "." followed by other than three digits is a decimal point ("2490.5"); "2.490" could be either and
    is refused with what to type instead."""
    raw = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    raw = _CURRENCY.sub("", raw).strip()
    sign = ""
    if raw[:1] in "-+" and raw:
        sign, raw = ("-" if raw[0] == "-" else ""), raw[1:].strip()
    if not raw:
        raise NumberFormatError("üres")
    whole, comma, frac = raw.partition(",")
    if "," in frac:
        raise NumberFormatError(f"„{text}”: egy számban csak egy tizedesvessző lehet")
    if not comma and whole.count(".") == 1 and " " not in whole:
        left, _, right = whole.partition(".")
        if len(right) == 3 and left.isdigit() and right.isdigit():
            raise NumberFormatError(
                f"„{text}” kétféleképpen is érthető. "
                f"Írja: {left}{right} vagy {left},{right.rstrip('0') or '0'}"
            )
        whole, frac, comma = left, right, "."  # an English decimal point
    if (" " in whole or "." in whole) and not _GROUPED.fullmatch(whole):
        raise NumberFormatError(
            f"„{text}”: az ezres tagolás csak hármas számcsoportokkal lehet (pl. 2 490,50)"
        )
    digits = whole.replace(" ", "").replace(".", "")
    if not digits.isdigit() or (comma and frac and not frac.isdigit()):
        raise NumberFormatError(f"„{text}” nem szám")
    try:
        return Decimal(f"{sign}{digits}.{frac}" if comma and frac else f"{sign}{digits}")
    except InvalidOperation as exc:  # pragma: no cover - the checks above leave only digits
        raise NumberFormatError(f"„{text}” nem szám") from exc
