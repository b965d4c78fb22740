"""`bolthid transfer`: raktárközi átadás – goods from one warehouse to another."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.output import EXIT_OK, print_json


def add_parser(sub: Any) -> None:
    p_transfer = sub.add_parser("transfer", help="raktárközi átadás")
    p_transfer.add_argument("--from", dest="source", required=True, help="a forrásraktár neve")
    p_transfer.add_argument("--to", dest="target", required=True, help="a célraktár neve")
    p_transfer.add_argument(
        "--line",
        action="append",
        required=True,
        metavar="KÓD=MENNY",
        help="egy átadott tétel: termékkód és mennyiség, pl. --line FURO-1=2 (többször is)",
    )
    p_transfer.add_argument("--note", default="", help="megjegyzés a bizonylatra")
    p_transfer.add_argument("--json", action="store_true")


def run(db: Any, args: argparse.Namespace) -> int:
    from app.cli.lines import code_and_quantity, product_id
    from app.formatting import format_quantity
    from app.services import documents as docs
    from app.sync.shops import warehouse_id

    with db.transaction() as session:
        lines = []
        for text in args.line:
            code, quantity = code_and_quantity(text)
            lines.append(docs.LineInput(quantity, product_id(session, code)))
        doc = docs.create_transfer(
            session,
            warehouse_id(session, args.target),
            docs.DocumentInput(
                lines=lines, warehouse_id=warehouse_id(session, args.source), header_note=args.note
            ),
        )
        done = {
            "number": doc.number,
            "from": args.source,
            "to": args.target,
            "lines": [{"code": ln.product_code, "quantity": ln.quantity} for ln in doc.lines],
        }
    if args.json:
        print_json(done)
    else:
        items = ", ".join(f"{ln['code']} {format_quantity(ln['quantity'])}" for ln in done["lines"])
        print(f"Raktárközi átadás: {done['number']} ({args.source} → {args.target}): {items}")
    return EXIT_OK
