"""Invoices from orders: exact totals, cash rounding, storno, EUR with HUF VAT, NAV XML valid (both DBs)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.catalog import PaymentMethod, ProductKind
from app.db.company import Company
from app.db.database import Database
from app.db.documents import Document, DocumentStatus
from app.errors import ValidationError
from app.invoice_data import figures
from app.output import nav_invoice
from app.services import documents as docs
from app.services import invoicing
from app.services.customers import CustomerInput, create_customer
from app.services.stock import stock_level
from tests.services.helpers import make_product, receipt

NS = {"d": nav_invoice.DATA_NS, "b": nav_invoice.BASE_NS}


def set_company(session: Session) -> None:
    company = session.scalar(select(Company))
    assert company is not None
    company.name = "Bolthíd Teszt Kft."
    company.tax_number = "12345678-2-41"
    company.postal_code, company.city, company.street = "1111", "Budapest", "Fő utca 1."
    company.bank_account = "11111111-22222222-33333333"


def make_order(session: Session, lines: list[tuple[str, str, str, str]], **kw: object) -> Document:
    """lines: (code, vat code, quantity, gross unit price); service lines when code starts with 'SZOLG'."""
    inputs = []
    for code, vat, qty, price in lines:
        product = make_product(
            session,
            code,
            vat_code=vat,
            kind=ProductKind.SERVICE if code.startswith("SZOLG") else ProductKind.GOODS,
        )
        if product.kind == ProductKind.GOODS:
            receipt(session, product.id, "100")
        inputs.append(
            docs.LineInput(D(qty), product.id, unit_price=D(price), price_is_gross=True, vat_code=vat)
        )
    customer = create_customer(
        session,
        CustomerInput(
            name=str(kw.pop("customer", "Őrült Ügyfél Kft.")),
            email="ugyfel@example.hu",
            tax_number=str(kw.pop("tax_number", "87654321-2-13")),
            is_private=bool(kw.pop("private", False)),
            billing_postal_code="6720",
            billing_city="Szeged",
            billing_street="Kárász u. 2.",
        ),
    )
    data = docs.DocumentInput(
        lines=inputs, customer_id=customer.id, header_note="Webáruház rendelés: 1000-17"
    )
    for key, value in kw.items():
        setattr(data, key, value)
    return docs.create_customer_order(session, data)


def test_mixed_rates_with_discount_and_shipping_are_exact(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        order = make_order(
            s,
            [
                ("FURO", "27%", "2", "12990"),
                ("KONYV", "5%", "1", "4990"),
                ("HASZNALT", "AAM", "1", "1500"),
                ("SZOLG-SZALLITAS", "27%", "1", "1490"),
                ("SZOLG-KEDVEZMENY", "27%", "1", "-1299"),
            ],
        )
        invoice = invoicing.invoice_from_order(s, order.id)
        assert order.status == DocumentStatus.CLOSED and invoice.source_document_id == order.id
        summary = {r.vat_code: (r.net, r.vat, r.gross) for r in figures.vat_rows(invoice)}
    # 27%, line by line: nets 20457 + 1173 − 1023 = 20607; gross 25980 + 1490 − 1299 = 26171
    assert summary["27%"] == (D(20607), D(5564), D(26171))
    assert summary["5%"] == (D(4752), D(238), D(4990))
    assert summary["AAM"] == (D(1500), D(0), D(1500))
    assert (invoice.net_total, invoice.vat_total, invoice.gross_total) == (D(26859), D(5802), D(32661))
    assert invoice.rounding == 0  # not paid in cash


@pytest.mark.parametrize(("total", "rounding"), [("6157", "-2"), ("6158", "2"), ("6155", "0"), ("6153", "2")])
def test_cash_rounding(total: str, rounding: str) -> None:
    assert figures.cash_rounding(D(total)) == D(rounding)


def test_cash_invoice_is_rounded_and_storno_negates_everything(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        cash = s.scalar(select(PaymentMethod).where(PaymentMethod.is_cash.is_(True)))
        assert cash is not None
        order = make_order(s, [("KALAPACS", "27%", "1", "6157")], payment_method_id=cash.id)
        product_id = order.lines[0].product_id
        invoice = invoicing.invoice_from_order(s, order.id)
        assert (invoice.gross_total, invoice.rounding, figures.payable(invoice)) == (
            D(6157),
            D(-2),
            D(6155),
        )
        assert stock_level(s, product_id).on_hand == 99  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="már készült számla"):
            invoicing.invoice_from_order(s, order.id)
        storno = invoicing.storno_invoice(s, invoice.id)
        assert storno.number.startswith("SZ-") and storno.number != invoice.number
        assert (storno.net_total, storno.vat_total, storno.gross_total, storno.rounding) == (
            -invoice.net_total,
            -invoice.vat_total,
            -invoice.gross_total,
            D(2),
        )
        assert [ln.quantity for ln in storno.lines] == [-ln.quantity for ln in invoice.lines]
        assert stock_level(s, product_id).on_hand == 100  # type: ignore[arg-type]
        assert invoice.status == DocumentStatus.CANCELLED and order.status == DocumentStatus.OPEN
        again = invoicing.invoice_from_order(s, order.id)
        assert again.gross_total == invoice.gross_total
        with pytest.raises(ValidationError, match="már sztornózták"):
            invoicing.storno_invoice(s, invoice.id)


def test_eur_invoice_needs_a_confirmed_rate_and_shows_huf_vat(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        order = make_order(s, [("EUR-1", "27%", "2", "25.40")], currency="EUR", exchange_rate=D("390.5"))
        with pytest.raises(ValidationError, match="árfolyam"):
            invoicing.invoice_from_order(s, order.id)
    with db.transaction() as s:
        invoice = invoicing.invoice_from_order(
            s, order.id, invoicing.InvoiceOptions(exchange_rate=D("391.25"))
        )
        assert (invoice.currency, invoice.exchange_rate) == ("EUR", D("391.25"))
        assert (invoice.net_total, invoice.vat_total, invoice.gross_total) == (
            D("40.00"),
            D("10.80"),
            D("50.80"),
        )
        assert figures.to_huf(invoice.vat_total, invoice) == D(4226)  # 10.80 × 391.25 = 4225.5 → 4226
        xml = etree.fromstring(invoice.nav_xml.encode())
    assert xml.findtext(".//d:invoiceVatAmountHUF", namespaces=NS) == "4226"
    assert xml.findtext(".//d:exchangeRate", namespaces=NS) == "391.25"


@pytest.mark.parametrize(
    "case",
    ["company", "private", "mixed", "aam", "eur", "storno"],
)
def test_every_invoice_type_gives_schema_valid_nav_xml(db: Database, case: str) -> None:
    with db.transaction() as s:
        set_company(s)
        kw: dict[str, object] = {}
        lines = [("P-27", "27%", "1", "12700")]
        if case == "private":
            kw = {"customer": "Kiss Éva", "tax_number": "", "private": True}
        if case == "mixed":
            lines = [("P-27", "27%", "3", "1270"), ("P-5", "5%", "1", "1050"), ("P-18", "18%", "1", "1180")]
        if case == "aam":
            lines = [("P-AAM", "AAM", "2", "1500")]
        if case == "eur":
            kw = {"currency": "EUR", "exchange_rate": D("390")}
            lines = [("P-EUR", "27%", "1", "12.70")]
        order = make_order(s, lines, **kw)
        invoice = invoicing.invoice_from_order(
            s, order.id, invoicing.InvoiceOptions(exchange_rate=D("390") if case == "eur" else None)
        )
        if case == "storno":
            invoice = invoicing.storno_invoice(s, invoice.id)
        data = invoice.nav_xml.encode()
    assert nav_invoice.validate(data) == []
    xml = etree.fromstring(data)
    status = xml.findtext(".//d:customerVatStatus", namespaces=NS)
    if case == "private":
        assert status == "PRIVATE_PERSON"
        assert xml.find(".//d:customerName", NS) is None and xml.find(".//d:customerAddress", NS) is None
    else:
        assert status == "DOMESTIC"
        assert xml.findtext(".//d:customerTaxNumber/b:taxpayerId", namespaces=NS) == "87654321"
    if case == "aam":
        assert xml.findtext(".//d:lineVatRate/d:vatExemption/d:case", namespaces=NS) == "AAM"
        assert xml.find(".//d:vatPercentage", NS) is None
    if case == "storno":
        assert xml.findtext(".//d:invoiceReference/d:originalInvoiceNumber", namespaces=NS)
        assert xml.findtext(".//d:lineOperation", namespaces=NS) == "CREATE"
        assert xml.findtext(".//d:invoiceGrossAmount", namespaces=NS) == "-12700"


def test_a_broken_document_is_caught_by_the_schema() -> None:
    """The validator can fail: an InvoiceData without its head is reported, not accepted."""
    bad = (
        b'<InvoiceData xmlns="http://schemas.nav.gov.hu/OSA/3.0/data"><invoiceNumber>X</invoiceNumber>'
        b"<invoiceIssueDate>2026-01-01</invoiceIssueDate></InvoiceData>"
    )
    assert nav_invoice.validate(bad)


def test_issue_date_and_due_date(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        transfer = s.scalar(select(PaymentMethod).where(PaymentMethod.due_days == 8))
        assert transfer is not None
        order = make_order(s, [("DATUM", "27%", "1", "1270")], payment_method_id=transfer.id)
        invoice = invoicing.invoice_from_order(
            s,
            order.id,
            invoicing.InvoiceOptions(issue_date=date(2026, 3, 30), fulfilment_date=date(2026, 3, 28)),
        )
        assert (invoice.issue_date, invoice.fulfilment_date, invoice.due_date) == (
            date(2026, 3, 30),
            date(2026, 3, 28),
            date(2026, 4, 7),
        )
