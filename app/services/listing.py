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
from app.db.documents import Document, DocumentKind, DocumentLine
from app.db.partners import Customer, Supplier
from app.db.shop_links import ShopOrderLink
from app.db.shops import Shop
from app.db.stock import Warehouse
from app.services import payments
from app.services.list_columns import Column, ListSpec, Row
from app.services.stock import RESERVING, ZERO, on_hand_query, reserved_query
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


DOCUMENT_COLUMNS = (
    Column("number", "Sorszám"),
    Column("issue_date", "Kelt", "date"),
    Column("customer", "Vevő"),
    Column("status", "Állapot"),
    Column("net_total", "Nettó", "money"),
    Column("vat_total", "ÁFA", "money"),
    Column("gross_total", "Bruttó", "money"),
    Column("currency", "Pénznem"),
    Column("payment", "Fizetési mód"),
    Column("header_note", "Megjegyzés"),
)

STATUS_LABELS = {
    "open": "Nyitott",
    "closed": "Teljesítve",
    "cancelled": "Lemondva",
    "issued": "Kiállítva",
}


# The shop's own order number is a column of its own (it was hidden in every row's Megjegyzés).
ORDER_COLUMNS = (
    DOCUMENT_COLUMNS[0],
    Column("shop_order", "Webáruház rendelés"),
    *DOCUMENT_COLUMNS[1:],
    Column("reserved", "Foglalt menny.", "qty"),
)
SHOP_ORDER_NOTE = "Webáruház rendelés: "  # the first line of an imported order's header note
# The NAV state beside the invoice's own state: a rejected report must be seen without scrolling.
INVOICE_COLUMNS = (
    *DOCUMENT_COLUMNS[:4],
    Column("nav", "NAV"),
    *DOCUMENT_COLUMNS[4:9],
    Column("payable", "Fizetendő", "money"),
    Column("due_date", "Határidő", "date"),
    Column("paid", "Fizetve", "money"),
    Column("open", "Nyitott", "money"),
    Column("paid_state", "Kiegyenlítés"),
    Column("email", "E-mail"),
    DOCUMENT_COLUMNS[9],  # the long note last: what is paid and open is seen without scrolling
)
# What an order's or an invoice's state means to the user (Kulcs wording for open orders).
ORDER_STATUS = {"open": "Kiszállítandó", "closed": "Számlázva", "cancelled": "Lemondva"}
INVOICE_STATUS = {"issued": "Kiállítva", "cancelled": "Sztornózva"}


def _order_rows(session: Session, limit: int | None = None) -> list[Row]:
    """Every order, newest first, or only the first ``limit`` (the list's first screenful: its
    figures are read for those orders alone)."""
    base = _document_rows(DocumentKind.CUSTOMER_ORDER)(session, limit)
    ids = [row[0] for row in base] if limit is not None else None
    reserved_query = (
        select(DocumentLine.document_id, func.sum(DocumentLine.quantity))
        .join(Document, Document.id == DocumentLine.document_id)
        .where(*RESERVING)
        .group_by(DocumentLine.document_id)
    )
    links_query = select(ShopOrderLink.document_id, ShopOrderLink.display_key).where(
        ShopOrderLink.document_id.is_not(None)
    )
    if ids is not None:
        reserved_query = reserved_query.where(DocumentLine.document_id.in_(ids))
        links_query = links_query.where(ShopOrderLink.document_id.in_(ids))
    reserved = dict(session.execute(reserved_query).all())
    shop_orders = dict(session.execute(links_query).all())
    out = []
    for row in base:
        status = ORDER_STATUS.get(_raw_status(row), row[4])
        note = _note_without_shop_order(row[10] or "")
        shop_order = shop_orders.get(row[0]) or ""
        out.append((row[0], row[1], shop_order, *row[2:4], status, *row[5:10], note, reserved.get(row[0])))
    return out


def _note_without_shop_order(note: str) -> str:
    """The header note without its "Webáruház rendelés: …" line, which has its own column."""
    lines = [line for line in note.splitlines() if not line.startswith(SHOP_ORDER_NOTE)]
    return " ".join(line.strip() for line in lines if line.strip())


