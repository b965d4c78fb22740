"""The document lists' rows: customer orders, invoices and receipts, newest first.

Each list reads its documents in one query; an order's reservations, its shop order number and an
invoice's NAV and payment states are read for those documents alone, so the first screenful (a
``limit``) costs no more than the rows it shows.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.catalog import PaymentMethod
from app.db.documents import Document, DocumentKind, DocumentLine
from app.db.partners import Supplier
from app.db.shop_links import ShopOrderLink
from app.services import payments
from app.services.list_columns import Column, Row
from app.services.stock import RESERVING

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


def order_rows(session: Session, limit: int | None = None) -> list[Row]:
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


def invoice_rows(session: Session, limit: int | None = None) -> list[Row]:
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

    nav = {doc_id: label for doc_id, (label, _tx) in nav_outbox.labels_by_document(session, ids).items()}
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


def receipt_rows(session: Session) -> list[Row]:
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
