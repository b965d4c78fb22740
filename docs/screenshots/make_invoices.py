"""Renders docs/screenshots/invoice.png, storno.png and modifying_invoice.png from real invoices.

Run:  .venv/bin/python docs/screenshots/make_invoices.py   (needs pdftoppm from poppler-utils)

The invoices are made through the same services the program uses, in a throw-away data folder, and the
PDF pages are turned into PNG so that a reviewer sees what the buyer receives.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from decimal import Decimal as D
from pathlib import Path

from sqlalchemy.orm import Session

HERE = Path(__file__).parent
TODAY = date(2026, 12, 1)


def fill(session: Session) -> tuple[int, int, int]:
    from sqlalchemy import select

    from app.db.catalog import PaymentMethod, ProductKind
    from app.db.company import Company
    from app.services import documents as docs
    from app.services.customers import CustomerInput, create_customer
    from app.services.invoice_corrections import LineChange, modify_invoice, storno_invoice
    from app.services.invoicing import invoice_from_order
    from app.services.products import ProductInput, create_product

    company = session.scalar(select(Company))
    assert company is not None
    company.name = "Bolthíd Szerszámbolt Kft."
    company.tax_number = "12345676-2-41"
    company.postal_code, company.city, company.street = "1111", "Budapest", "Fő utca 1."
    company.bank_account = "11111111-22222222-33333333"
    company.email = "bolt@example.hu"

    items = [
        ("FURO-1", "Árvíztűrő tükörfúrógép", "27%", "45990", ProductKind.GOODS),
        ("KONYV-BARKACS", "Barkácskönyv kezdőknek", "5%", "4990", ProductKind.GOODS),
        ("BELYEG-KESZLET", "Bélyegkészlet (gyűjtői)", "TAM", "1500", ProductKind.GOODS),
        ("SZOLG-SZALLITAS", "Szállítási díj", "27%", "1490", ProductKind.SERVICE),
        ("SZOLG-KEDVEZMENY", "Kupon: TELIVASAR10", "27%", "-1299", ProductKind.SERVICE),
    ]
    roles = {"SZOLG-SZALLITAS": "shipping", "SZOLG-KEDVEZMENY": "discount"}
    products = {}
    for code, name, vat, price, kind in items:
        products[code] = create_product(
            session,
            ProductInput(code=code, name=name, vat_code=vat, kind=kind, gross_price=abs(D(price))),
        )
        if kind == ProductKind.GOODS:
            docs.create_purchase_receipt(
                session,
                docs.DocumentInput(lines=[docs.LineInput(D(20), products[code].id, unit_price=D(1000))]),
            )
    buyer = create_customer(
        session,
        CustomerInput(
            name="Őrült Ügyfél Kft.",
            email="ugyfel@example.hu",
            is_private=False,
            tax_number="87654323-2-13",
            billing_postal_code="6720",
            billing_city="Szeged",
            billing_street="Kárász u. 2.",
        ),
    )

    card = session.scalar(select(PaymentMethod).where(PaymentMethod.name == "Bankkártya"))
    assert card is not None

    def order(lines: list[tuple[str, str]], note: str) -> int:
        data = docs.DocumentInput(
            lines=[
                docs.LineInput(
                    D(qty),
                    products[code].id,
                    unit_price=D(next(i[3] for i in items if i[0] == code)),
                    price_is_gross=True,
                    vat_code=next(i[2] for i in items if i[0] == code),
                    role=roles.get(code),
                )
                for code, qty in lines
            ],
            customer_id=buyer.id,
            header_note=note,
            payment_method_id=card.id,
        )
        return docs.create_customer_order(session, data).id

    webshop = order(
        [
            ("FURO-1", "2"),
            ("KONYV-BARKACS", "1"),
            ("BELYEG-KESZLET", "1"),
            ("SZOLG-SZALLITAS", "1"),
            ("SZOLG-KEDVEZMENY", "1"),
        ],
        "Webáruház rendelés: 1000-17",
    )
    invoice = invoice_from_order(session, webshop, today=TODAY)
    cancelled = invoice_from_order(
        session, order([("FURO-1", "1")], "Webáruház rendelés: 1000-18"), today=TODAY
    )
    storno = storno_invoice(session, cancelled.id, today=TODAY)
    modification = modify_invoice(
        session,
        invoice.id,
        [LineChange(number=1, returned=D(1)), LineChange(number=2, price_change=D(-500))],
        today=TODAY,
    )
    return invoice.id, storno.id, modification.id


def main() -> None:
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm is missing (Debian: poppler-utils)")
    os.environ["BOLTHID_HOME"] = tempfile.mkdtemp()
    from app.bootstrap import open_database
    from app.services.invoicing import invoice_pdf

    db = open_database()
    with db.issuing() as session:
        ids = fill(session)
    with db.sessions() as session:
        for name, doc_id in zip(("invoice", "storno", "modifying_invoice"), ids, strict=True):
            _, pdf = invoice_pdf(session, doc_id, original=True)
            with tempfile.TemporaryDirectory() as tmp:
                source = Path(tmp, "page.pdf")
                source.write_bytes(pdf)
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(source), str(Path(tmp, "p"))],
                    check=True,
                )
                page = next(Path(tmp).glob("p*.png"))
                shutil.copy(page, HERE / f"{name}.png")
            print(f"written {HERE / f'{name}.png'}", file=sys.stderr)


if __name__ == "__main__":
    main()
