"""Szedőlista and szállítólevél for webshop orders: what to take from which shelf, and what goes in
the parcel.

The picking list sums the goods of the selected open orders per warehouse and product, in the order
a picker walks the warehouse (storage location, then code), and names the orders each product is for.
A delivery note is numbered once (its own SZL series) at its first print and keeps that number; it
does not move stock – the invoice made from the order does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.catalog import Product
from app.db.company import Company
from app.db.documents import Document, DocumentKind, DocumentLine, DocumentStatus
from app.db.shop_links import ShopOrderLink
from app.db.stock import Warehouse
from app.errors import ValidationError
from app.services.numbering import DELIVERY_NOTE_PREFIX, allocate_number
from app.timeutil import budapest_today


@dataclass
class PickRow:
    warehouse: str
    location: str
    code: str
    name: str
    unit: str
    quantity: Decimal
    orders: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PickingList:
    made_on: date
    orders: list[tuple[str, str]]  # (order number, customer)
    rows: list[PickRow]


@dataclass(frozen=True)
class DeliveryLine:
    code: str
    name: str
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class DeliveryNote:
    number: str
    made_on: date
    order_number: str
    shop_order: str
    seller: list[str]
    recipient: list[str]
    buyer: list[str]
    shipping_method: str
    note: str
    lines: list[DeliveryLine]


def _open_orders(session: Session, order_ids: list[int]) -> list[Document]:
    if not order_ids:
        raise ValidationError("Jelöljön ki legalább egy rendelést.")
    orders = list(
        session.scalars(select(Document).where(Document.id.in_(order_ids)).order_by(Document.number))
    )
    if len(orders) != len(set(order_ids)):
        raise ValidationError("A kijelölt rendelések egyike nem található (talán közben törölték).")
    for order in orders:
        if order.kind != DocumentKind.CUSTOMER_ORDER:
            raise ValidationError(f"A(z) {order.number} nem vevői rendelés.")
        if order.status != DocumentStatus.OPEN:
            raise ValidationError(
                f"A(z) {order.number} rendelés nem nyitott (teljesített vagy lemondott): nincs mit kiszedni."
            )
    return orders


def picking_list(session: Session, order_ids: list[int], today: date | None = None) -> PickingList:
    orders = _open_orders(session, order_ids)
    stmt = (
        select(
            Warehouse.id,
            Warehouse.name,
            Product.location,
            Product.code,
            Product.name,
            DocumentLine.unit,
            DocumentLine.quantity,
            Document.number,
        )
        .join(Document, Document.id == DocumentLine.document_id)
        .join(Warehouse, Warehouse.id == Document.warehouse_id)
        .join(Product, Product.id == DocumentLine.product_id)
        .where(DocumentLine.document_id.in_([o.id for o in orders]), DocumentLine.stock_item.is_(True))
    )
    rows: dict[tuple[int, str], PickRow] = {}
    for warehouse_id, warehouse, location, code, name, unit, quantity, number in session.execute(stmt):
        row = rows.setdefault(
            (warehouse_id, code), PickRow(warehouse, location, code, name, unit, Decimal(0))
        )
        row.quantity += quantity
        if number not in row.orders:
            row.orders.append(number)
    # The warehouses in their own order (the main one first); in each, rows without a location go
    # last: they are looked for, not walked to.
    keys = sorted(
        rows,
        key=lambda k: (k[0], rows[k].location == "", rows[k].location.casefold(), rows[k].code.casefold()),
    )
    ordered = [rows[k] for k in keys]
    for row in ordered:
        row.orders.sort()
    return PickingList(today or budapest_today(), [(o.number, o.customer_name) for o in orders], ordered)


def _address(name: str, postal_code: str, city: str, street: str, country: str) -> list[str]:
    place = " ".join(p for p in (postal_code, city) if p)
    lines = [name, place, street]
    if country and country != "HU":
        lines.append(country)
    return [line for line in lines if line]


def delivery_note(session: Session, order_id: int, today: date | None = None) -> DeliveryNote:
    """The order's delivery note; the first call numbers it (in the caller's transaction)."""
    order = _deliverable(session, order_id)
    made_on = today or budapest_today()
    if not order.delivery_note_number:
        order.delivery_note_number = allocate_number(session, DELIVERY_NOTE_PREFIX, made_on)
        session.flush()
    company = session.scalar(select(Company)) or Company()
    seller = _address(company.name, company.postal_code, company.city, company.street, company.country)
    if company.tax_number:
        seller.append(f"Adószám: {company.tax_number}")
    recipient = _address(
        order.shipping_name or order.customer_name,
        order.shipping_postal_code,
        order.shipping_city,
        order.shipping_street,
        order.shipping_country,
    )
    if order.shipping_point_id:
        recipient.append(
            f"Csomagpont: {order.shipping_point_id}"
            + (f" ({order.shipping_point_group})" if order.shipping_point_group else "")
        )
    if order.shipping_recipient:
        recipient.append(f"Átvevő: {order.shipping_recipient}")
    if order.customer_phone:
        recipient.append(f"Telefon: {order.customer_phone}")
    buyer = _address(
        order.customer_name,
        order.billing_postal_code,
        order.billing_city,
        order.billing_street,
        order.billing_country,
    )
    shop_order = session.scalar(
        select(ShopOrderLink.display_key).where(ShopOrderLink.document_id == order.id)
    )
    lines = [
        DeliveryLine(line.product_code, line.name, line.quantity, line.unit)
        for line in order.lines
        if line.stock_item
    ]
    return DeliveryNote(
        number=order.delivery_note_number,
        made_on=made_on,
        order_number=order.number,
        shop_order=shop_order or "",
        seller=seller,
        recipient=recipient,
        buyer=buyer,
        shipping_method=order.shipping_method.name if order.shipping_method else "",
        note=order.header_note,
        lines=lines,
    )


def _deliverable(session: Session, order_id: int) -> Document:
    order = session.get(Document, order_id)
    if order is None or order.kind != DocumentKind.CUSTOMER_ORDER:
        raise ValidationError("Szállítólevél vevői rendelésből készülhet; a rendelés nem található.")
    if order.status == DocumentStatus.CANCELLED:
        raise ValidationError(f"A(z) {order.number} rendelést lemondták: szállítólevél nem készül hozzá.")
    if not any(line.stock_item for line in order.lines):
        raise ValidationError(f"A(z) {order.number} rendelésben nincs kiszállítandó termék.")
    return order


def picking_list_pdf(session: Session, order_ids: list[int], today: date | None = None) -> bytes:
    return render_picking(picking_list(session, order_ids, today))


def render_picking(picking: PickingList) -> bytes:
    from app.output.picking_pdf import render_picking_list

    return render_picking_list(picking.made_on, picking.orders, picking.rows)


def delivery_note_pdf(session: Session, order_id: int, today: date | None = None) -> tuple[str, bytes]:
    """The note's number and PDF; numbers it at the first call (use a writing transaction)."""
    from dataclasses import asdict

    from app.output.picking_pdf import render_delivery_note

    note = delivery_note(session, order_id, today)
    values = asdict(note)
    values["lines"] = note.lines
    return note.number, render_delivery_note(**values)