def _invoice_rows(session: Session, limit: int | None = None) -> list[Row]:
    """Every invoice, newest first, or only the first ``limit`` (read for those alone)."""
    base = _document_rows(DocumentKind.INVOICE)(session, limit)
    ids = [row[0] for row in base] if limit is not None else None
    extra_query = select(
        Document.id,
        Document.storno_of_id,
        Document.rounding,
        Document.email_status,
        Document.email_sent_at,
        func.coalesce(Document.due_date, Document.issue_date),
    ).where(Document.kind == DocumentKind.INVOICE)
    if ids is not None:
        extra_query = extra_query.where(Document.id.in_(ids))
    extra = {
        doc_id: (storno_of, rounding, email, sent_at, due)
        for doc_id, storno_of, rounding, email, sent_at, due in session.execute(extra_query)
    }
    states = payments.payment_states(session, ids)
    # Here, not at the top: the NAV outbox brings lxml and the invoice XML, which a start showing
    # no invoice list need not load.
    from app.services import nav_outbox

    nav = {
        doc_id: label
        for doc_id, (label, _transaction) in nav_outbox.labels_by_document(session, list(extra)).items()
    }
    out = []
    for row in base:
        storno_of, rounding, email, _sent_at, due = extra[row[0]]
        status = "Sztornó számla" if storno_of else INVOICE_STATUS.get(_raw_status(row), row[4])
        mail = {"sent": "elküldve", "failed": "hiba – nincs elküldve"}.get(email, "nincs elküldve")
        # Corrections and cancelled invoices are paid (or refunded) through their original: no state.
        state = states.get(row[0])
        paid = (state.paid, state.open, state.status) if state else (None, None, "–")
        note = row[10]
        out.append(
            (*row[:4], status, nav.get(row[0], "–"), *row[5:10], row[7] + rounding, due, *paid, mail, note)
        )
    return out


# A receipt is from a supplier, on the supplier's invoice: no "Vevő", no payment method.
RECEIPT_COLUMNS = (
    Column("number", "Sorszám"),
    Column("issue_date", "Kelt", "date"),
    Column("supplier", "Szállító"),
    Column("supplier_invoice", "Szállítói számla"),
    Column("status", "Állapot"),
    Column("net_total", "Nettó", "money"),
    Column("vat_total", "ÁFA", "money"),
    Column("gross_total", "Bruttó", "money"),
    Column("header_note", "Megjegyzés"),
)


def _receipt_rows(session: Session) -> list[Row]:
    stmt = (
        select(
            Document.id,
            Document.number,
            Document.issue_date,
            func.coalesce(Supplier.name, Document.customer_name),
            Document.supplier_invoice_number,
            Document.source_document_id,
            Document.net_total,
            Document.vat_total,
            Document.gross_total,
            Document.header_note,
        )
        .outerjoin(Supplier, Supplier.id == Document.supplier_id)
        .where(Document.kind == DocumentKind.PURCHASE_RECEIPT)
        .order_by(Document.issue_date.desc(), Document.number.desc())
    )
    out = []
    for doc_id, number, issued, supplier, invoice, reverses, net, vat, gross, note in session.execute(stmt):
        status = "Sztornó bevételezés" if reverses else "Bevételezve"
        out.append((doc_id, number, issued, supplier or "", invoice, status, net, vat, gross, note))
    return out


def _raw_status(row: Row) -> str:
    return next((k for k, v in STATUS_LABELS.items() if v == row[4]), "")


def _document_rows(kind: DocumentKind) -> Callable[[Session, int | None], list[Row]]:
    def rows(session: Session, limit: int | None = None) -> list[Row]:
        stmt = (
            select(
                Document.id,
                Document.number,
                Document.issue_date,
                Document.customer_name,
                Document.status,
                Document.net_total,
                Document.vat_total,
                Document.gross_total,
                Document.currency,
                func.coalesce(PaymentMethod.name, ""),
                Document.header_note,
            )
            .outerjoin(PaymentMethod, PaymentMethod.id == Document.payment_method_id)
            .where(Document.kind == kind)
            .order_by(Document.issue_date.desc(), Document.number.desc())
            .limit(limit)
        )
        return [(r[0], r[1], r[2], r[3], STATUS_LABELS[r[4]], *r[5:]) for r in session.execute(stmt)]

    return rows


def _simple(model: type, *cols: Any) -> Callable[[Session], list[Row]]:
    def rows(session: Session) -> list[Row]:
        return [tuple(r) for r in session.execute(select(model.id, *cols).order_by(model.id))]  # type: ignore[attr-defined]

    return rows


LISTS: dict[str, ListSpec] = {
    "products": ListSpec("products", PRODUCT_COLUMNS, product_rows, product_rows),
    "customers": ListSpec("customers", CUSTOMER_COLUMNS, customer_rows),
    "orders": ListSpec("orders", ORDER_COLUMNS, _order_rows, _order_rows),
    "invoices": ListSpec("invoices", INVOICE_COLUMNS, _invoice_rows, _invoice_rows),
    "receipts": ListSpec("receipts", RECEIPT_COLUMNS, _receipt_rows),
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
