"""Invoices: one click from an order, direct invoices, storno; cash rounding and NAV data on each.

An invoice is final once its transaction commits: its number is taken in that transaction (never
reused), its stock leaves the warehouse, its NAV Online Számla XML is stored with it, and a
webshop order gets a write-back queued (sent later by app.sync.invoice_writeback).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db.company import Company
from app.db.documents import Document, DocumentKind, DocumentStatus
from app.db.shop_links import ShopInvoiceWriteback, ShopOrderLink
from app.db.shops import Shop
from app.errors import ValidationError
from app.invoice_data.figures import TEST_SERIES, cash_rounding, is_test_invoice
from app.money import HUF
from app.services import documents as docs
from app.timeutil import budapest_today


def _from_test_shop(session: Session, order: Document) -> bool:
    shop = session.get(Shop, order.shop_id) if order.shop_id else None
    return bool(shop and shop.is_test)


@dataclass(frozen=True)
class InvoiceOptions:
    issue_date: date | None = None  # kelt (default: today in Budapest)
    fulfilment_date: date | None = None  # teljesítés (default: the issue date)
    exchange_rate: Decimal | None = None  # foreign currency: the rate the user confirmed


def invoice_from_order(session: Session, order_id: int, options: InvoiceOptions | None = None) -> Document:
    options = options or InvoiceOptions()
    order = docs.get_document(session, order_id)
    if order.kind != DocumentKind.CUSTOMER_ORDER:
        raise ValidationError(f"A(z) {order.number} nem vevői rendelés, nem számlázható ebből a menüből.")
    rate = _confirmed_rate(order, options.exchange_rate)
    # Claim the order atomically: a second click or another workstation finds it closed.
    claimed = session.execute(
        update(Document)
        .where(Document.id == order.id, Document.status == DocumentStatus.OPEN)
        .values(status=DocumentStatus.CLOSED)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise ValidationError(_not_open_message(session, order))
    session.refresh(order)
    issue = options.issue_date or budapest_today()
    data = docs.DocumentInput(
        lines=[
            docs.LineInput(
                quantity=line.quantity,
                product_id=line.product_id,
                name=line.name,
                unit=line.unit,
                unit_price=line.unit_price,
                price_is_gross=line.price_is_gross,
                vat_code=line.vat_code,
            )
            for line in order.lines
        ],
        customer_id=order.customer_id,
        warehouse_id=order.warehouse_id,
        issue_date=issue,
        fulfilment_date=options.fulfilment_date or issue,
        header_note=order.header_note,
        payment_method_id=order.payment_method_id,
        shipping_method_id=order.shipping_method_id,
        currency=order.currency,
        exchange_rate=rate,
        number_prefix=TEST_SERIES if _from_test_shop(session, order) else None,
    )
    invoice = docs.create_invoice(session, data)
    _copy_buyer(order, invoice)
    invoice.source_document_id = order.id
    invoice.shop_id = order.shop_id
    _finalize(session, invoice)
    _queue_writeback(session, order, invoice)
    return invoice


def issue_invoice(session: Session, data: docs.DocumentInput) -> Document:
    """A direct invoice (not from an order), finalised like every other."""
    if data.currency.upper() != HUF and data.exchange_rate in (None, Decimal(0), Decimal(1)):
        raise ValidationError("Deviza számlához adja meg az árfolyamot (MNB vagy a bank árfolyama).")
    invoice = docs.create_invoice(session, data)
    _finalize(session, invoice)
    return invoice


def storno_invoice(session: Session, invoice_id: int, issue_date: date | None = None) -> Document:
    """Cancel an invoice with a storno invoice: negated lines, stock back, the order open again."""
    original = docs.get_document(session, invoice_id)
    if original.kind != DocumentKind.INVOICE or original.storno_of_id is not None:
        raise ValidationError(f"A(z) {original.number} nem sztornózható (csak számla sztornózható).")
    claimed = session.execute(
        update(Document)
        .where(Document.id == original.id, Document.status == DocumentStatus.ISSUED)
        .values(status=DocumentStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise ValidationError(f"A(z) {original.number} számlát már sztornózták.")
    session.refresh(original)
    issue = issue_date or budapest_today()
    data = docs.DocumentInput(
        lines=[
            docs.LineInput(
                quantity=-line.quantity,
                product_id=line.product_id,
                name=line.name,
                unit=line.unit,
                unit_price=line.unit_price,
                price_is_gross=line.price_is_gross,
                vat_code=line.vat_code,
            )
            for line in original.lines
        ],
        customer_id=original.customer_id,
        warehouse_id=original.warehouse_id,
        issue_date=issue,
        fulfilment_date=original.fulfilment_date,
        header_note=f"Sztornó számla a(z) {original.number} számlához."
        + (f"\n{original.header_note}" if original.header_note else ""),
        payment_method_id=original.payment_method_id,
        currency=original.currency,
        exchange_rate=original.exchange_rate,
        number_prefix=TEST_SERIES if is_test_invoice(original) else None,
    )
    storno = docs.create_invoice(session, data)  # negative quantities: the stock comes back
    _copy_buyer(original, storno)
    storno.storno_of_id = original.id
    storno.source_document_id = original.source_document_id
    storno.shop_id = original.shop_id
    storno.due_date = storno.issue_date
    _finalize(session, storno, rounding=-original.rounding)
    if original.source_document_id is not None:
        order = session.get(Document, original.source_document_id)
        if order is not None and order.status == DocumentStatus.CLOSED:
            order.status = DocumentStatus.OPEN  # it may be invoiced again; it reserves again
    return storno


def invoice_of_order(session: Session, order_id: int) -> Document | None:
    """The order's valid (not stornoed) invoice, if any."""
    return session.scalar(
        select(Document).where(
            Document.source_document_id == order_id,
            Document.kind == DocumentKind.INVOICE,
            Document.storno_of_id.is_(None),
            Document.status == DocumentStatus.ISSUED,
        )
    )


