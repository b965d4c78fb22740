"""Issuing invoices: from an order (after a look at its draft) or directly; sealed at issue.

An invoice is final once its transaction commits: its number is taken in that transaction (never
reused), kelt is the day it is issued, its stock leaves the warehouse, and it is sealed – the
snapshot of everything it says, its NAV InvoiceData XML (checked against the schema and NAV's
business rules) and its original PDF are stored with it, and from then on the database refuses to
change them. A webshop order gets its write-back queued (sent by app.sync.invoice_writeback).
Corrections (storno, modifying invoice) are in ``app.services.invoice_corrections``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db.company import Company
from app.db.documents import Document, DocumentKind, DocumentStatus
from app.db.shop_links import ShopInvoiceWriteback, ShopOrderLink
from app.db.shops import Shop
from app.errors import ValidationError
from app.invoice_data.figures import TEST_SERIES, cash_rounding
from app.invoice_data.snapshot import KIND_INVOICE, InvoiceSnapshot
from app.money import HUF
from app.nav import rules
from app.output.invoice_pdf import render_invoice_pdf
from app.output.nav_invoice import invoice_data_xml
from app.services import documents as docs
from app.services import nav_outbox
from app.services.invoice_buyer import address_problem, buyer_status
from app.services.invoice_drafts import (
    InvoiceDraft,
    InvoiceOptions,
    company_problems,
    prepare_from_order,
    vat_status_problems,
)
from app.services.invoice_snapshots import build_snapshot
from app.services.shop_payments import record_shop_payment
from app.timeutil import budapest_today, utcnow

__all__ = ["InvoiceHeld", "InvoiceOptions", "invoice_from_order", "issue_invoice", "seal"]


class InvoiceHeld(ValidationError):
    """The invoice cannot be issued yet; ``draft`` says why (each problem in Hungarian)."""

    def __init__(self, draft: InvoiceDraft) -> None:
        self.draft = draft
        super().__init__(
            f"A(z) {draft.order_number} rendelésből most nem állítható ki számla:\n"
            + "\n".join(f"• {p.text}" for p in draft.problems),
            "invoice held: " + "; ".join(p.resolves_by or "data" for p in draft.problems),
        )


def invoice_from_order(
    session: Session,
    order_id: int,
    options: InvoiceOptions | None = None,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> Document:
    """The invoice of an order, exactly as its draft showed it; raises InvoiceHeld when not ready."""
    options = options or InvoiceOptions()
    draft = prepare_from_order(session, order_id, options, today)
    if draft.problems:
        raise InvoiceHeld(draft)
    order = draft.buyer
    # Claim the order atomically: a second click or another workstation finds it closed.
    claimed = session.execute(
        update(Document)
        .where(Document.id == order.id, Document.status == DocumentStatus.OPEN)
        .values(
            status=DocumentStatus.CLOSED,
            buyer_not_vat_subject=order.buyer_not_vat_subject or options.not_vat_subject,
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise ValidationError(_not_open_message(session, order))
    session.refresh(order)
    data = docs.DocumentInput(
        lines=[
            docs.LineInput(
                quantity=ln.quantity,
                product_id=ln.product_id,
                name=ln.name,
                unit=ln.unit,
                unit_price=ln.unit_price,
                price_is_gross=ln.price_is_gross,
                vat_code=ln.vat_code,
                role=ln.role,
            )
            for ln in draft.lines
        ],
        customer_id=order.customer_id,
        warehouse_id=order.warehouse_id,
        issue_date=draft.issue_date,
        fulfilment_date=draft.fulfilment_date,
        header_note="\n".join(filter(None, [order.header_note, draft.voucher_note])),
        payment_method_id=order.payment_method_id,
        shipping_method_id=order.shipping_method_id,
        currency=order.currency,
        exchange_rate=draft.exchange_rate,
        number_prefix=TEST_SERIES if order.is_test else None,
        is_test=order.is_test,
    )
    invoice = docs.create_invoice(session, data)
    copy_buyer(order, invoice)
    invoice.source_document_id = order.id
    invoice.shop_id = order.shop_id
    invoice.exchange_rate_source = options.exchange_rate_source if order.currency != HUF else ""
    seal(session, invoice, kind=KIND_INVOICE, now=now)
    record_shop_payment(session, invoice, order.id)
    queue_writeback(session, order, invoice)
    return invoice


def issue_invoice(
    session: Session,
    data: docs.DocumentInput,
    options: InvoiceOptions | None = None,
    *,
    now: datetime | None = None,
) -> Document:
    """A direct invoice (not from an order), checked and sealed like every other; kelt is today."""
    options = options or InvoiceOptions()
    if data.currency.upper() != HUF and data.exchange_rate in (None, Decimal(0), Decimal(1)):
        raise ValidationError("Deviza számlához adja meg az árfolyamot (MNB vagy a bank árfolyama).")
    data.issue_date = budapest_today(now)
    invoice = docs.create_invoice(session, data)
    invoice.buyer_not_vat_subject = options.not_vat_subject
    invoice.exchange_rate_source = options.exchange_rate_source if invoice.currency != HUF else ""
    problems = document_problems(session, invoice)
    if (
        invoice.fulfilment_date
        and invoice.fulfilment_date > invoice.issue_date
        and not options.late_fulfilment_confirmed
    ):
        problems.append("A teljesítés dátuma későbbi a számla kelténél; erősítse meg.")
    if problems:
        raise ValidationError("A számla nem állítható ki:\n" + "\n".join(f"• {p}" for p in problems))
    seal(session, invoice, kind=KIND_INVOICE, now=now)
    return invoice


def document_problems(session: Session, invoice: Document) -> list[str]:
    """The checks of a draft, run on an invoice document before it is sealed."""
    company = session.scalar(select(Company)) or Company()
    problems = [p.text for p in company_problems(company)]
    problems += [p.text for p in vat_status_problems(session, company, invoice.lines)]
    status = buyer_status(invoice)
    if status.problem:
        problems.append(status.problem)
    missing = address_problem(invoice)
    if missing:
        problems.append(missing)
    if invoice.net_total < 0:
        problems.append("A számla végösszege negatív lenne; helyesbítő számlát vagy sztornót állítson ki.")
    return problems


def seal(
    session: Session,
    invoice: Document,
    *,
    kind: str,
    original: Document | None = None,
    modification_index: int | None = None,
    chain: rules.ChainState | None = None,
    now: datetime | None = None,
) -> InvoiceSnapshot:
    """Snapshot, NAV XML (schema + business rules), original PDF – stored, and the invoice frozen."""
    if invoice.currency == HUF and invoice.payment_method is not None and invoice.payment_method.is_cash:
        if kind == KIND_INVOICE:
            invoice.rounding = cash_rounding(invoice.gross_total)
    session.flush()
    session.refresh(invoice, ["lines"])
    company = session.scalar(select(Company)) or Company()
    snapshot = build_snapshot(
        session, invoice, company, kind=kind, original=original, modification_index=modification_index
    )
    xml = invoice_data_xml(snapshot)
    operation = {"invoice": "CREATE", "storno": "STORNO", "modification": "MODIFY"}[kind]
    findings = rules.check(
        xml,
        operation,
        chain=chain,
        supplier_tax_number=company.tax_number.replace("-", ""),
        today=invoice.issue_date,
    )
    blocking = rules.errors(findings)
    warnings = rules.warnings(findings)
    if blocking or warnings:
        # Our own figures must never draw a NAV warning either: a warning here is a program error.
        raise ValidationError(
            "A számla a NAV ellenőrzésén nem menne át; nem készült el:\n"
            + "\n".join(f"• {f}" for f in blocking + warnings),
            "; ".join(f.code for f in blocking + warnings),
        )
    invoice.snapshot = snapshot.to_json()
    invoice.nav_xml = xml.decode()
    invoice.pdf = render_invoice_pdf(snapshot)
    invoice.sealed_at = now or utcnow()
    session.flush()
    # Its NAV report is written in the same transaction: an issued invoice is never left unreported.
    nav_outbox.enqueue(session, invoice, operation, original.id if original is not None else None)
    return snapshot


def copy_buyer(source: Document, target: Document) -> None:
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
        "buyer_not_vat_subject",
    ):
        setattr(target, field, getattr(source, field))


def invoice_of_order(session: Session, order_id: int) -> Document | None:
    """The order's valid (not stornoed) invoice, if any."""
    return session.scalar(
        select(Document).where(
            Document.source_document_id == order_id,
            Document.kind == DocumentKind.INVOICE,
            Document.storno_of_id.is_(None),
            Document.modifies_id.is_(None),
            Document.status == DocumentStatus.ISSUED,
        )
    )


