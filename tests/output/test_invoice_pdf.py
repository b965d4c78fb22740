"""The invoice PDF read back with pdftotext: the values a buyer and an accountant look for."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy import select

from app.db.company import Company
from app.db.database import Database
from app.output.invoice_pdf import render_invoice_pdf
from app.services import invoicing
from tests.services.test_invoicing import make_order, set_company


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "szamla.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _pages(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "szamla.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_pdf_has_every_value_and_hungarian_letters(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        set_company(s)
        order = make_order(
            s,
            [
                ("FURO-1", "27%", "2", "12990"),
                ("KONYV-1", "5%", "1", "4990"),
                ("HASZN-1", "AAM", "1", "1500"),
            ],
        )
        order.lines[0].name = "árvíztűrő tükörfúrógép"
        invoice = invoicing.invoice_from_order(s, order.id)
        company = s.scalar(select(Company))
        assert company is not None
        pdf = render_invoice_pdf(invoice, company)
        number, issue = invoice.number, invoice.issue_date
    text = _text(pdf, tmp_path)
    flat = " ".join(text.split())
    assert "Számla" in text and number in text
    assert "Őrült Ügyfél Kft." in text and "árvíztűrő tükörfúrógép" in text
    assert "Bolthíd Teszt Kft." in text and "12345678-2-41" in text and "87654321-2-13" in text
    assert "11111111-22222222-33333333" in text
    assert issue.strftime("%Y.%m.%d.") in text
    assert "Webáruház rendelés: 1000-17" in text
    # per-rate sums and the totals (Hungarian thousands separators)
    for expected in ("20 457", "5 523", "25 980", "4 752", "238", "4 990", "1 500", "26 709", "32 470"):
        assert expected in flat, expected
    assert "Fizetendő: 32 470 Ft" in flat


def test_cash_rounding_and_storno_title(db: Database, tmp_path: Path) -> None:
    from app.db.catalog import PaymentMethod

    with db.transaction() as s:
        set_company(s)
        cash = s.scalar(select(PaymentMethod).where(PaymentMethod.is_cash.is_(True)))
        order = make_order(s, [("KAL-1", "27%", "1", "6158")], payment_method_id=cash.id)  # type: ignore[union-attr]
        invoice = invoicing.invoice_from_order(s, order.id)
        company = s.scalar(select(Company))
        flat = " ".join(_text(render_invoice_pdf(invoice, company), tmp_path).split())  # type: ignore[arg-type]
        storno = invoicing.storno_invoice(s, invoice.id)
        storno_text = " ".join(_text(render_invoice_pdf(storno, company), tmp_path).split())  # type: ignore[arg-type]
    assert "Bruttó összesen: 6 158 Ft" in flat and "Kerekítés (készpénz): 2 Ft" in flat
    assert "Fizetendő: 6 160 Ft" in flat
    assert "Sztornó számla" in storno_text and invoice.number in storno_text and "-6 158" in storno_text


def test_eur_invoice_shows_vat_in_huf(db: Database, tmp_path: Path) -> None:
    from decimal import Decimal as D

    with db.transaction() as s:
        set_company(s)
        order = make_order(s, [("EUR-1", "27%", "2", "25.40")], currency="EUR", exchange_rate=D(390))
        invoice = invoicing.invoice_from_order(
            s, order.id, invoicing.InvoiceOptions(exchange_rate=D("391.25"))
        )
        flat = " ".join(_text(render_invoice_pdf(invoice, s.scalar(select(Company))), tmp_path).split())  # type: ignore[arg-type]
    assert "Fizetendő: 50,80 EUR" in flat
    assert "Az áthárított ÁFA forintban: 4 226 Ft" in flat and "391,25" in flat


def test_a_120_line_invoice_spans_pages_with_the_header_repeated(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        set_company(s)
        order = make_order(s, [(f"SOR-{n:03d}", "27%", "1", "127") for n in range(120)])
        invoice = invoicing.invoice_from_order(s, order.id)
        pdf = render_invoice_pdf(invoice, s.scalar(select(Company)))  # type: ignore[arg-type]
    assert _pages(pdf, tmp_path) >= 3
    text = _text(pdf, tmp_path)
    pages = text.split("\f")
    with_lines = [page for page in pages if "SOR-" in page]
    assert len(with_lines) >= 3 and all("Megnevezés" in page for page in with_lines), "the header repeats"
    assert "SOR-119" in text and "Fizetendő: 15 240 Ft" in " ".join(text.split())
