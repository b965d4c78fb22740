"""`bolthid list|stock|import|backup|restore`: the records, the stock and the master-data files."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.output import print_json, print_table
from app.errors import AppError


def list_records(db: Any, what: str, as_json: bool) -> int:
    from app.services import records
    from app.services.listing import LISTS

    with db.reading() as session:
        if as_json:
            if what == "products":
                data = records.product_records(session)
            elif what == "customers":
                data = records.customer_records(session)
            elif what in records.DOCUMENT_KINDS:
                data = records.document_records(session, records.DOCUMENT_KINDS[what])
            else:  # the stock lists: their columns by key
                keys = [c.key for c in LISTS[what].columns]
                data = [dict(zip(keys, row[1:], strict=True)) for row in LISTS[what].rows(session)]
            print_json(data)
            return 0
        spec = LISTS[what]
        rows = spec.rows(session)
    print_table([c.title for c in spec.columns], [r[1:] for r in rows])
    return 0


def stock(db: Any, as_json: bool) -> int:
    from app.services import records

    with db.reading() as session:
        data = records.stock_records(session)
    if as_json:
        print_json(data)
    else:
        print_table(
            ["Termékkód", "Megnevezés", "Raktár", "Készlet", "Foglalt", "Szabad"],
            [tuple(r.values()) for r in data],
        )
    return 0


def import_products(db: Any, args: argparse.Namespace) -> int:
    from app.services import product_import as imp

    if args.import_command == "from-shop":
        from app.credentials import CredentialStore
        from app.sync import shops
        from app.sync.shop_import import import_from_shop

        with db.reading() as session:
            shop_id = shops.find_shop(session, args.name).id
        client = shops.shop_client(db, CredentialStore(), shop_id)
        report = import_from_shop(db, shop_id, client)
        if args.customers:
            from app.sync.customer_import import import_customers

            print(import_customers(db, shop_id, client).summary())
    else:
        table = imp.read_table(args.file)
        mapping = imp.guess_mapping(table.headers)
        for item in args.map:
            header, _, field_name = item.partition("=")
            if field_name not in imp.FIELDS or header not in table.headers:
                raise AppError(f"Érvénytelen megfeleltetés: {item} (mezők: {', '.join(imp.FIELDS)})")
            mapping[table.headers.index(header)] = field_name
        columns = ", ".join(f"{table.headers[i]} → {imp.FIELDS[f]}" for i, f in sorted(mapping.items()))
        print(f"Oszlopok: {columns}")
        with db.transaction() as session:
            report = imp.validate(session, table, mapping)
            if not args.dry_run:
                imp.apply(session, report)
    for number, reason in report.errors:
        print(f"  {number}. sor: {reason}", file=sys.stderr)
    for warning in report.warnings:
        print(f"  {warning}", file=sys.stderr)
    if getattr(args, "dry_run", False):
        print(f"Ellenőrzés: {len(report.good)} jó sor, {len(report.errors)} hibás sor. Semmi nem módosult.")
    else:
        print(report.summary())
    return 1 if report.errors else 0


def backup_or_restore(args: argparse.Namespace) -> int:
    from app.db.backup import backup_sqlite, make_test_copy, restore_sqlite, sqlite_file
    from app.db.engine import resolve_url

    db_file = sqlite_file(resolve_url(args.db))
    if db_file is None:
        raise AppError(
            "A mentés és visszaállítás itt csak a helyi (SQLite) adatbázishoz érhető el. "
            "PostgreSQL esetén a kiszolgáló mentési eszközét (pg_dump) használja."
        )
    if args.command == "backup" and args.test_copy:
        print(
            f"Tesztpéldány: {make_test_copy(db_file, args.path)} – saját azonosítót kapott, így a "
            "webáruházak API kulcsait és a jelszavakat hozzá újra meg kell adni (az eredetiéit nem látja)."
        )
    elif args.command == "backup":
        print(f"Mentve: {backup_sqlite(db_file, args.path)}")
    else:
        safety = restore_sqlite(args.path, db_file)
        print(f"Visszaállítva: {db_file}" + (f" (az előző állapot mentése: {safety})" if safety else ""))
    return 0
