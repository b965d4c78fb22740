"""Headless commands: the same services the GUI calls, for scripts, schedulers and tests."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
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
    parser.add_argument(
        "--demo",
        action="store_true",
        help="tesztelési üzemmód: a beépített tesztbolt indul demóadatokkal (friss adatbázisnál)",
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser(
        "demo", help="grafikus felület nélküli bemutató: tesztbolt, rendelésszinkron, termékküldés"
    )
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
    p_shop = sub.add_parser("shop", help="webáruházak kezelése")
    shop_sub = p_shop.add_subparsers(dest="shop_command", required=True)
    p_add = shop_sub.add_parser("add", help="webáruház felvétele (nem hívja meg a webáruházat)")
    p_add.add_argument("name")
    p_add.add_argument("--api-key", required=True)
    p_add.add_argument("--url", default=None, help="API cím (alapból https://api.unas.eu/shop/)")
    p_add.add_argument("--warehouse", help="a rendelések ebből a raktárból foglalnak")
    p_add.add_argument(
        "--stock-warehouse", action="append", default=[], help="készletküldés raktára (több is)"
    )
    p_add.add_argument("--billable-only", action="store_true", help="csak a számlázható rendelések")
    p_add.add_argument("--series", help="a rendelések sorszám-előtagja")
    p_add.add_argument(
        "--since", type=date.fromisoformat, help="az első szinkron ettől a naptól hoz rendelést"
    )
    p_test = shop_sub.add_parser("test", help="belépés a webáruházba (kapcsolatteszt)")
    p_test.add_argument("name")
    p_map = shop_sub.add_parser("map", help="megfeleltetés: a webáruház szava → saját törzsadat")
    p_map.add_argument("name", help="a webáruház neve")
    p_map.add_argument("--kind", choices=["vat", "payment", "shipping", "service"], required=True)
    p_map.add_argument("--shop-value", required=True, help='pl. "0%%" vagy "Utánvét" vagy "shipping-cost"')
    p_map.add_argument("--to", required=True, help="ÁFA-kód, fizetési/szállítási mód neve vagy termékkód")
    p_slist = shop_sub.add_parser("list", help="a webáruházak listája")
    p_slist.add_argument("--json", action="store_true")
    p_sync = sub.add_parser("sync", help="szinkronizálás")
    p_sync.add_argument(
        "--loop",
        action="store_true",
        help="automatikus szinkron grafikus felület nélkül (webáruházanként a beállított időközönként), "
        "Ctrl+C vagy SIGTERM állítja le",
    )
    sync_sub = p_sync.add_subparsers(dest="sync_command")
    p_sorders = sync_sub.add_parser("orders", help="Webáruház szinkron: új és módosult rendelések")
    p_sorders.add_argument("--shop", help="csak ez a webáruház (alapból mind)")
    p_sorders.add_argument("--json", action="store_true")
    p_sproducts = sync_sub.add_parser(
        "products", help="Termék szinkron: webáruházas termékek, képek, készlet"
    )
    p_sproducts.add_argument("--shop", help="csak ez a webáruház (alapból mind)")
    p_sproducts.add_argument("--yes", action="store_true", help="az első küldés megerősítése")
    p_sproducts.add_argument("--json", action="store_true")
    p_import = sub.add_parser("import", help="törzsadatok importálása")
    import_sub = p_import.add_subparsers(dest="import_command", required=True)
    p_ifile = import_sub.add_parser("products", help="termékek Excel (.xlsx) vagy CSV fájlból")
    p_ifile.add_argument("file", type=Path)
    p_ifile.add_argument("--dry-run", action="store_true", help="csak ellenőrzés, semmit nem ment")
    p_ifile.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="OSZLOP=MEZŐ",
        help="kézi oszlop-megfeleltetés, pl. Ár=net_price",
    )
    p_ishop = import_sub.add_parser("from-shop", help="termékek és készlet egy csatlakoztatott webáruházból")
    p_ishop.add_argument("name", help="a webáruház neve")
    from app import cli_invoice

    cli_invoice.add_parser(sub)
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
        from app.sandbox.serve import serve

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
        if args.command == "shop":
            return _shop(db, args)
        if args.command == "import":
            return _import(db, args)
        if args.command == "demo":
            return _demo(db)
        if args.command == "invoice":
            from app import cli_invoice

            return cli_invoice.run(db, args)
        if args.command == "sync" and args.loop:
            return _sync_loop(db)
        if args.command == "sync" and args.sync_command is None:
            raise AppError("Adja meg, mit szinkronizáljon: sync orders, sync products vagy sync --loop.")
        if args.command == "sync" and args.sync_command == "products":
            return _sync_products(db, args)
        if args.command == "sync":
            return _sync_orders(db, args)
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


def _shop(db: Any, args: argparse.Namespace) -> int:
    from app.credentials import CredentialStore
    from app.sync import shops

    creds = CredentialStore()
    if args.shop_command == "add":
        data = shops.ShopInput(
            name=args.name,
            api_key=args.api_key,
            base_url=args.url or shops.DEFAULT_UNAS_URL,
            order_warehouse=args.warehouse,
            stock_warehouses=args.stock_warehouse,
            billable_only=args.billable_only,
            series_prefix=args.series,
            import_since=args.since,
        )
        shop_id = shops.add_shop(db, creds, data)
        print(f"Webáruház felvéve: {args.name} (azonosító: {shop_id}). {creds.describe()}")
        return 0
    if args.shop_command == "map":
        from app.sync.matching.mappings import map_to_name

        with db.transaction() as session:
            shop = shops.find_shop(session, args.name)
            map_to_name(session, shop.id, args.kind, args.shop_value, args.to)
        print(
            f"Megfeleltetés mentve: „{args.shop_value}” → {args.to}. A várakozó rendeléseket a következő "
            "szinkron újra megpróbálja."
        )
        return 0
    if args.shop_command == "test":
        with db.reading() as session:
            shop_id = shops.find_shop(session, args.name).id
        info = shops.test_connection(db, creds, shop_id)
        print(
            f"Kapcsolat rendben: {info.webshop_name or args.name}, csomag: {info.subscription}, "
            f"jogosultságok: {', '.join(info.permissions)}"
        )
        return 0
    with db.reading() as session:
        records = shops.shop_records(session)
    if args.json:
        _print_json(records)
    else:
        _print_table(
            ["Név", "API cím", "Előtag", "Raktár", "Csak számlázható"],
            [
                (r["name"], r["base_url"], r["series_prefix"], r["order_warehouse"], r["billable_only"])
                for r in records
            ],
        )
    return 0


def _import(db: Any, args: argparse.Namespace) -> int:
    from app.services import product_import as imp

    if args.import_command == "from-shop":
        from app.credentials import CredentialStore
        from app.sync import shops
        from app.sync.shop_import import import_from_shop

        with db.reading() as session:
            shop_id = shops.find_shop(session, args.name).id
        report = import_from_shop(db, shop_id, shops.shop_client(db, CredentialStore(), shop_id))
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


def _demo(db: Any) -> int:
    """The headless demo: what the GUI's test mode does, printed step by step."""
    from app.credentials import CredentialStore
    from app.sync.product_sync import push_products
    from app.sync.scheduler import run_shop
    from app.sync.test_mode import start_test_shop

    creds = CredentialStore()
    test = start_test_shop(db, creds)
    try:
        print(f"Tesztbolt elindult: {test.server.base_url} (API kulcs: a beépített tesztkulcs)")
        if test.imported:
            print(test.imported)
        run = run_shop(db, creds, test.shop_id, trigger="cli", products=False)
        print(run.summary())
        from app.sync import shops

        pushed = push_products(
            db, test.shop_id, shops.shop_client(db, creds, test.shop_id), confirmed=True, pull_orders=False
        )
        print(pushed.summary())
        for code, reason in pushed.errors:
            print(f"  {code}: {reason}")
        print("A rendelések: bolthid list orders; a készlet: bolthid stock; a napló a grafikus felületen.")
    finally:
        test.server.stop()
    return 0


