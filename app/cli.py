"""Headless commands: the same services the GUI calls, for scripts, schedulers and tests."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app import __version__
from app.errors import AppError

LIST_KINDS = ("products", "customers", "orders", "invoices", "receipts")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bolthid",
        description="Bolthíd ügyviteli program. Paraméter nélkül a grafikus felület indul.",
    )
    parser.add_argument("--version", action="version", version=f"Bolthíd {__version__}")
    parser.add_argument(
        "--db", metavar="URL", help="adatbázis URL (alapértelmezés: BOLTHID_DB vagy a helyi SQLite)"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="megnyitja a főablakot, majd kilép (telepítés ellenőrzéséhez)"
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("migrate", help="az adatbázis frissítése a legújabb szerkezetre (előtte mentés)")
    p_list = sub.add_parser("list", help="lista kiírása")
    p_list.add_argument("what", choices=LIST_KINDS)
    p_list.add_argument("--json", action="store_true", help="JSON kimenet")
    p_stock = sub.add_parser("stock", help="készlet termékenként és raktáranként")
    p_stock.add_argument("--json", action="store_true", help="JSON kimenet")
    p_backup = sub.add_parser("backup", help="mentés az SQLite adatbázisról")
    p_backup.add_argument("path", type=Path)
    p_restore = sub.add_parser("restore", help="SQLite adatbázis visszaállítása mentésből")
    p_restore.add_argument("path", type=Path)
    p_sandbox = sub.add_parser("sandbox", help="a beépített UNAS-kompatibilis tesztbolt")
    sandbox_sub = p_sandbox.add_subparsers(dest="sandbox_command", required=True)
    p_serve = sandbox_sub.add_parser("serve", help="a tesztbolt indítása a 127.0.0.1 címen")
    p_serve.add_argument("--port", type=int, default=8765)
    p_serve.add_argument("--state", type=Path, help="állapotfájl (alapértelmezés: az adatmappában)")
    p_serve.add_argument("--api-key", help="további elfogadott API kulcs")
    p_serve.add_argument("--products", type=int, default=200, help="termékek száma új állapotfájlnál")
    p_serve.add_argument("--orders", type=int, default=60, help="rendelések száma új állapotfájlnál")
    p_serve.add_argument("--seed", type=int, default=1, help="a demóadatok véletlenmagja")
    return parser


def run(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except AppError as exc:
        print(f"Hiba: {exc.user_message}", file=sys.stderr)
        if exc.detail:
            print(f"Részletek: {exc.detail}", file=sys.stderr)
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    from app.bootstrap import open_database

    if args.command in ("backup", "restore"):
        return _backup_or_restore(args)
    if args.command == "sandbox":
        from app import paths
        from app.sandbox.server import serve

        state = args.state or paths.data_dir() / "sandbox.json"
        serve(state, args.port, args.api_key, args.products, args.orders, args.seed)
        return 0
    db = open_database(args.db)
    try:
        if db.backup_made:
            print(f"Mentés a frissítés előtt: {db.backup_made}", file=sys.stderr)
        if args.command == "migrate":
            print("Az adatbázis naprakész.")
            return 0
        if args.command == "list":
            return _list(db, args.what, args.json)
        if args.command == "stock":
            return _stock(db, args.json)
        raise AssertionError(args.command)
    finally:
        db.dispose()


def _list(db: Any, what: str, as_json: bool) -> int:
    from app.services import records
    from app.services.listing import LISTS

    with db.reading() as session:
        if as_json:
            if what == "products":
                data = records.product_records(session)
            elif what == "customers":
                data = records.customer_records(session)
            else:
                data = records.document_records(session, records.DOCUMENT_KINDS[what])
            _print_json(data)
            return 0
        spec = LISTS[what]
        rows = spec.rows(session)
    _print_table([c.title for c in spec.columns], [r[1:] for r in rows])
    return 0


def _stock(db: Any, as_json: bool) -> int:
    from app.services import records

    with db.reading() as session:
        data = records.stock_records(session)
    if as_json:
        _print_json(data)
    else:
        _print_table(
            ["Termékkód", "Megnevezés", "Raktár", "Készlet", "Foglalt", "Szabad"],
            [tuple(r.values()) for r in data],
        )
    return 0


def _backup_or_restore(args: argparse.Namespace) -> int:
    from app.db.backup import backup_sqlite, restore_sqlite, sqlite_file
    from app.db.engine import resolve_url

    db_file = sqlite_file(resolve_url(args.db))
    if db_file is None:
        raise AppError(
            "A mentés és visszaállítás itt csak a helyi (SQLite) adatbázishoz érhető el. "
            "PostgreSQL esetén a kiszolgáló mentési eszközét (pg_dump) használja."
        )
    if args.command == "backup":
        print(f"Mentve: {backup_sqlite(db_file, args.path)}")
    else:
        safety = restore_sqlite(args.path, db_file)
        print(f"Visszaállítva: {db_file}" + (f" (az előző állapot mentése: {safety})" if safety else ""))
    return 0


def _print_json(data: Any) -> None:
    from app.services.records import jsonable

    json.dump(jsonable(data), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _print_table(headers: list[str], rows: list[Sequence[Any]]) -> None:
    from app.services.records import jsonable

    text_rows = [["" if v is None else str(jsonable(v)) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in text_rows]) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    for r in text_rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))
