"""`bolthid supplier …` and `bolthid receipt …`: suppliers, receipts from them, and reversing one."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.arg_types import iso_date
from app.cli.output import EXIT_OK, print_json, print_table
from app.errors import ValidationError


def add_parser(sub: Any) -> None:
    p_supplier = sub.add_parser("supplier", help="szállítók")
    sup_sub = p_supplier.add_subparsers(dest="supplier_command", required=True)
    p_add = sup_sub.add_parser("add", help="új szállító")
    p_add.add_argument("name")
    for option, what in (
        ("--tax-number", "adószám (ellenőrzőszámjeggyel)"),
        ("--bank-account", "bankszámlaszám"),
        ("--postal-code", "irányítószám"),
        ("--city", "település"),
        ("--street", "utca, házszám"),
        ("--contact", "kapcsolattartó neve"),
        ("--email", "e-mail cím"),
        ("--phone", "telefonszám"),
    ):
        p_add.add_argument(option, default="", help=what)
    p_list = sup_sub.add_parser("list", help="a szállítók listája")
    p_list.add_argument("--json", action="store_true")

    p_receipt = sub.add_parser("receipt", help="bevételezés szállítótól")
    rec_sub = p_receipt.add_subparsers(dest="receipt_command", required=True)
    p_new = rec_sub.add_parser("add", help="bevételezés: a készlet nő, a beszerzési ár frissül")
    p_new.add_argument("--supplier", required=True, help="a szállító neve")
    p_new.add_argument("--warehouse", help="a raktár neve (alapból az első)")
    p_new.add_argument("--invoice-number", default="", help="a szállítói számla sorszáma")
    p_new.add_argument("--invoice-date", type=iso_date, help="a szállítói számla kelte ÉÉÉÉ-HH-NN")
    p_new.add_argument(
        "--line",
        action="append",
        required=True,
        metavar="KÓD=MENNY@ÁR",
        help="tétel: termékkód, mennyiség és nettó beszerzési egységár, pl. --line FURO-1=10@4500",
    )
    p_new.add_argument("--json", action="store_true")
    p_reverse = rec_sub.add_parser("reverse", help="bevételezés sztornója (negatív bevételezés)")
    p_reverse.add_argument("number", help="a bevételezés sorszáma")


def run(db: Any, args: argparse.Namespace) -> int:
    if args.command == "supplier":
        return _supplier(db, args)
    return _receipt(db, args)


def _supplier(db: Any, args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from app.db.partners import Supplier
    from app.services import suppliers

    if args.supplier_command == "add":
        data = suppliers.SupplierInput(
            name=args.name,
            tax_number=args.tax_number,
            bank_account=args.bank_account,
            postal_code=args.postal_code,
            city=args.city,
            street=args.street,
            contact_name=args.contact,
            email=args.email,
            phone=args.phone,
        )
        with db.transaction() as session:
            supplier = suppliers.create_supplier(session, data)
            print(f"Szállító felvéve: {supplier.name} (azonosító: {supplier.id})")
        return EXIT_OK
    with db.reading() as session:
        rows = [
            {"name": s.name, "tax_number": s.tax_number, "city": s.city, "bank_account": s.bank_account}
            for s in session.scalars(select(Supplier).order_by(Supplier.name))
        ]
    if args.json:
        print_json(rows)
    else:
        print_table(["Név", "Adószám", "Település", "Bankszámla"], [tuple(r.values()) for r in rows])
    return EXIT_OK


def _receipt(db: Any, args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from app.cli.lines import code_quantity_and_price, product_id
    from app.db.documents import Document
    from app.services import documents as docs
    from app.services import suppliers
    from app.sync.shops import warehouse_id

    with db.transaction() as session:
        if args.receipt_command == "reverse":
            original = session.scalar(select(Document).where(Document.number == args.number.strip()))
            if original is None:
                raise ValidationError(f"Nincs ilyen bizonylat: {args.number}")
            reversal = docs.reverse_receipt(session, original.id)
            print(
                f"Sztornó bevételezés: {reversal.number} "
                f"(a(z) {original.number} tételei kikerültek a készletből)"
            )
            return EXIT_OK
        supplier = suppliers.find_supplier(session, args.supplier)
        lines = []
        for text in args.line:
            code, quantity, unit_price = code_quantity_and_price(text)
            product = product_id(session, code)
            lines.append(docs.LineInput(quantity, product, unit_price=unit_price, price_is_gross=False))
        receipt = docs.create_purchase_receipt(
            session,
            docs.DocumentInput(
                lines=lines,
                warehouse_id=warehouse_id(session, args.warehouse),
                supplier_id=supplier.id,
                supplier_invoice_number=args.invoice_number,
                supplier_invoice_date=args.invoice_date,
            ),
        )
        done: dict[str, Any] = {
            "number": receipt.number,
            "supplier": supplier.name,
            "supplier_invoice_number": receipt.supplier_invoice_number,
            "net_total": receipt.net_total,
            "lines": [{"code": ln.product_code, "quantity": ln.quantity} for ln in receipt.lines],
        }
    if args.json:
        print_json(done)
    else:
        print(f"Bevételezés: {done['number']} – {supplier.name}, {len(done['lines'])} tétel")
    return EXIT_OK