def _sync_loop(db: Any) -> int:
    import signal
    import threading

    from app.credentials import CredentialStore
    from app.sync.scheduler import loop

    stop = threading.Event()

    def request_stop(signum: int, _frame: Any) -> None:
        print("Leállítás: a folyamatban lévő tétel befejeződik…", file=sys.stderr, flush=True)
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, request_stop)
    if hasattr(signal, "SIGBREAK"):  # Windows console close / Ctrl+Break
        signal.signal(signal.SIGBREAK, request_stop)
    print("Automatikus szinkron fut (Ctrl+C a leállításhoz).", flush=True)

    def show(result: Any) -> None:
        print(result.summary(), flush=True)

    import os
    from datetime import timedelta

    # For demos and tests: seconds instead of the shops' own minutes.
    seconds = os.environ.get("BOLTHID_SYNC_INTERVAL_SECONDS")
    interval = timedelta(seconds=float(seconds)) if seconds else None
    tick = float(os.environ.get("BOLTHID_SYNC_TICK_SECONDS", "20"))
    loop(db, CredentialStore(), stop, tick_seconds=tick, interval=interval, on_result=show)
    print("A szinkron leállt.", flush=True)
    return 0


def _shop_ids(db: Any, name: str | None) -> list[int]:
    from sqlalchemy import select

    from app.db.shops import Shop
    from app.sync import shops

    with db.reading() as session:
        if name:
            return [shops.find_shop(session, name).id]
        return list(session.scalars(select(Shop.id).where(Shop.active.is_(True)).order_by(Shop.id)))


