"""The order form's contact block: who ordered, where the invoice and the parcel go, how to reach
them – read from the order's own copy of the customer (as the shop sent it)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.formatting import format_quantity


def address_text(address: dict[str, str] | None) -> str:
    if not address:
        return ""
    place = " ".join(p for p in (address.get("postal_code", ""), address.get("city", "")) if p)
    parts = [p for p in (place, address.get("street", "")) if p]
    country = address.get("country", "")
    if parts and country and country != "HU":
        parts.append(country)
    return ", ".join(parts)


def contact_text(record: dict[str, Any]) -> str:
    c = record.get("customer") or {}
    rows = []
    billing = address_text(c.get("billing_address"))
    if billing:
        rows.append("Számlázási cím: " + ", ".join(p for p in (c.get("name") or "", billing) if p))
    shipping = address_text(c.get("shipping_address"))
    if shipping:
        name = c.get("shipping_name") or c.get("name") or ""
        rows.append("Szállítási cím: " + ", ".join(p for p in (name, shipping) if p))
    reach = [
        f"e-mail: {c['email']}" if c.get("email") else "",
        f"telefon: {c['phone']}" if c.get("phone") else "",
    ]
    if any(reach):
        rows.append("Elérhetőség: " + ", ".join(r for r in reach if r))
    if c.get("tax_number"):
        rows.append(f"Adószám: {c['tax_number']}")
    return "\n".join(rows)


def reservations_text(reservations: list[tuple[str, Decimal, Decimal]]) -> str:
    """What this open order holds back per line, and what is left free (negative: oversold)."""
    if not reservations:
        return ""
    parts = [
        f"{code} {format_quantity(qty)}"
        + (f" (szabad készlet: {format_quantity(free)}" + (" – túlértékesítve)" if free < 0 else ")"))
        for code, qty, free in reservations
    ]
    return "Foglal: " + " · ".join(parts)
