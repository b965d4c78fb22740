"""The invoice PDF read back with pdftotext: what Áfa tv. 169. § asks, and what a buyer looks for."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from app.db.database import Database
from app.formatting import format_money
from app.output.invoice_pdf import render_invoice_pdf
from app.services.invoice_corrections import LineChange, modify_invoice, storno_invoice
from tests.services.test_invoicing import NS, TODAY, issue, make_order, set_company, snapshot

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "szamla.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _flat(pdf: bytes, tmp_path: Path) -> str:
    return " ".join(_text(pdf, tmp_path).split())


def test_pdf_has_what_the_law_asks_and_hungarian_letters(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        set_company(s)
        order = make_order(
            s,
            [
                ("FURO-1", "27%", "2", "12990"),
                ("KONYV-1", "5%", "1", "4990"),
                ("BELEPO-1", "TAM", "1", "1500"),
                ("SZOLG-SZALLITAS", "27%", "1", "1490"),
            ],
        )
        order.lines[0].name = "árvíztűrő tükörfúrógép"
        invoice = issue(s, order)
        pdf, number = invoice.pdf, invoice.number
    assert pdf is not None
    text = _text(pdf, tmp_path)
    flat = " ".join(text.split())
    assert "Számla" in text and number in text and "Eredeti példány" in text
    assert "Őrült Ügyfél Kft." in text and "árvíztűrő tükörfúrógép" in text
    assert "Bolthíd Teszt Kft." in text and "12345676-2-41" in text and "87654323-2-13" in text
    assert "6720 Szeged, Kárász u. 2." in flat, "the buyer's address"
    assert TODAY.strftime("%Y.%m.%d.") in text and "Webáruház rendelés: 1000-17" in text
    # The unit price without VAT beside the gross one (the line's net 20 457 ÷ 2).
    assert "Nettó" in flat and "egységár" in flat and "10 228,50" in flat and "12 990" in flat
    # An exemption prints its legal ground; our service codes are not printed.
    assert "Tárgyi adómentes értékesítés – Áfa tv. 85–87. §" in flat
    assert "SZOLG-SZALLITAS)" not in flat and "(FURO-1)" in flat
    assert "jelenteni kell" not in flat and "1/1. oldal" in flat
    assert "Fizetendő: 33 960 Ft" in flat


def test_cash_rounding_storno_and_modifying_invoice_titles(db: Database, tmp_path: Path) -> None:
    from app.db.catalog import PaymentMethod

    with db.transaction() as s:
        set_company(s)
        cash = s.scalar(select(PaymentMethod).where(PaymentMethod.is_cash.is_(True)))
        order = make_order(s, [("KAL-1", "27%", "2", "6158")], payment_method_id=cash.id)  # type: ignore[union-attr]
        invoice = issue(s, order)
        modification = modify_invoice(s, invoice.id, [LineChange(1, returned=D(1))], today=TODAY)
        storno = storno_invoice(s, invoice.id, today=TODAY)
        pdfs = [x.pdf for x in (invoice, modification, storno)]
    flat, modified, cancelled = (_flat(p, tmp_path) for p in pdfs)  # type: ignore[arg-type]
    assert "Bruttó összesen: 12 316 Ft" in flat and "Kerekítés (készpénz): -1 Ft" in flat
    assert "Fizetendő: 12 315 Ft" in flat
    assert "Helyesbítő számla" in modified and invoice.number in modified and "visszáru" in modified
    assert "módosítása (módosító okirat)" in modified and "Módosítás sorszáma: 1" in modified
    assert "Sztornó számla" in cancelled and "érvénytelenítése" in cancelled
    assert "Módosítás sorszáma: 2" in cancelled


def test_eur_invoice_prints_the_same_huf_vat_as_its_nav_data(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        set_company(s)
        order = make_order(
            s,
            [("EUR-1", "27%", "3", "19.99"), ("EUR-2", "5%", "7", "3.15"), ("EUR-3", "18%", "1", "0.99")],
            currency="EUR",
            exchange_rate=D(390),
        )
        invoice = issue(s, order, exchange_rate=D("391.27"))
        snap = snapshot(invoice)
        xml = etree.fromstring(invoice.nav_xml.encode())
        flat = _flat(invoice.pdf, tmp_path)  # type: ignore[arg-type]
    huf_vat = D(xml.findtext(".//d:invoiceVatAmountHUF", namespaces=NS))  # type: ignore[arg-type]
    assert snap.vat_total_huf == huf_vat
    huf_text = format_money(huf_vat).replace("\u00a0", " ")
    assert f"Az áthárított ÁFA forintban: {huf_text} Ft" in flat.replace("\u00a0", " ")
    assert "391,27" in flat and "MNB" in flat and TODAY.strftime("%Y.%m.%d.") in flat
    rows = [D(x.text) for x in xml.iterfind(".//d:vatRateVatAmountHUF", NS)]  # type: ignore[arg-type]
    assert sum(rows) == huf_vat


def test_a_120_line_invoice_spans_pages_keeps_its_totals_together(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        set_company(s)
        order = make_order(s, [(f"SOR-{n:03d}", "27%", "1", "127") for n in range(120)])
        pdf = issue(s, order).pdf
    assert pdf is not None
    pages = _text(pdf, tmp_path).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 3
    with_lines = [page for page in pages if "SOR-" in page]
    assert all("Megnevezés" in page for page in with_lines), "the header repeats"
    total = len(pages)
    for n, page in enumerate(pages, start=1):
        assert f"{n}/{total}. oldal" in page
    closing = [page for page in pages if "Fizetendő" in page]
    assert len(closing) == 1 and "ÁFA-kulcs" in closing[0], "the totals block stays together"
    assert "Fizetendő: 15 240 Ft" in " ".join(closing[0].split())


def test_a_reprint_is_marked_as_a_copy(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        set_company(s)
        snap = snapshot(issue(s, make_order(s, [("MASOL", "27%", "1", "1270")])))
    assert "Másolat" in _flat(render_invoice_pdf(snap, copy=True), tmp_path)
