"""The snapshot of an invoice being issued: the seller, the buyer, the lines and every figure, taken
from the issuing transaction's rows and never again from live data (app.invoice_data.snapshot)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.catalog import VatKind, VatRate
from app.db.company import Company
from app.db.documents import Document
from app.db.partners import Customer
from app.invoice_data.legal_texts import CASH_ACCOUNTING_TEXT, STATUS_CASH, exemption_text
from app.invoice_data.pricing import LineAmounts, forint_amounts
from app.invoice_data.snapshot import InvoiceSnapshot, Party, SnapshotLine, VatRow
from app.services.invoice_buyer import buyer_status

UNIT_PRICE_PLACES = Decimal("0.0000000001")
_KIND = {VatKind.NORMAL: "normal", VatKind.EXEMPT: "exempt", VatKind.OUT_OF_SCOPE: "out_of_scope"}


def seller_party(company: Company) -> Party:
    return Party(
        name=company.name,
        country=company.country or "HU",
        postal_code=company.postal_code,
        city=company.city,
        street=company.street,
        tax_number=company.tax_number,
        eu_tax_number=company.eu_tax_number,
        bank_account=company.bank_account,
        email=company.email,
        phone=company.phone,
        vat_status=company.vat_status or "normal",
    )


def buyer_party(doc: Document) -> Party:
    return Party(
        name=doc.customer_name,
        country=(doc.billing_country or "HU").upper(),
        postal_code=doc.billing_postal_code,
        city=doc.billing_city,
        street=doc.billing_street,
        tax_number=doc.customer_tax_number,
        eu_tax_number=doc.customer_eu_tax_number,
        email=doc.customer_email,
        phone=doc.customer_phone,
    )


def payment_code(doc: Document) -> str:
    """NAV's paymentMethod: TRANSFER, CASH, CARD, VOUCHER or OTHER."""
    method = doc.payment_method
    if method is None:
        return "OTHER"
    if method.is_cash:
        return "CASH"
    name = method.name.lower()
    if "kártya" in name or "card" in name or "simplepay" in name or "barion" in name:
        return "CARD"
    if "utal" in name or "transfer" in name:
        return "TRANSFER"
    if "utalvány" in name or "voucher" in name:
        return "VOUCHER"
    return "OTHER"


def appearance(session: Session, doc: Document) -> str:
    """PAPER, ELECTRONIC (the buyer accepted electronic invoices) or UNKNOWN (not known at issue)."""
    customer = session.get(Customer, doc.customer_id) if doc.customer_id else None
    if customer is None or customer.electronic_invoice is None:
        return "UNKNOWN"
    return "ELECTRONIC" if customer.electronic_invoice else "PAPER"


def build_snapshot(
    session: Session,
    doc: Document,
    company: Company,
    *,
    kind: str,
    original: Document | None = None,
    modification_index: int | None = None,
    rate_date: date | None = None,
) -> InvoiceSnapshot:
    """The frozen record of ``doc`` (its lines and amounts already in the issuing transaction)."""
    lines = sorted(doc.lines, key=lambda ln: ln.position)
    kinds = {r.code: _KIND[r.kind] for r in session.scalars(select(VatRate))}
    amounts = [LineAmounts(ln.net_amount, ln.vat_amount, ln.gross_amount) for ln in lines]
    huf = forint_amounts([ln.vat_code for ln in lines], amounts, doc.currency, doc.exchange_rate)
    snap_lines = []
    rows: dict[str, list[Decimal]] = {}
    for line, money, forint in zip(lines, amounts, huf, strict=True):
        snap_lines.append(
            SnapshotLine(
                number=line.position,
                reference=line.line_reference,
                role=line.role,
                product_code=line.product_code if line.role == "goods" else "",
                name=line.name,
                quantity=line.quantity,
                unit=line.unit,
                unit_price_net=(money.net / line.quantity).quantize(UNIT_PRICE_PLACES),
                unit_price_gross=line.unit_price if line.price_is_gross else None,
                vat_code=line.vat_code,
                vat_percent=line.vat_percent,
                vat_kind=kinds.get(line.vat_code, "normal"),
                net=money.net,
                vat=money.vat,
                gross=money.gross,
                net_huf=forint.net,
                vat_huf=forint.vat,
                gross_huf=forint.gross,
                is_product=line.role == "goods",
            )
        )
        row = rows.setdefault(line.vat_code, [Decimal(0)] * 6)
        for k, value in enumerate((money.net, money.vat, money.gross, forint.net, forint.vat, forint.gross)):
            row[k] += value
    percent = {ln.vat_code: ln.vat_percent for ln in lines}
    vat_rows = tuple(
        VatRow(code, percent[code], kinds.get(code, "normal"), *values) for code, values in rows.items()
    )
    seller = seller_party(company)
    texts = [exemption_text(r.code) for r in vat_rows if r.kind != "normal"]
    if seller.vat_status == STATUS_CASH:
        texts.append(CASH_ACCOUNTING_TEXT)
    status = buyer_status(doc).status
    return InvoiceSnapshot(
        kind=kind,
        number=doc.number,
        issue_date=doc.issue_date,
        fulfilment_date=doc.fulfilment_date or doc.issue_date,
        due_date=doc.due_date or doc.issue_date,
        payment_method=doc.payment_method.name if doc.payment_method else "",
        payment_code=payment_code(doc),
        currency=doc.currency,
        exchange_rate=doc.exchange_rate if doc.currency != "HUF" else Decimal(1),
        seller=seller,
        buyer=buyer_party(doc),
        buyer_status=status,
        appearance=appearance(session, doc),
        lines=tuple(snap_lines),
        vat_rows=vat_rows,
        net_total=doc.net_total,
        vat_total=doc.vat_total,
        gross_total=doc.gross_total,
        net_total_huf=sum((r.net_huf for r in vat_rows), Decimal(0)),
        vat_total_huf=sum((r.vat_huf for r in vat_rows), Decimal(0)),
        gross_total_huf=sum((r.gross_huf for r in vat_rows), Decimal(0)),
        rounding=doc.rounding,
        header_note=doc.header_note,
        exchange_rate_source=doc.exchange_rate_source if doc.currency != "HUF" else "",
        exchange_rate_date=(rate_date or doc.fulfilment_date) if doc.currency != "HUF" else None,
        is_test=doc.is_test,
        original_number=original.number if original is not None else None,
        original_issue_date=original.issue_date if original is not None else None,
        modification_index=modification_index,
        texts=tuple(dict.fromkeys(texts)),
    )