def _confirmed_rate(order: Document, rate: Decimal | None) -> Decimal:
    if order.currency == HUF:
        return Decimal(1)
    if rate is None or rate <= 0:
        raise ValidationError(
            f"A(z) {order.number} rendelés {order.currency} pénznemű: a számlához erősítse meg az "
            "árfolyamot (MNB vagy a bank árfolyama, Áfa tv. 80. §)."
        )
    return rate


def _not_open_message(session: Session, order: Document) -> str:
    session.refresh(order)
    if order.status == DocumentStatus.CANCELLED:
        return f"A(z) {order.number} rendelést lemondták, nem számlázható."
    invoice = invoice_of_order(session, order.id)
    if invoice is not None:
        return f"A(z) {order.number} rendelésből már készült számla: {invoice.number}."
    return f"A(z) {order.number} rendelés már nem nyitott, nem számlázható."


def _copy_buyer(source: Document, target: Document) -> None:
    """The buyer as they were on the order (a later edit of the customer card does not change it)."""
    for field in (
        "customer_name",
        "customer_email",
        "customer_phone",
        "customer_is_private",
        "customer_tax_number",
        "customer_eu_tax_number",
        "billing_country",
        "billing_postal_code",
        "billing_city",
        "billing_street",
        "shipping_name",
        "shipping_country",
        "shipping_postal_code",
        "shipping_city",
        "shipping_street",
    ):
        setattr(target, field, getattr(source, field))


def _finalize(session: Session, invoice: Document, rounding: Decimal | None = None) -> None:
    from app.output.nav_invoice import invoice_data_xml

    if rounding is not None:
        invoice.rounding = rounding
    elif invoice.currency == HUF and invoice.payment_method is not None and invoice.payment_method.is_cash:
        invoice.rounding = cash_rounding(invoice.gross_total)
    session.flush()
    company = session.scalar(select(Company)) or Company()
    original = session.get(Document, invoice.storno_of_id) if invoice.storno_of_id else None
    invoice.nav_xml = invoice_data_xml(invoice, company, original).decode()


def _queue_writeback(session: Session, order: Document, invoice: Document) -> None:
    if order.shop_id is None:
        return
    shop = session.get(Shop, order.shop_id)
    link = session.scalar(select(ShopOrderLink).where(ShopOrderLink.document_id == order.id))
    if shop is None or link is None or not shop.write_back_invoices:
        return
    marketplace = link.order_key != link.display_key
    session.add(
        ShopInvoiceWriteback(
            shop_id=shop.id,
            invoice_id=invoice.id,
            order_key=link.order_key,
            order_date=link.order_date,
            invoice_number=invoice.number,
            status="skipped" if marketplace else "pending",
            attempts=0,
            message=(
                "Piactéri rendelés: a számlaszámot a piactéren kell rögzíteni, "
                "a webáruházba nem írjuk vissza."
                if marketplace
                else ""
            ),
        )
    )


def foreign_currency_orders(session: Session, order_ids: list[int]) -> list[tuple[int, str, str, Decimal]]:
    """(id, number, currency, the order's rate) of the orders that are not in forints."""
    return [
        (d.id, d.number, d.currency, d.exchange_rate)
        for d in session.scalars(select(Document).where(Document.id.in_(order_ids)))
        if d.currency != HUF
    ]


def invoice_pdf(session: Session, invoice_id: int) -> tuple[str, bytes]:
    """The invoice's number and its PDF."""
    from app.output.invoice_pdf import render_invoice_pdf

    invoice = docs.get_document(session, invoice_id)
    return invoice.number, render_invoice_pdf(invoice, session.scalar(select(Company)) or Company())
