"""Invoices from orders: lawful content, exact per-rate totals, NAV data that passes NAV's rules."""

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
from app.invoice_data.snapshot import InvoiceSnapshot
from app.nav import rules
from app.output import nav_invoice
from app.services import documents as docs
from app.services import invoicing
from app.services.customers import CustomerInput, create_customer
from app.services.invoice_corrections import storno_invoice
from app.services.invoice_drafts import InvoiceOptions, prepare_from_order
from app.services.stock import stock_level
from tests.services.helpers import make_product, receipt

NS = {"d": nav_invoice.DATA_NS, "b": nav_invoice.BASE_NS}
TODAY = date(2026, 12, 1)
# Valid tax numbers (their check digit is right): the seller and a buyer company.
SELLER_TAX = "12345676-2-41"
BUYER_TAX = "87654323-2-13"
ROLES = {"SZOLG-SZALLITAS": "shipping", "SZOLG-KEDVEZMENY": "discount", "SZOLG-KEZELES": "handling"}


def set_company(session: Session, **kw: str) -> None:
    company = session.scalar(select(Company))
    assert company is not None
    company.name = "Bolthíd Teszt Kft."
    company.tax_number = SELLER_TAX
    company.postal_code, company.city, company.street = "1111", "Budapest", "Fő utca 1."
    company.bank_account = "11111111-22222222-33333333"
    company.email = "bolt@example.hu"
    for key, value in kw.items():
        setattr(company, key, value)


def make_order(session: Session, lines: list[tuple[str, str, str, str]], **kw: object) -> Document:
    """lines: (code, vat code, quantity, gross unit price); service lines when code starts with 'SZOLG'."""
    inputs = []
    for code, vat, qty, price in lines:
        product = make_product(
            session,
            code,
            vat_code=vat,
            kind=ProductKind.SERVICE if code.startswith("SZOLG") else ProductKind.GOODS,
            unit=str(kw.pop("unit", "db")) if not code.startswith("SZOLG") else "db",
        )
        if product.kind == ProductKind.GOODS:
            receipt(session, product.id, "100")
        inputs.append(
            docs.LineInput(
                D(qty),
                product.id,
                unit_price=D(price),
                price_is_gross=True,
                vat_code=vat,
                role=next((r for p, r in ROLES.items() if code.startswith(p)), None),
            )
        )
    customer = create_customer(
        session,
        CustomerInput(
            name=str(kw.pop("customer", "Őrült Ügyfél Kft.")),
            email="ugyfel@example.hu",
            tax_number=str(kw.pop("tax_number", BUYER_TAX)),
            eu_tax_number=str(kw.pop("eu_tax_number", "")),
            is_private=bool(kw.pop("private", False)),
            billing_country=str(kw.pop("country", "HU")),
            billing_postal_code="6720",
            billing_city="Szeged",
            billing_street=str(kw.pop("street", "Kárász u. 2.")),
        ),
    )
    data = docs.DocumentInput(
        lines=inputs, customer_id=customer.id, header_note="Webáruház rendelés: 1000-17"
    )
    for key, value in kw.items():
        setattr(data, key, value)
    return docs.create_customer_order(session, data)


def issue(session: Session, order: Document, **options: object) -> Document:
    return invoicing.invoice_from_order(session, order.id, InvoiceOptions(**options), today=TODAY)  # type: ignore[arg-type]


def snapshot(invoice: Document) -> InvoiceSnapshot:
    return InvoiceSnapshot.from_json(invoice.snapshot)


