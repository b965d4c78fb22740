"""`bolthid picking-list` and `bolthid delivery-note`: the warehouse's papers for webshop orders."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.output import EXIT_OK, print_json


def add_parser(sub: Any) -> None:
    p_pick = sub.add_parser("picking-list", help="szedőlista (PDF) a megadott nyitott rendelésekhez")
    p_pick.add_argument("file", type=Path, help="a PDF fájl")
    p_pick.add_argument("orders", nargs="+", metavar="RENDELÉS", help="a rendelések sorszáma")
    p_pick.add_argument("--json", action="store_true")
    p_note = sub.add_parser("delivery-note", help="szállítólevél (PDF) egy rendeléshez")
    p_note.add_argument("order", metavar="RENDELÉS", help="a rendelés sorszáma")
    p_note.add_argument("file", type=Path, help="a PDF fájl")
    p_note.add_argument("--json", action="store_true")


def run(db: Any, args: argparse.Namespace) -> int:
    from app.formatting import format_quantity
    from app.services import picking
    from app.services.invoicing import find_document

    if args.command == "picking-list":
        with db.reading() as session:
            ids = [find_document(session, number).id for number in args.orders]
            made = picking.picking_list(session, ids)
        pdf = picking.render_picking(made)
        args.file.write_bytes(pdf)
        rows = [
            {"warehouse": r.warehouse, "location": r.location, "code": r.code, "quantity": r.quantity}
            for r in made.rows
        ]
        if args.json:
            print_json({"file": str(args.file), "rows": rows})
        else:
            for r in made.rows:
                print(f"{r.warehouse}\t{r.location or '–'}\t{r.code}\t{format_quantity(r.quantity)} {r.unit}")
            print(f"Szedőlista kiírva: {args.file} ({len(rows)} sor, {len(ids)} rendelés)")
        return EXIT_OK
    with db.transaction() as session:
        number, pdf = picking.delivery_note_pdf(session, find_document(session, args.order).id)
    args.file.write_bytes(pdf)
    if args.json:
        print_json({"file": str(args.file), "number": number})
    else:
        print(f"Szállítólevél {number} kiírva: {args.file}")
    return EXIT_OK
