"""`bolthid invoice …`: an invoice from an order (PDF, NAV XML, e-mail) and storno, without the GUI."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from app.errors import ValidationError


def add_parser(sub: Any) -> None:
    p_invoice = sub.add_parser("invoice", help="számlázás")
    inv_sub = p_invoice.add_subparsers(dest="invoice_command", required=True)
    p_from = inv_sub.add_parser("from-order", help="számla készítése egy vevői rendelésből")
    p_from.add_argument("order", help="a rendelés sorszáma, pl. VR-2026-00012")
    p_from.add_argument("--pdf", type=Path, help="a számla PDF-je ide kerül")
    p_from.add_argument("--nav-xml", type=Path, help="a NAV Online Számla adat (InvoiceData XML) ide kerül")
    p_from.add_argument("--email", action="store_true", help="a PDF elküldése a vevőnek e-mailben")
    p_from.add_argument("--rate", help="deviza rendelésnél a megerősített árfolyam (pl. 391,25)")
    p_storno = inv_sub.add_parser("storno", help="számla sztornózása sztornó számlával")
    p_storno.add_argument("number", help="a sztornózandó számla sorszáma")
    p_storno.add_argument("--pdf", type=Path)
    p_storno.add_argument("--nav-xml", type=Path)


def run(db: Any, args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from app.db.company import Company
    from app.db.documents import Document
    from app.invoice_data import figures
    from app.output.invoice_pdf import render_invoice_pdf
    from app.services import invoicing

    with db.transaction() as session:
        wanted = args.order if args.invoice_command == "from-order" else args.number
        source = session.scalar(select(Document).where(Document.number == wanted.strip()))
        if source is None:
            raise ValidationError(f"Nincs ilyen sorszámú bizonylat: {wanted}")
        if args.invoice_command == "from-order":
            options = invoicing.InvoiceOptions(exchange_rate=_rate(args.rate))
            invoice = invoicing.invoice_from_order(session, source.id, options)
        else:
            invoice = invoicing.storno_invoice(session, source.id)
        company = session.scalar(select(Company)) or Company()
        pdf = render_invoice_pdf(invoice, company) if args.pdf else None
        invoice_id, number, nav_xml, shop_id = invoice.id, invoice.number, invoice.nav_xml, invoice.shop_id
        payable = figures.payable(invoice)
        currency = invoice.currency
    print(f"Elkészült: {number} (fizetendő: {payable} {currency})")
    if args.pdf and pdf is not None:
        args.pdf.write_bytes(pdf)
        print(f"PDF: {args.pdf}")
    if args.nav_xml:
        args.nav_xml.write_text(nav_xml, encoding="utf-8")
        print(f"NAV-adat: {args.nav_xml}")
    print("Figyelem: a számla adatait a NAV Online Számla rendszerébe jelenteni kell.")
    failed = False
    if shop_id is not None:
        failed = _write_back(db, shop_id) or failed
    if getattr(args, "email", False):
        from app.credentials import CredentialStore
        from app.services.invoice_mail import send_invoice

        try:
            send_invoice(db, CredentialStore(), invoice_id)
            print("E-mailben elküldve.")
        except ValidationError as exc:
            print(f"Hiba: {exc.user_message}", file=sys.stderr)
            failed = True
        except Exception as exc:  # AppError and friends: the invoice exists, only the e-mail failed
            print(f"Hiba: {getattr(exc, 'user_message', exc)}", file=sys.stderr)
            failed = True
    return 1 if failed else 0


def _rate(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.replace(",", ".").replace(" ", ""))
    except InvalidOperation as exc:
        raise ValidationError(f"Érvénytelen árfolyam: {text}") from exc


def _write_back(db: Any, shop_id: int) -> bool:
    """Try the queued write-back now; the shop being down never fails the invoice."""
    from app.credentials import CredentialStore
    from app.errors import AppError
    from app.sync import shops
    from app.sync.invoice_writeback import write_back_invoices

    try:
        messages = write_back_invoices(db, shop_id, shops.shop_client(db, CredentialStore(), shop_id))
    except AppError as exc:
        messages = [f"A számlaszám visszaírása később folytatódik: {exc.user_message}"]
    for message in messages:
        print(f"  {message}")
    return False