def _not_open_message(session: Session, order: Document) -> str:
    session.refresh(order)
    if order.status == DocumentStatus.CANCELLED:
        return f"A(z) {order.number} rendelést lemondták, nem számlázható."
    invoice = invoice_of_order(session, order.id)
    if invoice is not None:
        return f"A(z) {order.number} rendelésből már készült számla: {invoice.number}."
    return f"A(z) {order.number} rendelés már nem nyitott, nem számlázható."


def queue_writeback(session: Session, order: Document, invoice: Document, target: str = "invoice") -> None:
    """The shop learns the invoice (or its storno) number; a modifying invoice has no field in the
    contract, so it is queued only to be logged as not written."""
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
            target=target,
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


# --- reading issued invoices -----------------------------------------------------------------


def snapshot_of(session: Session, invoice_id: int) -> InvoiceSnapshot:
    invoice = docs.get_document(session, invoice_id)
    if invoice.kind != DocumentKind.INVOICE or not invoice.snapshot:
        raise ValidationError(f"A(z) {invoice.number} nem kiállított számla.")
    return InvoiceSnapshot.from_json(invoice.snapshot)


def invoice_pdf(session: Session, invoice_id: int, *, original: bool = False) -> tuple[str, bytes]:
    """The invoice's number and PDF: the stored original, or (default) a copy from its snapshot."""
    invoice = docs.get_document(session, invoice_id)
    if original and invoice.pdf:
        return invoice.number, invoice.pdf
    return invoice.number, render_invoice_pdf(snapshot_of(session, invoice_id), copy=True)


def foreign_currency_orders(session: Session, order_ids: list[int]) -> list[tuple[int, str, str, Decimal]]:
    """(id, number, currency, the order's rate) of the orders that are not in forints."""
    return [
        (d.id, d.number, d.currency, d.exchange_rate)
        for d in session.scalars(select(Document).where(Document.id.in_(order_ids)))
        if d.currency != HUF
    ]


def find_document(session: Session, number: str) -> Document:
    found = session.scalar(select(Document).where(Document.number == number.strip()))
    if found is None:
        raise ValidationError(f"Nincs ilyen sorszámú bizonylat: {number}")
    return found
