"""`bolthid invoice …`: an invoice from an order (after its preview), storno, modifying invoice, and
the PDF and NAV XML of an issued invoice re-printed from its snapshot – all without the GUI."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from app.cli.arg_types import iso_date
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
    p_from.add_argument("--delivery-date", type=iso_date, help="teljesítés dátuma ÉÉÉÉ-HH-NN (alapból ma)")
    p_from.add_argument("--yes", action="store_true", help="kiállítás az előnézet megerősítése nélkül")
    p_from.add_argument(
        "--not-vat-subject",
        action="store_true",
        help="a vevőnek nincs adószáma, és nem ÁFA-alany (pl. egyesület, alapítvány)",
    )
    p_storno = inv_sub.add_parser("storno", help="számla sztornózása sztornó számlával")
    p_storno.add_argument("number", help="a sztornózandó számla sorszáma")
    p_storno.add_argument("--pdf", type=Path)
    p_storno.add_argument("--nav-xml", type=Path)
    p_modify = inv_sub.add_parser("modify", help="helyesbítő számla (visszáru, árváltozás)")
    p_modify.add_argument("number", help="a helyesbítendő számla sorszáma")
    p_modify.add_argument(
        "--line",
        action="append",
        default=[],
        metavar="N=MENNY",
        help="az eredeti számla N. tételéből (vagy az egyetlen ilyen kódú tételéből) ennyi jön vissza "
        "(visszáru), pl. --line 2=1 vagy --line FURO-1=1",
    )
    p_modify.add_argument(
        "--price",
        action="append",
        default=[],
        metavar="N=VÁLTOZÁS",
        help="az N. tétel egységárának változása (a tétel árazása szerint), pl. --price 1=-500",
    )
    p_modify.add_argument("--pdf", type=Path)
    p_modify.add_argument("--nav-xml", type=Path)
    for name, what in (
        ("pdf", "a kiállított számla PDF-je (másolat) a pillanatképből"),
        ("xml", "a NAV-adat"),
    ):
        p_out = inv_sub.add_parser(name, help=what)
        p_out.add_argument("number", help="a számla sorszáma")
        p_out.add_argument("file", type=Path)


def run(db: Any, args: argparse.Namespace) -> int:
    command = args.invoice_command
    if command in ("pdf", "xml"):
        return _reprint(db, args)
    if command == "from-order":
        return _from_order(db, args)
    return _correction(db, args)


def _reprint(db: Any, args: argparse.Namespace) -> int:
    from app.services import invoicing

    with db.reading() as session:
        invoice = invoicing.find_document(session, args.number)
        if args.invoice_command == "pdf":
            _, pdf = invoicing.invoice_pdf(session, invoice.id)
            args.file.write_bytes(pdf)
        else:
            invoicing.snapshot_of(session, invoice.id)  # refuses what is not an issued invoice
            args.file.write_text(invoice.nav_xml, encoding="utf-8")
    print(f"Kiírva: {args.file}")
    return 0


def _from_order(db: Any, args: argparse.Namespace) -> int:
    from app.services import invoicing
    from app.services.invoice_drafts import InvoiceOptions, prepare_from_order

    options = InvoiceOptions(
        fulfilment_date=args.delivery_date,
        exchange_rate=_decimal(args.rate, "árfolyam") if args.rate else None,
        not_vat_subject=args.not_vat_subject,
        late_fulfilment_confirmed=args.yes,
    )
    with db.reading() as session:
        order = invoicing.find_document(session, args.order)
    _check_buyer_at_nav(db, order.customer_tax_number)
    with db.reading() as session:
        draft = prepare_from_order(session, order.id, options)
        print(draft.preview_text())
    if draft.problems:
        hints = {
            "not_vat_subject": "--not-vat-subject",
            "exchange_rate": "--rate ÁRFOLYAM",
            "late_fulfilment": "--yes",
        }
        wanted = [hints[p.resolves_by] for p in draft.problems if p.resolves_by in hints]
        if wanted:
            print(f"A kiállításhoz: {' '.join(dict.fromkeys(wanted))}", file=sys.stderr)
        print("A számla nem készült el.", file=sys.stderr)
        return 1
    if not args.yes and not _confirm("Kiállítja a számlát? [i/N] "):
        print("Nem készült számla.", file=sys.stderr)
        return 1
    with db.issuing() as session:
        invoice = invoicing.invoice_from_order(session, order.id, options)
        facts = _facts(invoice)
    _write_outputs(db, args, facts)
    _report_to_nav(db, facts["id"])
    failed = _write_back(db, facts["shop_id"]) if facts["shop_id"] is not None else False
    if args.email:
        failed = _email(db, facts["id"]) or failed
    return 1 if failed else 0


def _correction(db: Any, args: argparse.Namespace) -> int:
    from app.services import invoice_corrections as corrections
    from app.services import invoicing

    with db.issuing() as session:
        original = invoicing.find_document(session, args.number)
        if args.invoice_command == "storno":
            invoice = corrections.storno_invoice(session, original.id)
        else:
            changes = _changes(session, original.id, args.line, args.price)
            invoice = corrections.modify_invoice(session, original.id, changes)
        facts = _facts(invoice)
    _write_outputs(db, args, facts)
    _report_to_nav(db, facts["id"])
    return 0


def _changes(session: Any, invoice_id: int, lines: list[str], prices: list[str]) -> list[Any]:
    from app.services.invoice_corrections import LineChange, line_number

    returned: dict[int, Decimal] = {}
    changed: dict[int, Decimal] = {}
    for target, items, what in ((returned, lines, "mennyiség"), (changed, prices, "árváltozás")):
        for item in items:
            reference, sep, value = item.partition("=")
            if not sep or not reference.strip():
                raise ValidationError(
                    f"Érvénytelen tétel: „{item}” (helyesen: N=ÉRTÉK vagy TERMÉKKÓD=ÉRTÉK, pl. 2=1)."
                )
            number = line_number(session, invoice_id, reference)
            target[number] = abs(_decimal(value, what)) if target is returned else _decimal(value, what)
    numbers = sorted(set(returned) | set(changed))
    return [LineChange(n, returned.get(n, Decimal(0)), changed.get(n)) for n in numbers]


def _check_buyer_at_nav(db: Any, tax_number: str) -> None:
    """The buyer's tax number asked at NAV (cached) before the preview; silent without settings."""
    if not tax_number:
        return
    from app.credentials import CredentialStore
    from app.sync.nav_taxpayers import check_tax_number

    check_tax_number(db, CredentialStore(), tax_number)