def test_discount_and_shipping_are_shared_out_over_the_goods_rates(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        order = make_order(
            s,
            [
                ("FURO", "27%", "2", "12990"),  # 25 980
                ("KONYV", "5%", "1", "4990"),  # 4 990
                ("BELEPO", "TAM", "1", "1500"),  # 1 500 (tárgyi adómentes)
                ("SZOLG-SZALLITAS", "27%", "1", "1490"),
                ("SZOLG-KEDVEZMENY", "27%", "1", "-1299"),
            ],
        )
        invoice = issue(s, order)
        snap = snapshot(invoice)
        assert order.status == DocumentStatus.CLOSED and invoice.source_document_id == order.id
    rows = {r.code: (r.net, r.vat, r.gross) for r in snap.vat_rows}
    # Goods weights 25980 : 4990 : 1500 (of 32470); shipping 1490 → 1192 / 229 / 69,
    # the coupon −1299 → −1039 / −200 / −60: every rate carries its share.
    assert rows["27%"] == (D(20577), D(5556), D(26133))  # 26133 ÷ 1,27 = 20577,17
    assert rows["5%"] == (D(4780), D(239), D(5019))
    assert rows["TAM"] == (D(1509), D(0), D(1509))
    assert snap.gross_total == D(32661), "the buyer's total does not move"
    names = [line.name for line in snap.lines]
    assert "Termék SZOLG-SZALLITAS – 5%-os tételekre" in names
    assert "Termék SZOLG-KEDVEZMENY – TAM tételekre" in names
    assert all(line.product_code == "" for line in snap.lines if line.role != "goods")
    assert rules.check(invoice.nav_xml.encode(), today=TODAY) == []


@pytest.mark.parametrize(("total", "rounding"), [("6157", "-2"), ("6158", "2"), ("6155", "0"), ("6153", "2")])
def test_cash_rounding(total: str, rounding: str) -> None:
    from app.invoice_data import figures

    assert figures.cash_rounding(D(total)) == D(rounding)


def test_cash_invoice_is_rounded_and_storno_negates_everything(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        cash = s.scalar(select(PaymentMethod).where(PaymentMethod.is_cash.is_(True)))
        assert cash is not None
        order = make_order(s, [("KALAPACS", "27%", "1", "6157")], payment_method_id=cash.id)
        product_id = order.lines[0].product_id
        invoice = issue(s, order)
        assert (invoice.gross_total, invoice.rounding, snapshot(invoice).payable) == (D(6157), D(-2), D(6155))
        assert stock_level(s, product_id).on_hand == 99  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="már készült számla"):
            issue(s, order)
        storno = storno_invoice(s, invoice.id)
        assert storno.number.startswith("SZ-") and storno.number != invoice.number
        assert (storno.net_total, storno.vat_total, storno.gross_total, storno.rounding) == (
            -invoice.net_total,
            -invoice.vat_total,
            -invoice.gross_total,
            D(2),
        )
        assert stock_level(s, product_id).on_hand == 100  # type: ignore[arg-type]
        assert invoice.status == DocumentStatus.CANCELLED and order.status == DocumentStatus.OPEN
        again = issue(s, order)
        assert again.gross_total == invoice.gross_total
        with pytest.raises(ValidationError, match="már sztornózták"):
            storno_invoice(s, invoice.id)


def test_eur_invoice_needs_a_confirmed_rate_and_has_one_huf_vat(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        order = make_order(s, [("EUR-1", "27%", "2", "25.40")], currency="EUR", exchange_rate=D("390.5"))
        with pytest.raises(ValidationError, match="árfolyam"):
            issue(s, order)
    with db.transaction() as s:
        invoice = issue(s, order, exchange_rate=D("391.25"))
        snap = snapshot(invoice)
        assert (invoice.currency, invoice.exchange_rate) == ("EUR", D("391.25"))
        assert (snap.net_total, snap.vat_total, snap.gross_total) == (D("40.00"), D("10.80"), D("50.80"))
        xml = etree.fromstring(invoice.nav_xml.encode())
    assert snap.vat_total_huf == D(4226)  # 10.80 × 391.25 = 4225.5 → 4226
    assert xml.findtext(".//d:invoiceVatAmountHUF", namespaces=NS) == "4226"
    assert xml.findtext(".//d:exchangeRate", namespaces=NS) == "391.25"
    assert snap.exchange_rate_source == "MNB" and snap.exchange_rate_date == TODAY


BUYERS: dict[str, tuple[dict[str, object], str, str | None]] = {
    # case: (order keywords, expected status, expected tax element, expected text)
    "private": ({"customer": "Kiss Éva", "tax_number": "", "private": True}, "PRIVATE_PERSON", None),
    "company": ({}, "DOMESTIC", "87654323"),
    "eu-number-only": ({"tax_number": "", "eu_tax_number": "HU87654323"}, "DOMESTIC", "87654323"),
    "eu-company": (
        {"tax_number": "", "eu_tax_number": "DE123456789", "country": "DE"},
        "OTHER",
        "DE123456789",
    ),
    "foreign-private": ({"tax_number": "", "private": True, "country": "AT"}, "PRIVATE_PERSON", None),
}


@pytest.mark.parametrize("case", list(BUYERS))
def test_each_buyer_type_is_reported_as_nav_requires(db: Database, case: str) -> None:
    kw, status, tax = BUYERS[case]
    with db.transaction() as s:
        set_company(s)
        invoice = issue(s, make_order(s, [("P-27", "27%", "1", "12700")], **kw))
        data = invoice.nav_xml.encode()
    xml = etree.fromstring(data)
    assert xml.findtext(".//d:customerVatStatus", namespaces=NS) == status
    if status == "PRIVATE_PERSON":
        assert xml.find(".//d:customerVatData", NS) is None and xml.find(".//d:customerName", NS) is None
    elif status == "DOMESTIC":
        assert xml.findtext(".//d:customerTaxNumber/b:taxpayerId", namespaces=NS) == tax
        assert xml.find(".//d:communityVatNumber", NS) is None, "an EU number never goes under DOMESTIC"
    else:
        assert xml.findtext(".//d:customerVatData/d:communityVatNumber", namespaces=NS) == tax
    assert rules.check(data, today=TODAY) == []


def test_a_company_without_tax_number_is_held_until_confirmed_not_a_vat_subject(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        order = make_order(s, [("EGYES", "27%", "1", "5000")], customer="Horgász Egyesület", tax_number="")
        draft = prepare_from_order(s, order.id, today=TODAY)
        assert [p.resolves_by for p in draft.problems] == ["not_vat_subject"]
        assert "nincs adószáma" in draft.problems[0].text
        with pytest.raises(invoicing.InvoiceHeld):
            issue(s, order)
    with db.transaction() as s:
        invoice = issue(s, order, not_vat_subject=True)
        xml = etree.fromstring(invoice.nav_xml.encode())
    assert xml.findtext(".//d:customerVatStatus", namespaces=NS) == "OTHER"
    assert xml.find(".//d:customerVatData", NS) is None
    assert xml.findtext(".//d:customerName", namespaces=NS) == "Horgász Egyesület"


def test_a_wrong_check_digit_is_refused_before_issuing(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        with pytest.raises(ValidationError, match="ellenőrző számjegye hibás"):  # on entry
            create_customer(s, CustomerInput(name="Elírt Kft.", is_private=False, tax_number="87654321-2-13"))
        order = make_order(s, [("ROSSZ", "27%", "1", "5000")])
        order.customer_tax_number = "87654321-2-13"  # as a webshop order brings it (imported anyway)
        draft = prepare_from_order(s, order.id, today=TODAY)
        assert any("ellenőrző számjegye hibás" in p.text for p in draft.problems)
        with pytest.raises(invoicing.InvoiceHeld, match="ellenőrző számjegye"):
            issue(s, order)


def test_buyer_address_and_company_data_are_required(db: Database) -> None:
    with db.transaction() as s:
        set_company(s, street="")
        order = make_order(s, [("CIM", "27%", "1", "5000")], street="")
        texts = " ".join(p.text for p in prepare_from_order(s, order.id, today=TODAY).problems)
    assert "vevő számlázási adatai hiányosak (utca, házszám)" in texts
    assert "saját cégadatok hiányosak (utca)" in texts


def test_a_negative_total_is_refused(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        order = make_order(s, [("OLCSO", "27%", "1", "1000"), ("SZOLG-KEDVEZMENY", "27%", "1", "-2000")])
        with pytest.raises(invoicing.InvoiceHeld, match="negatív"):
            issue(s, order)


def test_kelt_is_today_and_teljesites_is_chosen_a_later_one_confirmed(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        transfer = s.scalar(select(PaymentMethod).where(PaymentMethod.due_days == 8))
        assert transfer is not None
        order = make_order(s, [("DATUM", "27%", "1", "1270")], payment_method_id=transfer.id)
        early = date(2026, 11, 28)
        invoice = issue(s, order, fulfilment_date=early)
        assert (invoice.issue_date, invoice.fulfilment_date, invoice.due_date) == (
            TODAY,
            early,
            date(2026, 12, 9),
        )
        later = make_order(s, [("KESO", "27%", "1", "1270")])
        with pytest.raises(invoicing.InvoiceHeld, match="későbbi"):
            issue(s, later, fulfilment_date=date(2026, 12, 5))
        assert issue(
            s, later, fulfilment_date=date(2026, 12, 5), late_fulfilment_confirmed=True
        ).fulfilment_date
        # Without a chosen day: the order's delivery day when it has one, else the day of issue.
        delivered = make_order(s, [("SZALLITVA", "27%", "1", "1270")], fulfilment_date=early)
        plain = make_order(s, [("SIMA", "27%", "1", "1270")])
        assert plain.fulfilment_date is None, "an order has no teljesítés until one is given"
        assert (issue(s, delivered).fulfilment_date, issue(s, plain).fulfilment_date) == (early, TODAY)


def test_the_sellers_vat_status_decides_the_codes_and_the_texts(db: Database) -> None:
    with db.transaction() as s:
        set_company(s)
        with pytest.raises(invoicing.InvoiceHeld, match=r"AAM .*csak alanyi adómentes eladó"):
            issue(s, make_order(s, [("KONYV-AAM", "AAM", "1", "1500")]))
    with db.transaction() as s:
        set_company(s, vat_status="aam")
        with pytest.raises(invoicing.InvoiceHeld, match="csak AAM kóddal"):
            issue(s, make_order(s, [("FURO-27", "27%", "1", "1270")]))
        exempt = issue(s, make_order(s, [("KONYV-2", "AAM", "2", "1500")]))
        snap = snapshot(exempt)
    xml = etree.fromstring(exempt.nav_xml.encode())
    assert xml.findtext(".//d:individualExemption", namespaces=NS) == "true"
    assert xml.findtext(".//d:lineVatRate/d:vatExemption/d:case", namespaces=NS) == "AAM"
    assert any("187. §" in text for text in snap.texts)
    with db.transaction() as s:
        set_company(s, vat_status="cash_accounting", eu_tax_number="HU12345676")
        cash = issue(s, make_order(s, [("PENZ", "27%", "1", "1270")]))
    xml = etree.fromstring(cash.nav_xml.encode())
    assert xml.findtext(".//d:cashAccountingIndicator", namespaces=NS) == "true"
    assert xml.findtext(".//d:supplierInfo/d:communityVatNumber", namespaces=NS) == "HU12345676"
    assert "Pénzforgalmi elszámolás" in snapshot(cash).texts


def test_units_and_appearance_follow_nav_value_lists(db: Database) -> None:
    from app.db.partners import Customer

    with db.transaction() as s:
        set_company(s)
        order = make_order(s, [("LISZT", "5%", "2.5", "400")], unit="kg")
        customer = s.get(Customer, order.customer_id)
        assert customer is not None
        customer.electronic_invoice = True
        invoice = issue(s, order)
        other = issue(s, make_order(s, [("ZSAK", "27%", "1", "400")], unit="zsák"))
    xml = etree.fromstring(invoice.nav_xml.encode())
    assert xml.findtext(".//d:unitOfMeasure", namespaces=NS) == "KILOGRAM"
    assert xml.find(".//d:unitOfMeasureOwn", NS) is None
    assert xml.findtext(".//d:invoiceAppearance", namespaces=NS) == "ELECTRONIC"
    other_xml = etree.fromstring(other.nav_xml.encode())
    assert other_xml.findtext(".//d:unitOfMeasure", namespaces=NS) == "OWN"
    assert other_xml.findtext(".//d:unitOfMeasureOwn", namespaces=NS) == "zsák"
    assert other_xml.findtext(".//d:invoiceAppearance", namespaces=NS) == "UNKNOWN"


def test_a_broken_document_is_caught_by_the_schema() -> None:
    """The validator can fail: an InvoiceData without its head is reported, not accepted."""
    bad = (
        b'<InvoiceData xmlns="http://schemas.nav.gov.hu/OSA/3.0/data"><invoiceNumber>X</invoiceNumber>'
        b"<invoiceIssueDate>2026-01-01</invoiceIssueDate></InvoiceData>"
    )
    assert nav_invoice.validate(bad)


def test_a_shop_may_keep_shipping_at_its_own_rate(db: Database) -> None:
    from app.credentials import CredentialStore
    from app.sync import shops

    settings = shops.ShopSettings(
        name="Könyvelős bolt", base_url="http://127.0.0.1:9/shop/", shipping_at_shop_rate=True
    )
    shop_id = shops.add_shop(db, CredentialStore(use_keyring=False), settings, "kulcs")
    with db.transaction() as s:
        set_company(s)
        lines = [
            ("KONYV-5", "5%", "1", "4990"),
            ("TOLL-27", "27%", "1", "1270"),
            ("SZOLG-SZALLITAS", "27%", "1", "990"),
        ]
        kept = snapshot(issue(s, make_order(s, lines, shop_id=shop_id)))
        shared = snapshot(issue(s, make_order(s, [(f"{c}-B", v, q, p) for c, v, q, p in lines])))
    assert [ln.vat_code for ln in kept.lines if ln.role == "shipping"] == ["27%"]
    assert sorted(ln.vat_code for ln in shared.lines if ln.role == "shipping") == ["27%", "5%"]
    assert kept.gross_total == shared.gross_total
