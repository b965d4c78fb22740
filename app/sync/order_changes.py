"""What the shop changed on an order we imported, and whether we may follow it.

An open order that nobody edited here follows the shop (lines, quantities, addresses; its
reservations follow the lines). An order edited or already invoiced here keeps what it has: the
difference is kept on its link and shown, and for an open order "Átvétel a webáruházból" applies
it on the next sync.
"""

from __future__ import annotations

from decimal import Decimal

from app.db.documents import Document
from app.formatting import format_money, format_quantity
from app.unas.records import ShopOrder

NOTHING = "nincs érdemi eltérés"
# Written to a link's pending_change by "Átvétel a webáruházból": the next sync applies the shop's
# version even though the order was edited here.
ADOPT = "átvétel kérve"


def differences(document: Document, order: ShopOrder, old_status: str | None) -> list[str]:
    """Hungarian lines naming what differs between our document and the shop's order."""
    out: list[str] = []
    ours: dict[str, Decimal] = {}
    for line in document.lines:
        key = line.product_code or line.name
        ours[key] = ours.get(key, Decimal(0)) + line.quantity
    theirs: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    for shop_line in order.lines:
        key = shop_line.sku or shop_line.name
        if shop_line.is_synthetic or (shop_line.may_be_synthetic and key not in ours):
            # service lines are compared by their amounts below
            continue
        theirs[key] = theirs.get(key, Decimal(0)) + shop_line.quantity
        names[key] = shop_line.name
    for line in document.lines:
        if line.product_code and line.product_code not in theirs and line.stock_item:
            out.append(f"tétel törölve: {line.product_code} {line.name}")
    for key, qty in theirs.items():
        if key not in ours:
            out.append(f"új tétel: {key} {names[key]} ({format_quantity(qty)})")
        elif ours[key] != qty:
            out.append(f"mennyiség: {key} {format_quantity(ours[key])} → {format_quantity(qty)}")
    shop_total = order.sum_price_gross
    if shop_total is not None and abs(shop_total - document.gross_total) > Decimal(1):
        cur = document.currency
        out.append(f"végösszeg: {format_money(document.gross_total, cur)} → {format_money(shop_total, cur)}")
    inv, ship = order.customer.invoice_address, order.customer.shipping_address
    for label, ours_text, theirs_text in (
        ("számlázási cím", _addr(document, "billing"), _join(inv.zip, inv.city, inv.street)),
        ("szállítási cím", _addr(document, "shipping"), _join(ship.zip, ship.city, ship.street)),
        ("csomagpont", document.shipping_point_id, ship.delivery_point_id or ""),
    ):
        if theirs_text and ours_text != theirs_text:
            out.append(f"{label}: {ours_text or '–'} → {theirs_text}")
    if order.status and old_status and order.status != old_status:
        out.append(f"állapot: {old_status} → {order.status}")
    return out


def _addr(document: Document, prefix: str) -> str:
    return _join(
        getattr(document, f"{prefix}_postal_code"),
        getattr(document, f"{prefix}_city"),
        getattr(document, f"{prefix}_street"),
    )


def _join(*parts: str | None) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())
