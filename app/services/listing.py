"""What the list screens and `bolthid list` show: columns with Hungarian titles, rows as tuples.

Rows are plain tuples (id first) so that a list of 100,000 products loads in one query and
stays small in memory; the Qt models and the CLI both read them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from app.db.catalog import PaymentMethod, Product, ShippingMethod, Unit, VatRate
from app.db.partners import Customer
from app.db.shops import Shop
from app.db.stock import Warehouse
from app.services.document_list_rows import (
    INVOICE_COLUMNS,
    ORDER_COLUMNS,
    RECEIPT_COLUMNS,
    invoice_rows,
    order_rows,
    receipt_rows,
)
from app.services.list_columns import Column, ListSpec, Row
from app.services.stock import ZERO, on_hand_query, reserved_query
from app.services.stock_lists import STOCK_LISTS, first_category_paths
from app.services.sync_log_rows import sync_log_rows

PRODUCT_COLUMNS = (
    Column("code", "Termékkód"),
    Column("name", "Megnevezés"),
    Column("category", "Kategória"),
    Column("unit", "Egység"),
    Column("vat", "ÁFA"),
    Column("net_price", "Nettó ár", "price"),
    Column("gross_price", "Bruttó ár", "price"),
    Column("purchase_price", "Beszerzési ár", "price"),
    Column("on_hand", "Készlet", "qty"),
    Column("reserved", "Foglalt", "qty"),
    Column("free", "Szabad", "qty"),
    Column("webshop", "Webáruházas", "bool"),
    Column("kind", "Típus"),
)

KIND_LABELS = {"goods": "Termék", "service": "Szolgáltatás"}


def product_rows(session: Session, limit: int | None = None) -> list[Row]:
    """All products in code order, or only the first ``limit`` (the list's first screenful)."""
    ids = None
    if limit is not None:
        ids = list(
            session.connection().execute(select(Product.id).order_by(Product.code).limit(limit)).scalars()
        )
    on_hand = on_hand_query(product_ids=ids).subquery()
    on_hand_total = (
        select(on_hand.c.product_id, func.sum(on_hand.c[2]).label("qty"))
        .group_by(on_hand.c.product_id)
        .subquery()
    )
    reserved = reserved_query(product_ids=ids).subquery()
    reserved_total = (
        select(reserved.c.product_id, func.sum(reserved.c[2]).label("qty"))
        .group_by(reserved.c.product_id)
        .subquery()
    )
    first_category = first_category_paths()
    stmt = (
        select(
            Product.id,
            Product.code,
            Product.name,
            first_category.c.path,
            Unit.name,
            VatRate.code,
            Product.net_price,
            Product.gross_price,
            Product.purchase_price,
            on_hand_total.c.qty,
            reserved_total.c.qty,
            Product.webshop,
            Product.kind,
        )
        .join(Unit, Unit.id == Product.unit_id)
        .join(VatRate, VatRate.id == Product.vat_rate_id)
        .outerjoin(first_category, first_category.c.product_id == Product.id)
        .outerjoin(on_hand_total, on_hand_total.c.product_id == Product.id)
        .outerjoin(reserved_total, reserved_total.c.product_id == Product.id)
        .order_by(Product.code)
    )
    if ids is not None:
        stmt = stmt.where(Product.id.in_(ids))
    rows: list[Row] = []
    # Units, VAT codes and categories repeat across rows: one string object each, not 100,000.
    shared: dict[str, str] = {}
    # Core execution: ORM row objects would cost a third of the load time for 100,000 rows.
    result = session.connection().execution_options(yield_per=2000).execute(stmt)
    for pid, code, name, cat, unit, vat, net, gross, purchase, on_h, res, web, kind in result:
        is_goods = kind == "goods"
        # Services have no stock: their stock columns stay empty rather than showing 0.
        on_h = (on_h or ZERO) if is_goods else None
        res = (res or ZERO) if is_goods else None
        free = on_h - res if on_h is not None and res is not None else None
        rows.append(
            (
                pid,
                code,
                name,
                shared.setdefault(cat, cat) if cat else "",
                shared.setdefault(unit, unit),
                shared.setdefault(vat, vat),
                net,
                gross,
                purchase,
                on_h,
                res,
                free,
                web,
                KIND_LABELS[kind],
            )
        )
    return rows


CUSTOMER_COLUMNS = (
    Column("name", "Név"),
    Column("email", "E-mail"),
    Column("phone", "Telefon"),
    Column("city", "Település"),
    Column("address", "Cím"),
    Column("tax_number", "Adószám"),
    Column("is_private", "Magánszemély", "bool"),
)


def customer_rows(session: Session) -> list[Row]:
    stmt = select(
        Customer.id,
        Customer.name,
        Customer.email,
        Customer.phone,
        Customer.billing_city,
        Customer.billing_postal_code
        + literal(" ")
        + Customer.billing_city
        + literal(", ")
        + Customer.billing_street,
        Customer.tax_number,
        Customer.is_private,
    ).order_by(Customer.name)
    return [tuple(r) for r in session.execute(stmt)]


def _simple(model: type, *cols: Any) -> Callable[[Session], list[Row]]:
    def rows(session: Session) -> list[Row]:
        return [tuple(r) for r in session.execute(select(model.id, *cols).order_by(model.id))]  # type: ignore[attr-defined]

    return rows


LISTS: dict[str, ListSpec] = {
    "products": ListSpec("products", PRODUCT_COLUMNS, product_rows, product_rows),
    "customers": ListSpec("customers", CUSTOMER_COLUMNS, customer_rows),
    "orders": ListSpec("orders", ORDER_COLUMNS, order_rows, order_rows),
    "invoices": ListSpec("invoices", INVOICE_COLUMNS, invoice_rows, invoice_rows),
    "receipts": ListSpec("receipts", RECEIPT_COLUMNS, receipt_rows),
    "warehouses": ListSpec(
        "warehouses",
        (Column("name", "Név"), Column("active", "Aktív", "bool")),
        _simple(Warehouse, Warehouse.name, Warehouse.active),
    ),
    "vat_rates": ListSpec(
        "vat_rates",
        (
            Column("code", "Rövid név"),
            Column("percent", "Mérték (%)", "percent"),
            Column("name", "Megnevezés"),
            Column("active", "Aktív", "bool"),
        ),
        _simple(VatRate, VatRate.code, VatRate.percent, VatRate.name, VatRate.active),
    ),
    "payment_methods": ListSpec(
        "payment_methods",
        (
            Column("name", "Név"),
            Column("is_cash", "Készpénzes", "bool"),
            Column("due_days", "Fizetési határidő (nap)", "int"),
            Column("active", "Aktív", "bool"),
        ),
        _simple(
            PaymentMethod,
            PaymentMethod.name,
            PaymentMethod.is_cash,
            PaymentMethod.due_days,
            PaymentMethod.active,
        ),
    ),
    "shops": ListSpec(
        "shops",
        (
            Column("name", "Név"),
            Column("active", "Aktív", "bool"),
            Column("is_test", "Teszt", "bool"),
            Column("auto_sync", "Automatikus szinkron", "bool"),
            Column("series_prefix", "Sorszám-előtag"),
            Column("base_url", "API cím"),
        ),
        _simple(
            Shop, Shop.name, Shop.active, Shop.is_test, Shop.auto_sync, Shop.series_prefix, Shop.base_url
        ),
    ),
    "sync_log": ListSpec(
        "sync_log",
        (
            Column("started", "Kezdés", "date"),
            Column("shop", "Webáruház"),
            Column("kind", "Fajta"),
            Column("status", "Állapot"),
            Column("ref", "Tétel"),
            Column("message", "Üzenet"),
            Column("detail", "Részletek"),
        ),
        sync_log_rows,
        sync_log_rows,
    ),
    "shipping_methods": ListSpec(
        "shipping_methods",
        (Column("name", "Név"), Column("active", "Aktív", "bool")),
        _simple(ShippingMethod, ShippingMethod.name, ShippingMethod.active),
    ),
    **STOCK_LISTS,
}
