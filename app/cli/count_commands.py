"""`bolthid count …`: leltár – start, enter or import counted quantities, see the differences, close."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.output import EXIT_FAILED, EXIT_OK, print_json, print_table


def add_parser(sub: Any) -> None:
    p_count = sub.add_parser("count", help="leltár")
    c_sub = p_count.add_subparsers(dest="count_command", required=True)
    p_start = c_sub.add_parser("start", help="leltár indítása: a könyv szerinti készlet rögzül")
    p_start.add_argument("--warehouse", help="a raktár neve (alapból az első)")
    p_set = c_sub.add_parser("set", help="leltározott mennyiségek megadása")
    p_set.add_argument("number", help="a leltár sorszáma, pl. LT-2026-00001")
    p_set.add_argument("--line", action="append", required=True, metavar="KÓD=MENNY")
    p_import = c_sub.add_parser("import", help="leltározott mennyiségek .xlsx vagy CSV fájlból")
    p_import.add_argument("number")
    p_import.add_argument("file", type=Path)
    p_show = c_sub.add_parser("show", help="az eltérések a könyv szerinti készlethez képest")
    p_show.add_argument("number")
    p_show.add_argument("--json", action="store_true")
    p_close = c_sub.add_parser("close", help="lezárás: a hiány és a többlet lekönyvelése")
    p_close.add_argument("number")


def run(db: Any, args: argparse.Namespace) -> int:
    from app.cli.lines import code_and_quantity
    from app.formatting import format_quantity
    from app.services import stock_counts
    from app.sync.shops import warehouse_id

    if args.count_command == "start":
        with db.transaction() as session:
            count = stock_counts.start_count(session, warehouse_id(session, args.warehouse))
            print(
                f"Leltár indult: {count.number} ({len(count.lines)} termék könyv szerinti készlete rögzült)"
            )
        return EXIT_OK
    if args.count_command in ("set", "import", "close"):
        with db.transaction() as session:
            count = stock_counts.find_count(session, args.number)
            if args.count_command == "set":
                values = dict(code_and_quantity(text) for text in args.line)
                stock_counts.set_counted(session, count.id, values)
                print(f"{len(values)} leltározott mennyiség rögzítve ({count.number}).")
                return EXIT_OK
            if args.count_command == "import":
                report = stock_counts.import_counted(session, count.id, args.file)
                bad = len(report.errors)
                print(f"{report.applied} sor rögzítve, {bad} hibás sor kihagyva ({count.number}).")
                for error in report.errors:
                    print(f"  {error}")
                return EXIT_FAILED if report.errors else EXIT_OK
            closed = stock_counts.close_count(session, count.id)
            shortage, surplus = stock_counts.difference_value(session, count.id)
            print(
                f"A(z) {closed.number} leltár lezárva: hiány {format_quantity(shortage)} Ft, többlet "
                f"{format_quantity(surplus)} Ft beszerzési áron."
            )
            return EXIT_OK
    with db.reading() as session:
        count = stock_counts.find_count(session, args.number)
        rows = stock_counts.differences(session, count.id)
    if args.json:
        print_json(
            [
                {
                    "code": r.code,
                    "name": r.name,
                    "book": r.book,
                    "counted": r.counted,
                    "difference": r.difference,
                    "moved_since": r.moved_since,
                }
                for r in rows
            ]
        )
    else:
        print_table(
            ["Kód", "Megnevezés", "Könyv szerint", "Leltározott", "Eltérés", "Mozgás az indítás óta"],
            [(r.code, r.name, r.book, r.counted, r.difference, r.moved_since) for r in rows],
        )
    return EXIT_OK
