"""Whole records for `bolthid list --json` and `bolthid stock --json`: every field a user sees."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.db.catalog import Product
from app.db.documents import Document, DocumentKind
from app.db.partners import Customer, Supplier
from app.db.stock import Warehouse
from app.services.document_list_rows import STATUS_LABELS
from app.services.listing import KIND_LABELS
from app.services.stock import ZERO, stock_by_product, stock_by_product_and_warehouse

DOCUMENT_KINDS = {
    "orders": DocumentKind.CUSTOMER_ORDER,
    "invoices": DocumentKind.INVOICE,
    "receipts": DocumentKind.PURCHASE_RECEIPT,
}


def product_records(session: Session) -> list[dict[str, Any]]:
    stock = stock_by_product(session)
    products = session.scalars(
        select(Product).options(selectinload(Product.category_links)).order_by(Product.code)
    )
    out = []
    for p in products:
        level = stock.get(p.id)
        goods = p.kind == "goods"
        out.append(
            {
                "id": p.id,
                "code": p.code,
                "name": p.name,
                "kind": p.kind.value,
                "kind_label": KIND_LABELS[p.kind.value],
                "unit": p.unit.name,
                "vat": p.vat_rate.code,
                "net_price": p.net_price,
                "gross_price": p.gross_price,
                "purchase_price": p.purchase_price,
                "categories": p.categories,
                "note": p.note,
                "webshop": p.webshop,
                "active": p.active,
                "has_image": p.image is not None,
                "on_hand": (level.on_hand if level else ZERO) if goods else None,
                "reserved": (level.reserved if level else ZERO) if goods else None,
                "free": (level.free if level else ZERO) if goods else None,
            }
        )
    return out


def customer_records(session: Session) -> list[dict[str, Any]]:
    cols = [c.key for c in Customer.__table__.columns if c.key not in ("created_at", "updated_at")]
    return [
        {c: getattr(cu, c) for c in cols} for cu in session.scalars(select(Customer).order_by(Customer.name))
    ]


def document_records(
    session: Session, kind: DocumentKind | None = None, ids: list[int] | None = None
) -> list[dict[str, Any]]:
    stmt = select(Document).options(
        selectinload(Document.lines),
        selectinload(Document.payment_method),
        selectinload(Document.shipping_method),
        selectinload(Document.warehouse),
    )
    if kind is not None:
        stmt = stmt.where(Document.kind == kind)
    if ids is not None:
        stmt = stmt.where(Document.id.in_(ids))
    docs = session.scalars(stmt.order_by(Document.issue_date, Document.number))
    warehouses = {i: n for i, n in session.execute(select(Warehouse.id, Warehouse.name))}
    suppliers = {i: n for i, n in session.execute(select(Supplier.id, Supplier.name))}
    out = []
    for d in docs:
        out.append(
            {
                "id": d.id,
                "kind": d.kind.value,
                "number": d.number,
                "status": d.status.value,
                "status_label": STATUS_LABELS[d.status.value],
                "issue_date": d.issue_date,
                "fulfilment_date": d.fulfilment_date,
                "due_date": d.due_date,
                "warehouse": d.warehouse.name,
                # A transfer's target; a receipt's supplier and the supplier's invoice.
                "target_warehouse": warehouses.get(d.target_warehouse_id or 0),
                "supplier": suppliers.get(d.supplier_id or 0),
                "supplier_invoice_number": d.supplier_invoice_number,
                "supplier_invoice_date": d.supplier_invoice_date,
                "customer": {
                    "id": d.customer_id,
                    "name": d.customer_name,
                    "email": d.customer_email,
                    "phone": d.customer_phone,
                    "is_private": d.customer_is_private,
                    "tax_number": d.customer_tax_number,
                    "eu_tax_number": d.customer_eu_tax_number,
                    "billing_address": _address(d, "billing"),
                    "shipping_name": d.shipping_name,
                    "shipping_address": _address(d, "shipping"),
                },
                "header_note": d.header_note,
                "internal_note": d.internal_note,
                "payment_method": d.payment_method.name if d.payment_method else None,
                "shipping_method": d.shipping_method.name if d.shipping_method else None,
                "currency": d.currency,
                "exchange_rate": d.exchange_rate,
                "net_total": d.net_total,
                "vat_total": d.vat_total,
                "gross_total": d.gross_total,
                "lines": [
                    {
                        "position": line.position,
                        "product_code": line.product_code,
                        "name": line.name,
                        "quantity": line.quantity,
                        "unit": line.unit,
                        "unit_price": line.unit_price,
                        "price_is_gross": line.price_is_gross,
                        "vat": line.vat_code,
                        "net": line.net_amount,
                        "vat_amount": line.vat_amount,
                        "gross": line.gross_amount,
                    }
                    for line in d.lines
                ],
            }
        )
    return out


def _address(d: Document, prefix: str) -> dict[str, str]:
    return {part: getattr(d, f"{prefix}_{part}") for part in ("country", "postal_code", "city", "street")}


def stock_records(session: Session) -> list[dict[str, Any]]:
    """Stock per product and warehouse, for goods with any movement or reservation."""
    levels = stock_by_product_and_warehouse(session)
    warehouses = {w.id: w.name for w in session.scalars(select(Warehouse))}
    products = {
        p.id: p for p in session.scalars(select(Product).where(Product.id.in_({k[0] for k in levels})))
    }
    rows = []
    for (product_id, warehouse_id), level in sorted(
        levels.items(), key=lambda kv: (products[kv[0][0]].code, warehouses[kv[0][1]])
    ):
        p = products[product_id]
        rows.append(
            {
                "product_code": p.code,
                "product_name": p.name,
                "warehouse": warehouses[warehouse_id],
                "on_hand": level.on_hand,
                "reserved": level.reserved,
                "free": level.free,
            }
        )
    return rows
