"""Filling a document from its input: header values, the customer's snapshot, priced lines.

Shared by every kind of document (app.services.documents) and the order import's Core writer.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.db.catalog import PaymentMethod, Product, ProductKind, VatRate
from app.db.documents import Document, DocumentKind, DocumentLine
from app.db.partners import Customer
from app.db.stock import Warehouse
from app.errors import ValidationError
from app.invoice_data.pricing import PricedLine, price_lines
from app.services.document_input import DocumentInput, LineInput
from app.timeutil import budapest_today


def fill_header(session: Session, doc: Document, data: DocumentInput) -> None:
    doc.issue_date = data.issue_date or doc.issue_date or budapest_today()
    if doc.kind == DocumentKind.CUSTOMER_ORDER:
        # An order's teljesítés is its delivery day, known only when the user gives it; the
        # invoice then defaults to it (else to the day it is issued).
        doc.fulfilment_date = data.fulfilment_date
    else:
        doc.fulfilment_date = data.fulfilment_date or doc.issue_date
    doc.warehouse_id = data.warehouse_id or default_warehouse_id(session)
    doc.header_note = data.header_note
    doc.internal_note = data.internal_note
    doc.payment_method_id = data.payment_method_id
    doc.shipping_method_id = data.shipping_method_id
    doc.currency = data.currency.upper()
    doc.exchange_rate = data.exchange_rate
    if data.shop_id is not None:
        doc.shop_id = data.shop_id
    doc.is_test = doc.is_test or data.is_test
    doc.due_date = doc.issue_date
    if data.payment_method_id is not None:
        method = session.get(PaymentMethod, data.payment_method_id)
        if method is None:
            raise ValidationError("A kiválasztott fizetési mód nem létezik.")
        doc.due_date = doc.issue_date + timedelta(days=method.due_days)
    snapshot_customer(session, doc, data.customer_id, data.customer_card)


_PARTS = ("country", "postal_code", "city", "street")
# What a document copies from its customer's card (its snapshot).
SNAPSHOT_FIELDS = (
    *("name", "email", "phone", "is_private", "tax_number", "eu_tax_number", "shipping_name"),
    *(f"{kind}_{part}" for kind in ("billing", "shipping") for part in _PARTS),
)
SNAPSHOT_COLUMNS = [getattr(Customer, name) for name in SNAPSHOT_FIELDS]

_SNAPSHOT = select(*SNAPSHOT_COLUMNS).where(Customer.id == bindparam("customer_id"))


def snapshot_customer(
    session: Session, doc: Document, customer_id: int | None, card: Mapping[str, Any] | None = None
) -> None:
    """Copy the customer's card onto the document; ``card``: its SNAPSHOT_FIELDS when the caller
    already holds them (the order import's page cache), else they are read."""
    doc.customer_id = customer_id
    if customer_id is None:
        return
    if card is None:
        card = _read_card(session, customer_id)
    doc.customer_name = card["name"]
    doc.customer_email = card["email"]
    doc.customer_phone = card["phone"]
    doc.customer_is_private = card["is_private"]
    doc.customer_tax_number = card["tax_number"]
    doc.customer_eu_tax_number = card["eu_tax_number"]
    for part in _PARTS:
        setattr(doc, f"billing_{part}", card[f"billing_{part}"])
        setattr(doc, f"shipping_{part}", card[f"shipping_{part}"])
    doc.shipping_name = card["shipping_name"] or card["name"]


def _read_card(session: Session, customer_id: int) -> Mapping[str, Any]:
    if session.new or session.dirty:
        session.flush()  # what the caller changed in this session counts (as with autoflush)
    # The columns, not the object, by a Core statement: the ORM's way cost more than the query.
    row = session.connection().execute(_SNAPSHOT, {"customer_id": customer_id}).one_or_none()
    if row is None:
        raise ValidationError("A kiválasztott vevő nem létezik.")
    return dict(row._mapping)


def fill_lines(
    session: Session, doc: Document, data: DocumentInput, *, attach: bool = True
) -> list[dict[str, object]]:
    """Check and price the lines; ``attach`` adds them to ``doc.lines``, otherwise the caller inserts.

    Amounts are computed per VAT rate for the whole document (app.invoice_data.pricing).
    """
    vat_by_code = data.vat_rates or {v.code: v for v in session.scalars(select(VatRate))}
    resolved: list[tuple[LineInput, Product | None, VatRate, Decimal, bool]] = []
    for position, item in enumerate(data.lines, start=1):
        if item.quantity == 0:
            raise ValidationError(f"A(z) {position}. tétel mennyisége nem lehet nulla.")
        product = session.get(Product, item.product_id) if item.product_id is not None else None
        if item.product_id is not None and product is None:
            raise ValidationError(f"A(z) {position}. tétel terméke nem létezik.")
        vat_code = item.vat_code or (product.vat_rate.code if product else None)
        if vat_code is None or vat_code not in vat_by_code:
            raise ValidationError(
                f"Ismeretlen ÁFA-kulcs a(z) {position}. tételen: {vat_code or '(üres)'}. "
                "Vegye fel a Törzsadatok › ÁFA-kulcsok között, vagy válasszon másikat."
            )
        price_is_gross = (
            item.price_is_gross if item.price_is_gross is not None else prices_gross_by_default(doc)
        )
        unit_price = item.unit_price
        if unit_price is None:
            if product is None:
                raise ValidationError(f"A(z) {position}. tételnek nincs egységára.")
            unit_price = product_price(doc, product, price_is_gross)
        if not (item.name or (product.name if product else "")):
            raise ValidationError(f"A(z) {position}. tételnek nincs megnevezése.")
        resolved.append((item, product, vat_by_code[vat_code], unit_price, price_is_gross))
    priced = price_lines(
        [
            PricedLine(rate.code, rate.percent, item.quantity, price, gross, item.amounts)
            for item, _product, rate, price, gross in resolved
        ],
        doc.currency,
    )
    rows: list[dict[str, object]] = []
    net = vat = gross_total = Decimal(0)
    for position, ((item, product, rate, unit_price, price_is_gross), amounts) in enumerate(
        zip(resolved, priced, strict=True), start=1
    ):
        goods = product is not None and product.kind == ProductKind.GOODS
        moves = goods if item.moves_stock is None else (goods and item.moves_stock)
        row: dict[str, object] = {
            "position": position,
            "product_id": product.id if product else None,
            "product_code": product.code if product else "",
            "name": item.name or (product.name if product else ""),
            "unit": item.unit or (product.unit.name if product else "db"),
            "quantity": item.quantity,
            "unit_price": unit_price,
            "price_is_gross": price_is_gross,
            "vat_rate_id": rate.id,
            "vat_code": rate.code,
            "vat_percent": rate.percent,
            "net_amount": amounts.net,
            "vat_amount": amounts.vat,
            "gross_amount": amounts.gross,
            "stock_item": moves,
            "role": item.role or ("goods" if goods else "service"),
            "line_reference": item.line_reference,
            "corrected_position": item.corrected_position,
        }
        rows.append(row)
        if attach:
            doc.lines.append(DocumentLine(**row))
        net += amounts.net
        vat += amounts.vat
        gross_total += amounts.gross
    doc.net_total, doc.vat_total, doc.gross_total = net, vat, gross_total
    return rows


def prices_gross_by_default(doc: Document) -> bool:
    # Sales to consumers are priced gross (webshop, retail); purchases are priced net.
    return doc.kind != DocumentKind.PURCHASE_RECEIPT


def product_price(doc: Document, product: Product, price_is_gross: bool) -> Decimal:
    if doc.kind == DocumentKind.PURCHASE_RECEIPT:
        return product.purchase_price
    return product.gross_price if price_is_gross else product.net_price


def net_unit_price(line: DocumentLine) -> Decimal:
    if not line.price_is_gross:
        return line.unit_price
    return (line.net_amount / line.quantity).quantize(Decimal("0.0001"))


def default_warehouse_id(session: Session) -> int:
    warehouse_id = session.scalar(
        select(Warehouse.id).where(Warehouse.active.is_(True)).order_by(Warehouse.id)
    )
    if warehouse_id is None:
        raise ValidationError("Nincs raktár felvéve: vegyen fel egyet a Törzsadatok › Raktárak alatt.")
    return warehouse_id