def _report_to_nav(db: Any, invoice_id: int) -> None:
    """Issued means reported: one sending pass right away, its answer awaited for a short while."""
    from app.credentials import CredentialStore
    from app.services import nav_outbox
    from app.sync.nav_sender import send_reports
    from app.timeutil import program_clock

    result = send_reports(db, CredentialStore(), clock=program_clock(), until_answered=True, max_wait=20)
    with db.reading() as session:
        row = nav_outbox.report_of(session, invoice_id)
    if row is None:
        return
    reason = row.last_error or "; ".join(dict.fromkeys(result.held + result.errors))
    print(f"NAV: {row.label}" + (f" ({reason})" if reason and row.state != "DONE" else ""))


def _facts(invoice: Any) -> dict[str, Any]:
    from app.invoice_data.snapshot import InvoiceSnapshot

    snap = InvoiceSnapshot.from_json(invoice.snapshot)
    return {
        "id": invoice.id,
        "number": invoice.number,
        "title": snap.title,
        "payable": snap.payable,
        "currency": snap.currency,
        "pdf": invoice.pdf,
        "nav_xml": invoice.nav_xml,
        "shop_id": invoice.shop_id,
    }


def _write_outputs(db: Any, args: argparse.Namespace, facts: dict[str, Any]) -> None:
    currency = "Ft" if facts["currency"] == "HUF" else facts["currency"]
    print(f"Elkészült: {facts['title']} {facts['number']} (fizetendő: {facts['payable']} {currency})")
    if getattr(args, "pdf", None):
        args.pdf.write_bytes(facts["pdf"])  # the original, as issued
        print(f"PDF: {args.pdf}")
    if getattr(args, "nav_xml", None):
        args.nav_xml.write_text(facts["nav_xml"], encoding="utf-8")
        print(f"NAV-adat: {args.nav_xml}")


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        print("Megerősítés kellene, de nincs terminál: futtassa a --yes kapcsolóval.", file=sys.stderr)
        return False
    return input(question).strip().lower() in ("i", "igen", "y", "yes")


def _decimal(text: str, what: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ".").replace(" ", ""))
    except InvalidOperation as exc:
        raise ValidationError(f"Érvénytelen {what}: {text}") from exc


def _email(db: Any, invoice_id: int) -> bool:
    from app.credentials import CredentialStore
    from app.errors import AppError
    from app.services.invoice_mail import send_invoice

    try:
        send_invoice(db, CredentialStore(), invoice_id)
        print("E-mailben elküldve.")
        return False
    except AppError as exc:  # the invoice exists, only the e-mail failed
        print(f"Hiba: {exc.user_message}", file=sys.stderr)
        return True


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