def _sync_products(db: Any, args: argparse.Namespace) -> int:
    from app.credentials import CredentialStore
    from app.progress import ConsoleProgress
    from app.sync import shops
    from app.sync.product_sync import push_products

    creds = CredentialStore()
    reports = []
    failed = False
    for shop_id in _shop_ids(db, args.shop):
        try:
            client = shops.shop_client(db, creds, shop_id)
            report = push_products(
                db, shop_id, client, confirmed=args.yes, progress=None if args.json else ConsoleProgress()
            )
        except AppError as exc:
            failed = True
            print(f"Hiba: {exc.user_message}", file=sys.stderr)
            continue
        reports.append(report)
        failed = failed or bool(report.errors) or not report.complete or report.needs_confirmation
        if args.json:
            continue
        if report.needs_confirmation and report.plan is not None:
            print(report.plan.preview_text())
            print("Semmit nem küldtünk el. Ha rendben van, futtassa újra a --yes kapcsolóval.")
            continue
        if report.orders is not None:
            print(report.orders.summary())
        print(report.summary())
        for code, reason in report.errors:
            print(f"  {code}: {reason}")
        for message in report.messages:
            print(f"  {message}")
    if args.json:
        _print_json([_product_report_record(r) for r in reports])
    return 1 if failed else 0


def _product_report_record(report: Any) -> dict[str, Any]:
    plan = report.plan
    return {
        "shop": report.shop,
        "complete": report.complete,
        "needs_confirmation": report.needs_confirmation,
        "created": report.created,
        "updated": report.updated,
        "images": report.images,
        "stock": report.stock,
        "products_touched": len(report.touched),
        "errors": [{"code": c, "message": m} for c, m in report.errors],
        "messages": report.messages,
        "orders": vars(report.orders) if report.orders is not None else None,
        "preview": {"create": plan.create, "overwrite": plan.overwrite} if plan is not None else None,
    }


def _sync_orders(db: Any, args: argparse.Namespace) -> int:
    from app.credentials import CredentialStore
    from app.progress import ConsoleProgress
    from app.sync import shops
    from app.sync.order_sync import sync_orders

    creds = CredentialStore()
    ids = _shop_ids(db, args.shop)
    reports = []
    failed = False
    for shop_id in ids:
        try:
            client = shops.shop_client(db, creds, shop_id)
            report = sync_orders(db, shop_id, client, None if args.json else ConsoleProgress())
        except AppError as exc:
            failed = True
            print(f"Hiba: {exc.user_message}", file=sys.stderr)
            continue
        reports.append(report)
        failed = failed or bool(report.errors) or not report.complete
        if not args.json:
            print(report.summary())
            for message in report.messages:
                print(f"  {message}")
    if args.json:
        _print_json([vars(r) for r in reports])
    return 1 if failed else 0


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
